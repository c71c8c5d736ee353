'use strict'
// Every case of tests/vectors/ through `verify` and `verifyAsync`: the same outcomes as the
// Rust core, the Python package and the official SDKs.

const assert = require('node:assert/strict')
const { test } = require('node:test')
const hooksig = require('../..')
const { loadCases, caseBody } = require('./helpers.js')

const CASES = loadCases()
const MISUSE = ['invalid_secret', 'unknown_provider', 'invalid_argument']

function options(item) {
  return {
    method: item.method,
    url: item.url,
    headers: item.headers,
    body: caseBody(item),
    now: item.now,
    tolerance: item.tolerance,
    allowUnsignedBody: item.allow_unsigned_body,
  }
}

function checkAccepted(item, verified) {
  const { expect } = item
  assert.equal(verified.provider, item.provider)
  assert.equal(verified.scheme, expect.scheme)
  assert.equal(verified.header, expect.header)
  assert.equal(verified.secretIndex, expect.secret_index)
  assert.deepEqual({ ...verified.covers }, expect.covers)
  // Retell signs its timestamp (ms, in the signature header); Ranked sends one unsigned (s, in
  // its own header), still checked and reported; the others send none.
  assert.equal(verified.timestamp, expectedTimestamp(item), `${item.id}: timestamp`)
}

/** The timestamp the request carries, in Unix seconds, read from the vector's headers. */
function expectedTimestamp(item) {
  const header = (name) => item.headers.find(([each]) => each.toLowerCase() === name)?.[1]
  if (item.provider === 'retell') return Number(/(?:^|,)v=(\d+)/.exec(header('x-retell-signature'))[1]) / 1000
  if (item.provider === 'ranked') return Number(header('x-webhook-timestamp'))
  return null
}

function checkRejected(item, error) {
  const { code } = item.expect
  assert.equal(error.code, code, `${item.id}: ${error.message}`)
  // The vectors' misuse cases are the core's decisions (no wrong JavaScript types), so they
  // are ConfigurationErrors; every other code is a rejection.
  if (MISUSE.includes(code)) {
    assert.ok(error instanceof hooksig.ConfigurationError, `${item.id}: misuse must be a ConfigurationError: ${error}`)
    assert.equal(error.status, 500)
  } else {
    assert.ok(error instanceof hooksig.WebhookVerificationError, `${item.id}: ${error}`)
    assert.equal(error.name, 'WebhookVerificationError')
    assert.equal(error.status, 401)
  }
  for (const secret of item.secrets) {
    if (secret.length >= 4) assert.ok(!error.message.includes(secret), `${item.id}: the message shows a secret`)
  }
}

test('every vector through verify', () => {
  for (const item of CASES) {
    let verified
    try {
      verified = hooksig.verify(item.provider, item.secrets, options(item))
    } catch (error) {
      assert.ok(!item.expect.ok, `${item.id}: rejected with ${error.code}: ${error.message}`)
      checkRejected(item, error)
      continue
    }
    assert.ok(item.expect.ok, `${item.id}: accepted, expected ${item.expect.code}`)
    checkAccepted(item, verified)
  }
  assert.ok(CASES.length >= 170)
  assert.ok(CASES.some((item) => item.allow_unsigned_body) && CASES.some((item) => item.expect.code === 'body_not_covered'))
})

test('every vector through verifyAsync, with headers as an object and secrets as Buffers', async () => {
  for (const item of CASES) {
    const headers = {}
    for (const [name, value] of item.headers) (headers[name] ??= []).push(value)
    const opts = { ...options(item), headers, body: new Uint8Array(caseBody(item)) }
    let verified
    try {
      verified = await hooksig.verifyAsync(item.provider, item.secrets.map((s) => Buffer.from(s)), opts)
    } catch (error) {
      assert.ok(!item.expect.ok, `${item.id}: rejected with ${error.code}: ${error.message}`)
      checkRejected(item, error)
      continue
    }
    assert.ok(item.expect.ok, `${item.id}: accepted, expected ${item.expect.code}`)
    checkAccepted(item, verified)
  }
})
