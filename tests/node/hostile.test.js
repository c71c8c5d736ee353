'use strict'
// Hostile input through every public function: arbitrary values and types (null, numbers,
// nested objects, huge strings, lone surrogates, NUL bytes), 10 MB headers and thousands of
// form fields. Only the documented errors come out (WebhookVerificationError or
// ConfigurationError with a core code, or a TypeError with the code invalid_argument for a
// wrong JavaScript type), the process never crashes, and no message, inspect or
// JSON output holds a secret or a computed signature.

const assert = require('node:assert/strict')
const util = require('node:util')
const { test } = require('node:test')
const fc = require('fast-check')
const hooksig = require('../..')
const { shapedSecret } = require('./helpers.js')

const SECRET = 'hostile-secret-0123456789abcdef'
const URL = 'https://example.com/webhooks/hook?id=7'
const RUNS = 300

const text = fc.string({ unit: 'binary', maxLength: 64 }) // lone surrogates included
const anything = fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: true, withTypedArray: true, withMap: true })
const scalar = fc.oneof(text, fc.constant('\0'), fc.constant('x'.repeat(100_000)), fc.integer(), fc.double(), fc.constant(null))
const headerName = fc.oneof(
  fc.constantFrom('x-twilio-signature', 'X-Retell-Signature', 'content-type', 'x-webhook-signature', 'x-webhook-timestamp',
    'x-plivo-signature-v3', 'x-plivo-signature-v3-nonce', 'x-signalwire-signature', 'x-forwarded-proto', 'forwarded'),
  text,
)
const headerValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), anything)
const headers = fc.oneof(
  fc.dictionary(headerName, headerValue, { maxKeys: 6 }),
  fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 }),
  anything,
)
// A provider: a built-in id, a built-in spec as a custom one (object or JSON text), a spec with
// a field broken, or anything at all.
const builtinSpec = fc.constantFrom(...hooksig.PROVIDERS).map((id) => hooksig.describe(id))
const brokenSpec = fc.tuple(builtinSpec, fc.constantFrom('id', 'schemes', 'signature', 'signed', 'key', 'timestamp', 'format'), anything).map(([spec, field, value]) => {
  const broken = structuredClone(spec)
  if (field === 'id' || field === 'schemes') broken[field] = value
  else if (field === 'format') broken.schemes[0].signature.format = value
  else broken.schemes[0][field] = value
  return broken
})
const provider = fc.oneof(fc.constantFrom(...hooksig.PROVIDERS), builtinSpec, builtinSpec.map((spec) => JSON.stringify(spec)), brokenSpec, anything)
const secret = fc.oneof(fc.constant(SECRET), fc.constant([SECRET, `whsec_${SECRET}`]), anything)
const body = fc.oneof(fc.uint8Array({ maxLength: 256 }), text, anything)
const options = fc.record(
  { method: fc.oneof(fc.constant('POST'), anything), url: fc.oneof(fc.constant(URL), text, anything), headers, body, now: anything, tolerance: anything, allowUnsignedBody: fc.oneof(fc.boolean(), anything) },
  { requiredKeys: [] },
)

function checked(error) {
  const documented =
    ((error instanceof hooksig.WebhookVerificationError || error instanceof hooksig.ConfigurationError) && hooksig.CODES.includes(error.code)) ||
    (error instanceof TypeError && error.code === 'invalid_argument')
  assert.ok(documented, `undocumented error: ${error?.name}: ${error?.message}`)
  assert.ok(!String(error.message).includes(SECRET))
  assert.ok(!util.inspect(error).includes(SECRET))
}

function call(fn) {
  try {
    const result = fn()
    assert.ok(!util.inspect(result, { depth: 5 }).includes(SECRET))
    return result
  } catch (error) {
    checked(error)
    return undefined
  }
}

async function callAsync(fn) {
  try {
    return await fn()
  } catch (error) {
    checked(error)
    return undefined
  }
}

test('verify, Verifier and sign take anything', () => {
  fc.assert(
    fc.property(provider, secret, options, (p, s, o) => {
      call(() => hooksig.verify(p, s, o))
      const verifier = call(() => new hooksig.Verifier(p, s, o))
      if (verifier) {
        assert.ok(!util.inspect(verifier).includes(SECRET) && !JSON.stringify(verifier).includes(SECRET))
        call(() => verifier.verify(o))
      }
      call(() => hooksig.sign(p, s, o))
    }),
    { numRuns: RUNS },
  )
})

test('verifyAsync takes anything', async () => {
  await fc.assert(
    fc.asyncProperty(provider, secret, options, async (p, s, o) => {
      await callAsync(() => hooksig.verifyAsync(p, s, o))
    }),
    { numRuns: RUNS },
  )
})

test('requestUrl takes anything', () => {
  const parts = fc.record(
    { scheme: fc.oneof(fc.constantFrom('http', 'https'), anything), host: fc.oneof(text, anything), target: fc.oneof(text, anything), headers, publicUrl: anything, trustProxy: anything },
    { requiredKeys: [] },
  )
  fc.assert(fc.property(fc.oneof(parts, anything), (o) => void call(() => hooksig.requestUrl(o))), { numRuns: RUNS })
})

test('10 MB, binary and flooded header values are rejections with short messages', () => {
  const values = ['x'.repeat(10_000_000), '\udcff\udc80', '\0'.repeat(64), `v=1700000000000,d=${'a'.repeat(64)}${',d='.repeat(10_000)}`]
  const names = ['x-twilio-signature', 'x-retell-signature', 'x-webhook-signature', 'x-webhook-timestamp', 'x-plivo-signature-v3',
    'x-plivo-signature-v3-nonce', 'x-signalwire-signature', 'x-signalwire-sha256-signature', 'content-type']
  for (const id of hooksig.PROVIDERS) {
    const key = shapedSecret(id, SECRET)
    // Every header the provider reads (as its spec names them), and the seeds' names.
    const every = [...new Set([...names, ...hooksig.describe(id).schemes.flatMap(headersOfScheme)])]
    for (const value of values) {
      const headers = Object.fromEntries(every.map((name) => [name, value]))
      assert.throws(
        () => hooksig.verify(id, key, { url: URL, headers, body: 'a=1', now: 1.7e9 }),
        (error) => error instanceof hooksig.WebhookVerificationError && error.message.length < 1000,
      )
    }
  }
})

/** The headers a scheme of a spec names: signature (and alternates), timestamp, delivery id, signed and required headers. */
function headersOfScheme(scheme) {
  return [
    scheme.signature.header,
    ...(scheme.signature.alternates ?? []),
    ...(scheme.timestamp?.source.header ? [scheme.timestamp.source.header, ...(scheme.timestamp.alternates ?? [])] : []),
    ...(scheme.delivery_id ? [scheme.delivery_id.header, ...(scheme.delivery_id.alternates ?? [])] : []),
    ...scheme.signed.filter((piece) => typeof piece === 'object' && 'header' in piece).map((piece) => piece.header),
    ...(scheme.requires ?? []).map(([name]) => name),
    ...(scheme.when ? [scheme.when.header] : []),
  ].map((name) => name.toLowerCase())
}

test('100 000 form fields are refused, not processed', () => {
  const body = Array.from({ length: 100_000 }, (_, i) => `f${i}=${i}`).join('&')
  for (const [id, header] of [['twilio', 'x-twilio-signature'], ['signalwire', 'x-signalwire-signature'], ['plivo', 'x-plivo-signature-v3']]) {
    const headers = { 'content-type': 'application/x-www-form-urlencoded', [header]: 'LjENXZ78x7F/qfhgPzg9pBQqRws=', 'x-plivo-signature-v3-nonce': '1' }
    assert.throws(() => hooksig.verify(id, SECRET, { url: URL, headers, body, now: 1.7e9 }), (error) =>
      ['invalid_body', 'malformed_header'].includes(error.code),
    )
  }
})

/** A body the provider signs: a form, or JSON carrying the timestamp where a scheme reads it from the body. */
function bodyFor(id, now) {
  const stamp = hooksig.describe(id).schemes.map((scheme) => scheme.timestamp).find((each) => each?.source.json !== undefined)
  if (stamp === undefined) return 'a=1&b=2'
  const value = {}
  let at = value
  const parts = stamp.source.json.split('/').slice(1)
  for (const part of parts.slice(0, -1)) at = at[part] = {}
  at[parts.at(-1)] = stamp.unit === 'ms' ? now * 1000 : now
  return JSON.stringify({ ...value, a: 1, b: 2 })
}

test('no message, inspect or result holds a computed signature', () => {
  const now = 1.7e9
  for (const id of hooksig.PROVIDERS) {
    const key = shapedSecret(id, SECRET)
    const body = bodyFor(id, now)
    const tampered = body.replace('2', '3')
    const headers = { 'content-type': body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded' }
    const signed = hooksig.sign(id, key, { url: URL, headers, body, now })
    const url = signed.url ?? URL
    const all = { ...headers, ...signed.headers }
    // The signature headers, as the provider's spec names them.
    const names = new Set(hooksig.describe(id).schemes.flatMap((scheme) => [scheme.signature.header, ...(scheme.signature.alternates ?? [])]).map((name) => name.toLowerCase()))
    const signatures = Object.entries(signed.headers)
      .filter(([name]) => names.has(name.toLowerCase()))
      .map(([, value]) => value)
    assert.ok(signatures.length >= 1 && signatures.every((value) => value.length >= 16), id)
    try {
      hooksig.verify(id, key, { url, headers: all, body: tampered, now })
      assert.fail('a tampered body verified')
    } catch (error) {
      assert.ok(error instanceof hooksig.WebhookVerificationError, `${id}: ${error}`)
      for (const value of signatures) assert.ok(!error.message.includes(value) && !util.inspect(error).includes(value), id)
    }
    const verified = hooksig.verify(id, key, { url, headers: all, body, now })
    for (const value of signatures) assert.ok(!util.inspect(verified).includes(value) && !JSON.stringify(verified).includes(value), id)
  }
})
