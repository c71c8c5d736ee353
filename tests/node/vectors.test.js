'use strict'
// Every case of tests/vectors/ (every built-in provider) through `verify` and `verifyAsync`: the
// same outcomes as the Rust core, the Python package and the official SDKs. Then each
// provider's `describe(id)` handed back as a custom spec: the same outcome on every case.

const assert = require('node:assert/strict')
const { test } = require('node:test')
const hooksig = require('../..')
const { PROVIDERS, loadCases, caseBody } = require('./helpers.js')

const CASES = loadCases()
const SPECS = new Map(PROVIDERS.map((id) => [id, hooksig.describe(id)]))

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
  assert.ok(Object.isFrozen(verified))
  // The timestamp the request carries, read here from the case by the matched scheme's spec
  // (where it is and in which unit), independently of the core; null for a scheme without one.
  assert.equal(verified.timestamp, expectedTimestamp(item, verified), `${item.id}: timestamp`)
}

/** The first value of a header of the case (any case), under `names`. */
function headerOf(item, names) {
  const wanted = names.map((name) => name.toLowerCase())
  return item.headers.find(([name]) => wanted.includes(name.toLowerCase()))?.[1]
}

/** The request's timestamp in Unix seconds, as the matched scheme's spec says to read it. */
function expectedTimestamp(item, verified) {
  const scheme = SPECS.get(item.provider).schemes.find((each) => each.id === verified.scheme)
  const stamp = scheme?.timestamp
  if (stamp === undefined) return null
  let text
  if (stamp.source.header !== undefined) {
    text = headerOf(item, [stamp.source.header, ...(stamp.alternates ?? [])])
  } else if (stamp.source.field !== undefined) {
    const { separator } = scheme.signature.format
    const split = separator.trim()[0]
    const fields = headerOf(item, [verified.header]).split(split).map((part) => part.trim())
    const field = fields.find((part) => part.startsWith(`${stamp.source.field}=`))
    text = field.slice(stamp.source.field.length + 1)
  } else {
    let value = JSON.parse(caseBody(item).toString('utf8'))
    for (const part of stamp.source.json.split('/').slice(1)) value = value[part.replace(/~1/g, '/').replace(/~0/g, '~')]
    text = String(value)
  }
  if (stamp.unit === 's') return Number(text)
  if (stamp.unit === 'ms') return Number(text) / 1000
  return Date.parse(text) / 1000
}

function checkRejected(item, error) {
  const { code } = item.expect
  assert.equal(error.code, code, `${item.id}: ${error.message}`)
  // The vectors' misuse cases are the core's decisions (no wrong JavaScript types), so they
  // are ConfigurationErrors; every other code is a rejection. The classes' codes are the core's.
  if (hooksig.ConfigurationError.codes.includes(code)) {
    assert.ok(error instanceof hooksig.ConfigurationError, `${item.id}: misuse must be a ConfigurationError: ${error}`)
    assert.equal(error.status, 500)
  } else {
    assert.ok(hooksig.WebhookVerificationError.codes.includes(code), code)
    assert.ok(error instanceof hooksig.WebhookVerificationError, `${item.id}: ${error}`)
    assert.equal(error.name, 'WebhookVerificationError')
    assert.equal(error.status, 401)
  }
  for (const secret of item.secrets) {
    if (secret.length >= 4) assert.ok(!error.message.includes(secret), `${item.id}: the message shows a secret`)
  }
}

test('the corpus covers every built-in provider', () => {
  assert.ok(PROVIDERS.length >= 39, `${PROVIDERS.length} providers`)
  assert.deepEqual([...new Set(CASES.map((item) => item.provider))], PROVIDERS)
  for (const provider of PROVIDERS) {
    const cases = CASES.filter((item) => item.provider === provider)
    assert.ok(cases.some((item) => item.expect.ok) && cases.some((item) => !item.expect.ok), provider)
  }
  assert.ok(CASES.length >= 1205, `${CASES.length} cases`)
  assert.ok(CASES.some((item) => item.allow_unsigned_body) && CASES.some((item) => item.expect.code === 'body_not_covered'))
})

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

/** A call's outcome, comparable: the verified result, or the error's class, code, header, status and message. */
function outcomeOf(call) {
  try {
    return { ok: true, verified: call() }
  } catch (error) {
    return { ok: false, name: error.name, code: error.code, header: error.header ?? null, status: error.status, message: error.message }
  }
}

async function outcomeOfAsync(call) {
  try {
    return { ok: true, verified: await call() }
  } catch (error) {
    return { ok: false, name: error.name, code: error.code, header: error.header ?? null, status: error.status, message: error.message }
  }
}

test('every built-in provider, described and handed back as a custom spec: the identical outcome on every case', async () => {
  let compared = 0
  for (const provider of PROVIDERS) {
    const spec = hooksig.describe(provider)
    assert.equal(spec.id, provider)
    assert.deepEqual(hooksig.describe(spec), spec, `${provider}: describe of the custom spec is the spec`)
    const json = JSON.stringify(spec)
    for (const item of CASES.filter((each) => each.provider === provider)) {
      const builtin = outcomeOf(() => hooksig.verify(provider, item.secrets, options(item)))
      assert.equal(builtin.ok, item.expect.ok, `${item.id}: the built-in outcome`)
      // The spec as an object (one-shot), as its JSON text (one-shot, async) and in a Verifier.
      assert.deepEqual(outcomeOf(() => hooksig.verify(spec, item.secrets, options(item))), builtin, `${item.id}: object spec`)
      assert.deepEqual(await outcomeOfAsync(() => hooksig.verifyAsync(json, item.secrets, options(item))), builtin, `${item.id}: JSON spec`)
      const { tolerance, allowUnsignedBody, ...request } = options(item)
      const viaVerifier = outcomeOf(() => new hooksig.Verifier(spec, item.secrets, { tolerance, allowUnsignedBody }).verify(request))
      assert.deepEqual(viaVerifier, builtin, `${item.id}: Verifier`)
      compared++
    }
  }
  assert.equal(compared, CASES.length)
})
