'use strict'
// User-defined schemes: a spec (a plain object or its JSON text) wherever a provider id is
// taken. A Vapi-style HMAC scheme written as data verifies requests signed here with
// node:crypto, through the one-shot calls, a Verifier, Express, Fastify, Koa and Lambda; a spec
// the core cannot run is a ConfigurationError `invalid_scheme` naming the field, from every
// entry point. (vectors.test.js hands every built-in provider's `describe` back as a spec.)

const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { describe, test } = require('node:test')
const hooksig = require('../..')
const { listen } = require('./helpers.js')

/** Vapi-style: `X-Vapi-Signature: hex(HMAC-SHA256(secret, "<timestamp>.<body>"))`, `X-Vapi-Timestamp` in Unix seconds. */
const VAPI = Object.freeze({
  id: 'vapi',
  schemes: [
    {
      id: 'vapi',
      signature: { header: 'X-Vapi-Signature', format: { kind: 'bare' }, encoding: 'hex', algorithm: 'hmac-sha256' },
      timestamp: { source: { header: 'X-Vapi-Timestamp' }, unit: 's', tolerance: 300 },
      signed: ['timestamp', { literal: '.' }, 'body'],
    },
  ],
})
const SECRET = 'vapi-server-secret-3f8a1c'
const NOW = 1_700_000_000
const BODY = '{"message":{"type":"end-of-call-report","call":{"id":"call_1"}}}'

/** What Vapi sends, computed here with node:crypto (not by hooksig). */
function vapiHeaders(body = BODY, { secret = SECRET, timestamp = NOW } = {}) {
  const signature = crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
  return { 'Content-Type': 'application/json', 'X-Vapi-Signature': signature, 'X-Vapi-Timestamp': String(timestamp) }
}

const EXPECTED = { provider: 'vapi', scheme: 'vapi', header: 'X-Vapi-Signature', secretIndex: 0, timestamp: NOW, covers: { body: true, url: false, timestamp: true } }

function plain(verified) {
  return { ...verified, covers: { ...verified.covers } }
}

test('a Vapi-style spec verifies a request signed with node:crypto, as an object and as JSON text', async () => {
  const request = { headers: vapiHeaders(), body: BODY, now: NOW }
  for (const spec of [VAPI, JSON.stringify(VAPI), `  ${JSON.stringify(VAPI, null, 2)}`]) {
    assert.deepEqual(plain(hooksig.verify(spec, SECRET, request)), EXPECTED)
    assert.deepEqual(plain(await hooksig.verifyAsync(spec, SECRET, request)), EXPECTED)
    const verifier = new hooksig.Verifier(spec, ['old-secret', SECRET])
    assert.equal(verifier.provider, 'vapi')
    assert.equal(verifier.signsUrl, false)
    assert.equal(verifier.tolerance, 300)
    assert.deepEqual(plain(verifier.verify(request)), { ...EXPECTED, secretIndex: 1 })
    assert.deepEqual(plain(await verifier.verifyAsync(request)), { ...EXPECTED, secretIndex: 1 })
  }
  // Header names in any case, and the headers as a WHATWG Headers.
  const lower = Object.fromEntries(Object.entries(vapiHeaders()).map(([name, value]) => [name.toLowerCase(), value]))
  assert.equal(hooksig.verify(VAPI, SECRET, { headers: new Headers(lower), body: Buffer.from(BODY), now: NOW }).header, 'X-Vapi-Signature')
})

test('the Vapi-style spec rejects what it must, with the core\'s codes', () => {
  const verify = (headers, body = BODY, now = NOW, options = {}) => () => hooksig.verify(VAPI, SECRET, { headers, body, now, ...options })
  const rejected = (code, header) => (error) => error instanceof hooksig.WebhookVerificationError && error.code === code && error.status === 401 && (header === undefined || error.header === header)
  assert.throws(verify(vapiHeaders(), BODY.replace('call_1', 'call_2')), rejected('signature_mismatch'))
  assert.throws(verify(vapiHeaders(BODY, { secret: 'wrong' })), rejected('signature_mismatch'))
  assert.throws(verify(vapiHeaders(BODY, { timestamp: NOW - 301 })), rejected('timestamp_out_of_tolerance'))
  assert.throws(verify(vapiHeaders(BODY, { timestamp: NOW + 301 })), rejected('timestamp_out_of_tolerance'))
  assert.equal(hooksig.verify(VAPI, SECRET, { headers: vapiHeaders(BODY, { timestamp: NOW - 300 }), body: BODY, now: NOW }).timestamp, NOW - 300)
  assert.equal(hooksig.verify(VAPI, SECRET, { headers: vapiHeaders(BODY, { timestamp: NOW - 3000 }), body: BODY, now: NOW, tolerance: 3600 }).timestamp, NOW - 3000)
  // The timestamp is signed: moved to a fresh one, the signature no longer matches.
  assert.throws(verify({ ...vapiHeaders(BODY, { timestamp: NOW - 3000 }), 'X-Vapi-Timestamp': String(NOW) }), rejected('signature_mismatch'))
  const { 'X-Vapi-Signature': _signature, ...unsigned } = vapiHeaders()
  assert.throws(verify(unsigned), rejected('missing_header', 'X-Vapi-Signature'))
  const { 'X-Vapi-Timestamp': _timestamp, ...undated } = vapiHeaders()
  assert.throws(verify(undated), rejected('missing_header', 'X-Vapi-Timestamp'))
  assert.throws(verify({ ...vapiHeaders(), 'X-Vapi-Timestamp': 'yesterday' }), rejected('malformed_header', 'X-Vapi-Timestamp'))
  assert.throws(verify({ ...vapiHeaders(), 'X-Vapi-Signature': 'not hex' }), rejected('malformed_header', 'X-Vapi-Signature'))
  // A wrong secret is never shown.
  try {
    hooksig.verify(VAPI, SECRET, { headers: vapiHeaders(BODY, { secret: 'wrong' }), body: BODY, now: NOW })
  } catch (error) {
    assert.ok(!error.message.includes(SECRET))
  }
})

test('sign with a custom spec writes what node:crypto computes; a scheme is named by its own id', () => {
  const signed = hooksig.sign(VAPI, SECRET, { body: BODY, now: NOW })
  assert.equal(signed.scheme, 'vapi')
  assert.equal(signed.url, null)
  const expected = vapiHeaders()
  assert.equal(signed.headers['X-Vapi-Signature'], expected['X-Vapi-Signature'])
  assert.equal(signed.headers['X-Vapi-Timestamp'], expected['X-Vapi-Timestamp'])
  assert.equal(hooksig.sign(VAPI, SECRET, { body: BODY, now: NOW, scheme: 'vapi' }).scheme, 'vapi')
  // A spec with two schemes: `scheme` picks one of its own; a built-in scheme of another provider is refused.
  const two = { id: 'acme', schemes: [{ ...VAPI.schemes[0], id: 'acme-v2' }, { id: 'acme-v1', signature: { header: 'X-Acme-Legacy', format: { kind: 'prefix', prefix: 'sha1=' }, encoding: 'base64', algorithm: 'hmac-sha1' }, signed: ['body'] }] }
  const legacy = hooksig.sign(two, SECRET, { body: BODY, scheme: 'acme-v1' })
  assert.equal(legacy.scheme, 'acme-v1')
  assert.equal(legacy.headers['X-Acme-Legacy'], 'sha1=' + crypto.createHmac('sha1', SECRET).update(BODY).digest('base64'))
  const verified = hooksig.verify(two, SECRET, { headers: legacy.headers, body: BODY })
  assert.deepEqual([verified.provider, verified.scheme, verified.header, verified.timestamp], ['acme', 'acme-v1', 'X-Acme-Legacy', null])
  assert.deepEqual({ ...verified.covers }, { body: true, url: false, timestamp: false })
  assert.throws(() => hooksig.sign(two, SECRET, { body: BODY, scheme: 'stripe' }), { name: 'ConfigurationError', code: 'invalid_argument' })
  assert.throws(() => hooksig.sign(two, SECRET, { body: BODY, scheme: 'no-such-scheme' }), { name: 'ConfigurationError', code: 'invalid_argument' })
})

test('describe: the spec object for a built-in id or alias, and a custom spec as the core compiled it', () => {
  const stripe = hooksig.describe('stripe')
  assert.equal(stripe.id, 'stripe')
  assert.equal(stripe.schemes[0].signature.header, 'Stripe-Signature')
  assert.deepEqual(hooksig.describe('STRIPE'), stripe)
  assert.equal(hooksig.describe('whatsapp').id, 'meta')
  // A fresh object each call: changing one changes nothing else.
  stripe.schemes[0].signature.header = 'X-Changed'
  assert.equal(hooksig.describe('stripe').schemes[0].signature.header, 'Stripe-Signature')
  // A custom spec comes back as given (defaults are left out), and verifies the same.
  assert.deepEqual(hooksig.describe(VAPI), VAPI)
  assert.deepEqual(hooksig.describe(JSON.stringify(VAPI)), VAPI)
  const withDefaults = structuredClone(VAPI)
  withDefaults.schemes[0].key = 'utf8'
  withDefaults.schemes[0].timestamp.in_mac = 'verbatim'
  assert.deepEqual(hooksig.describe(withDefaults), VAPI)
})

test('a spec object is read at each call: changed after use, the change applies', () => {
  const spec = structuredClone(VAPI)
  const request = { headers: vapiHeaders(), body: BODY, now: NOW }
  assert.equal(hooksig.verify(spec, SECRET, request).provider, 'vapi')
  spec.id = 'vapi-eu'
  assert.equal(hooksig.verify(spec, SECRET, request).provider, 'vapi-eu')
  spec.schemes[0].signature.header = 'X-Other-Signature'
  assert.throws(() => hooksig.verify(spec, SECRET, request), { code: 'missing_header', header: 'X-Other-Signature' })
  // A Verifier keeps the spec it was made with.
  const verifier = new hooksig.Verifier(VAPI, SECRET)
  assert.equal(verifier.verify(request).provider, 'vapi')
})

/** Specs the core cannot run, and the field each error must name. */
function invalidSpecs() {
  const base = () => structuredClone(VAPI)
  const cases = []
  const add = (field, change, pattern) => {
    const spec = base()
    change(spec)
    cases.push({ field, spec, pattern })
  }
  add('schemes[0].signed', (s) => (s.schemes[0].signed = []))
  add('schemes[0].signed[0]', (s) => delete s.schemes[0].timestamp)
  add('schemes[0].signed', (s) => (s.schemes[0].signature.algorithm = 'sha256'), /plain hash/)
  add('schemes[0].signed[1]', (s) => (s.schemes[0].signed[1] = { literal: '' }))
  add('schemes[0].signed[2]', (s) => (s.schemes[0].signed[2] = { header: 'Bad Header' }))
  add('id', (s) => (s.id = 'Vapi!'))
  add('id', (s) => (s.id = ''))
  add('schemes', (s) => (s.schemes = []))
  add('schemes[1].id', (s) => s.schemes.push(structuredClone(s.schemes[0])), /two schemes/)
  add('schemes[0].id', (s) => (s.schemes[0].id = 'has space'))
  add('schemes[0].signature.header', (s) => (s.schemes[0].signature.header = 'X Vapi'))
  add('schemes[0].signature.format.prefix', (s) => (s.schemes[0].signature.format = { kind: 'prefix', prefix: '' }))
  add('schemes[0].signature.format.timestamp_key', (s) => (s.schemes[0].signature.format = { kind: 'kv', separator: ',', signature_keys: ['v1'], timestamp_key: 't' }))
  add('schemes[0].timestamp.tolerance', (s) => (s.schemes[0].timestamp.tolerance = 0))
  add('schemes[0].timestamp.source.header', (s) => (s.schemes[0].timestamp.source = { header: 'X Vapi Timestamp' }))
  add('schemes[0].timestamp.source.json', (s) => {
    s.schemes[0].timestamp.source = { json: 'no-slash' }
    s.schemes[0].signed = ['body']
  })
  add('canonicaliser', (s) => (s.canonicaliser = 'nope'), /twilio, signalwire, plivo/)
  add('dedupe.header', (s) => (s.dedupe = { header: '' }))
  // What serde refuses: the message names the field or the value's place in the grammar.
  add('spec', (s) => (s.colour = 'blue'), /unknown field `colour`/)
  add('spec', (s) => (s.schemes[0].signature.encoding = 'hex32'), /unknown variant `hex32`/)
  add('spec', (s) => (s.schemes[0].signature.algorithm = 'md5'), /unknown variant `md5`/)
  add('spec', (s) => delete s.id, /missing field `id`/)
  add('spec', (s) => delete s.schemes[0].signature, /missing field `signature`/)
  add('spec', (s) => (s.schemes[0].timestamp.unit = 'minutes'), /unknown variant `minutes`/)
  add('spec', (s) => (s.schemes[0].signed = 'body'), /expected a sequence|invalid type/)
  add('spec', (s) => (s.schemes[0].signature.format = { kind: 'bare', extra: 1 }), /unknown field `extra`/)
  add('spec', (s) => (s.schemes[0].timestamp.tolerance = -5), /invalid value|expected u64/)
  add('spec', (s) => (s.schemes[0].key = 'rot13'), /unknown variant `rot13`/)
  return cases
}

test('an invalid spec is a ConfigurationError invalid_scheme naming the field, from every entry point', async () => {
  const cases = invalidSpecs()
  assert.ok(cases.length >= 25)
  const request = { headers: vapiHeaders(), body: BODY, now: NOW }
  const isInvalid = ({ field, pattern }) => (error) => {
    assert.ok(error instanceof hooksig.ConfigurationError, `${field}: ${error}`)
    assert.equal(error.code, 'invalid_scheme')
    assert.equal(error.status, 500)
    assert.ok(error.message.startsWith(`invalid scheme: ${field}: `), `expected the field ${field}: ${error.message}`)
    if (pattern) assert.match(error.message, pattern)
    assert.ok(!error.message.includes(SECRET))
    return true
  }
  for (const item of cases) {
    const json = JSON.stringify(item.spec)
    for (const spec of [item.spec, json]) {
      assert.throws(() => hooksig.verify(spec, SECRET, request), isInvalid(item))
      await assert.rejects(hooksig.verifyAsync(spec, SECRET, request), isInvalid(item))
      assert.throws(() => hooksig.sign(spec, SECRET, { body: BODY }), isInvalid(item))
      assert.throws(() => new hooksig.Verifier(spec, SECRET), isInvalid(item))
      assert.throws(() => hooksig.describe(spec), isInvalid(item))
    }
    assert.throws(() => hooksig.express({ provider: item.spec, secret: SECRET }), isInvalid(item))
    assert.throws(() => hooksig.koa({ provider: item.spec, secret: SECRET }), isInvalid(item))
    assert.throws(() => hooksig.lambda({ provider: item.spec, secret: SECRET }, () => null), isInvalid(item))
    assert.throws(() => hooksig.webhookHandler({ provider: item.spec, secret: SECRET }, () => new Response()), isInvalid(item))
  }
  // Fastify reports a plugin's error when the app is readied.
  const Fastify = require('fastify')
  const app = Fastify()
  app.register(async (hooks) => hooks.register(hooksig.fastify, { provider: cases[0].spec, secret: SECRET }))
  await assert.rejects(app.ready(), isInvalid(cases[0]))
  await app.close()
  // JSON text that is not JSON, and a spec over the size limit.
  assert.throws(() => hooksig.verify('{"id": "vapi", ', SECRET, request), isInvalid({ field: 'spec', pattern: /EOF|line 1/ }))
  const huge = { ...structuredClone(VAPI), source: 'x'.repeat(70_000) }
  assert.throws(() => new hooksig.Verifier(huge, SECRET), isInvalid({ field: 'spec', pattern: /limit is 65536/ }))
  // Not a spec at all: a wrong JavaScript type is a TypeError, as elsewhere.
  for (const provider of [[VAPI], new Uint8Array(2), { id: 'x', n: 10n }]) {
    assert.throws(() => new hooksig.Verifier(provider, SECRET), (error) => error instanceof TypeError && error.code === 'invalid_argument')
  }
})

test('a secret the spec\'s key decoding refuses is invalid_secret, not invalid_scheme', () => {
  const spec = structuredClone(VAPI)
  spec.schemes[0].key = 'whsec-base64'
  assert.throws(() => new hooksig.Verifier(spec, 'not base64!'), { name: 'ConfigurationError', code: 'invalid_secret' })
  const key = crypto.randomBytes(24)
  const signature = crypto.createHmac('sha256', key).update(`${NOW}.${BODY}`).digest('hex')
  const headers = { 'X-Vapi-Signature': signature, 'X-Vapi-Timestamp': String(NOW) }
  assert.equal(hooksig.verify(spec, `whsec_${key.toString('base64')}`, { headers, body: BODY, now: NOW }).scheme, 'vapi')
})

/** POSTs a request; the status and the JSON (or text) answered. */
async function post(url, { body, headers }) {
  const response = await fetch(url, { method: 'POST', body, headers })
  const text = await response.text()
  try {
    return [response.status, JSON.parse(text)]
  } catch {
    return [response.status, text]
  }
}

/** What each adapter must answer for a fresh Vapi-style delivery (timestamps are the clock's now). */
async function checkServer(base) {
  const now = Math.floor(Date.now() / 1000)
  const genuine = { body: BODY, headers: vapiHeaders(BODY, { timestamp: now }) }
  const [status, json] = await post(base, genuine)
  assert.equal(status, 200, JSON.stringify(json))
  assert.deepEqual(json, { provider: 'vapi', scheme: 'vapi', header: 'X-Vapi-Signature', timestamp: now, body: JSON.parse(BODY), raw: BODY.length })
  assert.deepEqual(await post(base, { ...genuine, body: BODY.replace('call_1', 'call_9') }), [401, { error: 'signature_mismatch' }])
  assert.deepEqual(await post(base, { body: BODY, headers: vapiHeaders(BODY, { timestamp: now, secret: 'wrong' }) }), [401, { error: 'signature_mismatch' }])
  assert.deepEqual(await post(base, { body: BODY, headers: vapiHeaders(BODY, { timestamp: now - 3600 }) }), [401, { error: 'timestamp_out_of_tolerance' }])
  assert.deepEqual(await post(base, { body: BODY, headers: { 'Content-Type': 'application/json' } }), [401, { error: 'missing_header' }])
}

function answer(verified, body, raw) {
  return { provider: verified.provider, scheme: verified.scheme, header: verified.header, timestamp: verified.timestamp, body, raw: raw.length }
}

describe('a custom spec through the adapters, under real servers on 127.0.0.1', () => {
  for (const module of ['express', 'express4']) {
    test(`${module}: hooksig.express({ provider: spec })`, async () => {
      const express = require(module)
      const app = express()
      app.post('/hooks/vapi', hooksig.express({ provider: VAPI, secret: SECRET }), (req, res) => res.json(answer(req.webhook, req.body, req.rawBody)))
      // The JSON text of a spec works as well; and beside a global parser that keeps the raw body.
      app.post('/hooks/vapi-json', express.json({ verify: hooksig.keepRawBody }), hooksig.express({ provider: JSON.stringify(VAPI), secret: SECRET }), (req, res) =>
        res.json(answer(req.webhook, req.body, req.rawBody)),
      )
      const server = await listen(app)
      try {
        await checkServer(server.base + '/hooks/vapi')
        await checkServer(server.base + '/hooks/vapi-json')
      } finally {
        await server.close()
      }
    })
  }

  test('fastify: the plugin with { provider: spec }, and a route overriding it with another spec', async () => {
    const Fastify = require('fastify')
    const app = Fastify({ forceCloseConnections: true }) // close() ends keep-alive sockets on Node 18 too
    const acme = { id: 'acme', schemes: [{ id: 'acme', signature: { header: 'X-Acme-Signature', format: { kind: 'prefix', prefix: 'sha256=' }, encoding: 'hex', algorithm: 'hmac-sha256' }, signed: ['body'] }] }
    app.register(async (hooks) => {
      hooks.register(hooksig.fastify, { provider: VAPI, secret: SECRET })
      hooks.post('/hooks/vapi', async (request) => answer(request.webhook, request.body, request.rawBody))
      hooks.post('/hooks/acme', { config: { hooksig: { provider: acme, secret: 'acme-secret' } } }, async (request) => answer(request.webhook, request.body, request.rawBody))
    })
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      await checkServer(base + '/hooks/vapi')
      const signature = 'sha256=' + crypto.createHmac('sha256', 'acme-secret').update(BODY).digest('hex')
      const [status, json] = await post(base + '/hooks/acme', { body: BODY, headers: { 'Content-Type': 'application/json', 'X-Acme-Signature': signature } })
      assert.equal(status, 200)
      assert.deepEqual(json, { provider: 'acme', scheme: 'acme', header: 'X-Acme-Signature', timestamp: null, body: JSON.parse(BODY), raw: BODY.length })
      assert.deepEqual(await post(base + '/hooks/acme', { body: BODY, headers: vapiHeaders() }), [401, { error: 'missing_header' }])
    } finally {
      await app.close()
    }
  })

  test('koa: hooksig.koa({ provider: spec })', async () => {
    const Koa = require('koa')
    const koa = new Koa()
    koa.silent = true
    koa.use(hooksig.koa({ provider: VAPI, secret: SECRET }))
    koa.use((ctx) => {
      ctx.body = answer(ctx.state.webhook, ctx.request.body, ctx.request.rawBody)
    })
    const server = await listen(koa.callback())
    try {
      await checkServer(server.base)
    } finally {
      await server.close()
    }
  })

  test('lambda: hooksig.lambda({ provider: spec }) with an API Gateway v2 event', async () => {
    const handler = hooksig.lambda({ provider: VAPI, secret: SECRET }, async (_event, verified, rawBody) => ({ statusCode: 200, body: JSON.stringify(answer(verified, null, rawBody)) }))
    const now = Math.floor(Date.now() / 1000)
    const event = (headers, body = BODY) => ({
      version: '2.0',
      rawPath: '/hooks/vapi',
      rawQueryString: '',
      headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
      requestContext: { domainName: 'api.example.com', http: { method: 'POST', path: '/hooks/vapi' } },
      body,
      isBase64Encoded: false,
    })
    const ok = await handler(event(vapiHeaders(BODY, { timestamp: now })), {})
    assert.equal(ok.statusCode, 200)
    assert.equal(JSON.parse(ok.body).scheme, 'vapi')
    const tampered = await handler(event(vapiHeaders(BODY, { timestamp: now }), BODY + ' '), {})
    assert.deepEqual([tampered.statusCode, JSON.parse(tampered.body)], [401, { error: 'signature_mismatch' }])
  })
})
