'use strict'
// The Express middleware behind real servers on 127.0.0.1 (Express 4 and 5), over real HTTP:
// genuine deliveries reach the handler with the body parsed; tampered, wrong-secret, stale
// and unsigned ones get 401 {"error": code}; behind a TLS-terminating proxy the URL policy
// decides; a global express.json() works with keepRawBody and fails loudly without it.

const assert = require('node:assert/strict')
const { describe, test, before, after } = require('node:test')
const hooksig = require('../..')
const { listen } = require('./helpers.js')

const SECRETS = {
  retell: 'key_retell_7f3a9c',
  signalwire: 'PSK_signalwire_5b1e',
  twilio: 'twilio_auth_token_12ab',
  plivo: 'plivo_auth_token_34cd',
  ranked: 'whsec_' + 'ab'.repeat(32),
}
const WRONG = { ...Object.fromEntries(Object.entries(SECRETS).map(([p, s]) => [p, s + 'x'])), ranked: 'whsec_' + 'cd'.repeat(32) }
const JSON_PROVIDERS = ['retell', 'ranked']
const FORM_PROVIDERS = ['signalwire', 'twilio', 'plivo']
const PUBLIC_BASE = 'https://example.com'
const FORM = 'application/x-www-form-urlencoded'
const PROXIED = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'example.com' }

function makeApp(express, { globalParser }) {
  const app = express()
  const calls = []
  if (globalParser === 'keepRawBody') {
    app.use(express.json({ verify: hooksig.keepRawBody }))
    app.use(express.urlencoded({ extended: false, verify: hooksig.keepRawBody }))
  } else if (globalParser === 'json') {
    app.use(express.json())
  }
  const route = (path, provider, options = {}) => {
    app.post(path, hooksig.express({ provider, secret: SECRETS[provider], ...options }), (req, res) => {
      calls.push(path)
      res.json({ scheme: req.webhook.scheme, body: req.body, raw: req.rawBody.length })
    })
  }
  for (const provider of [...JSON_PROVIDERS, ...FORM_PROVIDERS]) route(`/hooks/${provider}`, provider)
  route('/trusted/twilio', 'twilio', { trustProxy: true })
  app.get('/hooks/twilio-get', hooksig.express({ provider: 'twilio', secret: SECRETS.twilio }), (req, res) => {
    calls.push('/hooks/twilio-get')
    res.json({ scheme: req.webhook.scheme, query: req.query })
  })
  route('/public/twilio', 'twilio', { publicUrl: PUBLIC_BASE })
  // Errors passed to next() (configuration errors) answer 500 with their code.
  app.use((error, req, res, _next) => res.status(error.status ?? 500).json({ error: error.code ?? 'internal', name: error.name, message: error.message }))
  return { app, calls }
}

function delivery(provider, url, { secret, now, body } = {}) {
  const json = JSON_PROVIDERS.includes(provider)
  const contentType = json ? 'application/json' : FORM
  body ??= json ? JSON.stringify({ event: 'call_ended', id: 'c1' }) : 'CallSid=CA1&From=%2B15551234567'
  const signed = hooksig.sign(provider, secret ?? SECRETS[provider], { url, headers: { 'Content-Type': contentType }, body, now })
  return { body, headers: { 'Content-Type': contentType, ...signed.headers } }
}

const VARIANTS = [
  ['express 5', 'express', 'none'],
  ['express 4', 'express4', 'none'],
  ['express 5 with a global express.json({ verify: keepRawBody })', 'express', 'keepRawBody'],
  ['express 4 with a global express.json({ verify: keepRawBody })', 'express4', 'keepRawBody'],
]

for (const [title, module, globalParser] of VARIANTS) {
  describe(title, () => {
    let server
    let calls
    before(async () => {
      const made = makeApp(require(module), { globalParser })
      calls = made.calls
      server = await listen(made.app)
    })
    after(() => server.close())

    async function post(path, { body, headers }) {
      calls.length = 0
      const response = await fetch(server.base + path, { method: 'POST', body, headers })
      return { status: response.status, json: await response.json() }
    }

    async function rejected(path, request, code) {
      const response = await post(path, request)
      assert.deepEqual(response, { status: 401, json: { error: code } })
      assert.deepEqual(calls, [], 'the handler ran for a rejected request')
    }

    for (const provider of [...JSON_PROVIDERS, ...FORM_PROVIDERS]) {
      const path = `/hooks/${provider}`
      test(`${provider}: genuine reaches the handler with the body parsed`, async () => {
        const request = delivery(provider, server.base + path)
        const response = await post(path, request)
        assert.equal(response.status, 200, JSON.stringify(response.json))
        assert.deepEqual(calls, [path])
        const expected = JSON_PROVIDERS.includes(provider) ? { event: 'call_ended', id: 'c1' } : { CallSid: 'CA1', From: '+15551234567' }
        assert.deepEqual(response.json.body, expected)
        assert.equal(response.json.raw, Buffer.byteLength(request.body))
      })
      test(`${provider}: tampered body, wrong secret, missing header get 401`, async () => {
        const request = delivery(provider, server.base + path)
        await rejected(path, { ...request, body: request.body.replace('c1', 'c2').replace('CA1', 'CA2') }, 'signature_mismatch')
        await rejected(path, delivery(provider, server.base + path, { secret: WRONG[provider] }), 'signature_mismatch')
        await rejected(path, { body: request.body, headers: { 'Content-Type': request.headers['Content-Type'] } }, 'missing_header')
      })
    }

    for (const provider of JSON_PROVIDERS) {
      test(`${provider}: stale delivery gets 401`, async () => {
        const path = `/hooks/${provider}`
        await rejected(path, delivery(provider, server.base + path, { now: Date.now() / 1000 - 3600 }), 'timestamp_out_of_tolerance')
      })
    }

    test('behind a TLS proxy: the received URL does not match by default', async () => {
      const request = delivery('twilio', PUBLIC_BASE + '/hooks/twilio')
      await rejected('/hooks/twilio', { ...request, headers: { ...request.headers, ...PROXIED } }, 'signature_mismatch')
    })

    test('behind a TLS proxy with trustProxy', async () => {
      const request = delivery('twilio', PUBLIC_BASE + '/trusted/twilio')
      const response = await post('/trusted/twilio', { ...request, headers: { ...request.headers, ...PROXIED } })
      assert.equal(response.status, 200, JSON.stringify(response.json))
      await rejected('/trusted/twilio', request, 'signature_mismatch') // no forwarding headers
    })

    test('behind a TLS proxy with publicUrl, forged forwarding headers ignored', async () => {
      const request = delivery('twilio', PUBLIC_BASE + '/public/twilio')
      const forged = { 'X-Forwarded-Proto': 'http', 'X-Forwarded-Host': 'evil.example' }
      const response = await post('/public/twilio', { ...request, headers: { ...request.headers, ...forged } })
      assert.equal(response.status, 200, JSON.stringify(response.json))
    })

    test('a GET webhook (Twilio can be set to GET): the query is what is signed', async () => {
      const path = '/hooks/twilio-get?CallSid=CA1&From=%2B1555'
      const signed = hooksig.sign('twilio', SECRETS.twilio, { method: 'GET', url: server.base + path })
      const ok = await fetch(server.base + path, { headers: signed.headers })
      assert.equal(ok.status, 200)
      assert.deepEqual((await ok.json()).query, { CallSid: 'CA1', From: '+1555' })
      const forged = await fetch(server.base + path.replace('CA1', 'CA2'), { headers: signed.headers })
      assert.deepEqual([forged.status, await forged.json()], [401, { error: 'signature_mismatch' }])
    })

    test('the query string is part of the signed URL', async () => {
      const path = '/hooks/twilio?From=%2B1555&note=a%20b'
      assert.equal((await post(path, delivery('twilio', server.base + path))).status, 200)
      await rejected('/hooks/twilio?From=%2B1556&note=a%20b', delivery('twilio', server.base + path), 'signature_mismatch')
    })
  })
}

for (const module of ['express', 'express4']) {
  test(`${module}: a global express.json() without keepRawBody is a configuration error, not a 401`, async () => {
    const { app, calls } = makeApp(require(module), { globalParser: 'json' })
    const server = await listen(app)
    try {
      const request = delivery('retell', server.base + '/hooks/retell')
      const response = await fetch(server.base + '/hooks/retell', { method: 'POST', body: request.body, headers: request.headers })
      assert.equal(response.status, 500)
      const json = await response.json()
      assert.equal(json.error, 'raw_body_unavailable')
      assert.equal(json.name, 'ConfigurationError')
      assert.match(json.message, /^the raw request body is unavailable: /) // the core's message
      assert.match(json.message, /keepRawBody/)
      assert.deepEqual(calls, [])
      // Form posts are not touched by express.json(), so they still verify.
      const form = delivery('twilio', server.base + '/hooks/twilio')
      const ok = await fetch(server.base + '/hooks/twilio', { method: 'POST', body: form.body, headers: form.headers })
      assert.equal(ok.status, 200)
    } finally {
      await server.close()
    }
  })
}

for (const module of ['express', 'express4']) {
  describe(`${module}: bodies a parser produced, limits, the app's trust proxy`, () => {
    const express = require(module)

    test('after express.raw(), req.body stays the Buffer (JSON.parse(req.body.toString()) works)', async () => {
      const app = express()
      app.post('/hooks/ranked', express.raw({ type: 'application/json' }), hooksig.express({ provider: 'ranked', secret: SECRETS.ranked }), (req, res) => {
        res.json({ isBuffer: Buffer.isBuffer(req.body), parsed: JSON.parse(req.body.toString()), same: req.body === req.rawBody })
      })
      const server = await listen(app)
      try {
        const request = delivery('ranked', server.base + '/hooks/ranked')
        const response = await fetch(server.base + '/hooks/ranked', { method: 'POST', body: request.body, headers: request.headers })
        assert.deepEqual([response.status, await response.json()], [200, { isBuffer: true, parsed: { event: 'call_ended', id: 'c1' }, same: true }])
      } finally {
        await server.close()
      }
    })

    test('a global urlencoded({ extended: true, verify: keepRawBody }): req.body keeps the nested fields', async () => {
      const app = express()
      app.use(express.urlencoded({ extended: true, verify: hooksig.keepRawBody }))
      app.post('/hooks/twilio', hooksig.express({ provider: 'twilio', secret: SECRETS.twilio }), (req, res) => res.json(req.body))
      const server = await listen(app)
      try {
        const request = delivery('twilio', server.base + '/hooks/twilio', { body: 'CallSid=CA1&user%5Bname%5D=ada&user%5Bid%5D=7' })
        const response = await fetch(server.base + '/hooks/twilio', { method: 'POST', body: request.body, headers: request.headers })
        assert.deepEqual([response.status, await response.json()], [200, { CallSid: 'CA1', user: { name: 'ada', id: '7' } }])
      } finally {
        await server.close()
      }
    })

    test('a body over the limit gets a JSON 413 {"error": "body_too_large"}, declared or streamed; the handler does not run', async () => {
      const app = express()
      let ran = false
      app.post('/hook', hooksig.express({ provider: 'retell', secret: 'k', limit: 1024 }), (req, res) => {
        ran = true
        res.end()
      })
      // No error handler: the answer must not depend on one (Express's own renders HTML).
      const server = await listen(app)
      try {
        const body = JSON.stringify({ pad: 'x'.repeat(4096) })
        const headers = hooksig.sign('retell', 'k', { body }).headers
        const declared = await fetch(server.base + '/hook', { method: 'POST', body, headers })
        assert.equal(declared.headers.get('content-type'), 'application/json; charset=utf-8')
        assert.deepEqual([declared.status, await declared.json()], [413, { error: 'body_too_large' }])
        const stream = new ReadableStream({
          start(controller) {
            for (let i = 0; i < 8; i++) controller.enqueue(Buffer.from(body.slice(i * 512, (i + 1) * 512)))
            controller.close()
          },
        })
        const streamed = await fetch(server.base + '/hook', { method: 'POST', body: stream, headers, duplex: 'half' })
        assert.deepEqual([streamed.status, await streamed.json()], [413, { error: 'body_too_large' }])
        assert.equal(ran, false)
      } finally {
        await server.close()
      }
    })

    test("the app's trust proxy applies: Express's protocol and host are the received ones", async () => {
      const app = express()
      app.set('trust proxy', 'loopback')
      app.post('/hooks/twilio', hooksig.express({ provider: 'twilio', secret: SECRETS.twilio }), (req, res) => res.json({ ok: true }))
      app.post('/both/twilio', hooksig.express({ provider: 'twilio', secret: SECRETS.twilio, trustProxy: true }), (req, res) => res.json({ ok: true }))
      const distrusting = express()
      distrusting.set('trust proxy', '10.0.0.1') // the proxy is elsewhere: 127.0.0.1 is a client
      distrusting.post('/hooks/twilio', hooksig.express({ provider: 'twilio', secret: SECRETS.twilio }), (req, res) => res.json({ ok: true }))
      const server = await listen(app)
      const other = await listen(distrusting)
      try {
        const post = (base, request, extra) =>
          fetch(base + '/hooks/twilio', { method: 'POST', body: request.body, headers: { ...request.headers, ...extra } }).then(async (r) => [r.status, await r.json()])
        const signed = delivery('twilio', PUBLIC_BASE + '/hooks/twilio')
        assert.deepEqual(await post(server.base, signed, PROXIED), [200, { ok: true }])
        const withPort = delivery('twilio', 'https://example.com:8443/hooks/twilio')
        assert.deepEqual(await post(server.base, withPort, { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'example.com:8443' }), [200, { ok: true }])
        // Express takes the first of several values, as req.protocol and req.hostname do.
        assert.deepEqual(await post(server.base, signed, { 'X-Forwarded-Proto': 'https, http', 'X-Forwarded-Host': 'example.com, evil.example' }), [200, { ok: true }])
        // With hooksig's trustProxy too, hooksig reads the headers itself: the last value decides.
        const both = delivery('twilio', PUBLIC_BASE + '/both/twilio')
        const appended = { 'X-Forwarded-Proto': 'http, https', 'X-Forwarded-Host': 'evil.example, example.com' }
        const postBoth = (extra) =>
          fetch(server.base + '/both/twilio', { method: 'POST', body: both.body, headers: { ...both.headers, ...extra } }).then((r) => r.status)
        assert.equal(await postBoth(appended), 200)
        assert.deepEqual(await post(server.base, signed, appended), [401, { error: 'signature_mismatch' }]) // Express: the first
        // Not trusted: the forwarding headers are a client's, so the received URL is checked.
        assert.deepEqual(await post(other.base, signed, PROXIED), [401, { error: 'signature_mismatch' }])
        assert.deepEqual(await post(other.base, delivery('twilio', other.base + '/hooks/twilio'), PROXIED), [200, { ok: true }])
      } finally {
        await server.close()
        await other.close()
      }
    })

    test('allowUnsignedBody: a Plivo V2 delivery with a body is 401 body_not_covered by default, accepted with the option', async () => {
      const app = express()
      app.post('/strict', hooksig.express({ provider: 'plivo', secret: SECRETS.plivo }), (req, res) => res.json({ covers: req.webhook.covers }))
      app.post('/lenient', hooksig.express({ provider: 'plivo', secret: SECRETS.plivo, allowUnsignedBody: true }), (req, res) =>
        res.json({ covers: req.webhook.covers, body: req.body }),
      )
      const server = await listen(app)
      try {
        for (const [path, expected] of [
          ['/strict', [401, { error: 'body_not_covered' }]],
          ['/lenient', [200, { covers: { body: false, url: false, timestamp: false }, body: { From: '+14155550123', Text: 'hi' } }]],
        ]) {
          const url = server.base + path
          const body = 'From=%2B14155550123&Text=hi'
          const signed = hooksig.sign('plivo', SECRETS.plivo, { url, headers: { 'Content-Type': FORM }, body, scheme: 'plivo-v2', nonce: '12345678901234567890' })
          const response = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': FORM, ...signed.headers } })
          assert.deepEqual([response.status, await response.json()], expected)
        }
      } finally {
        await server.close()
      }
    })
  })
}

test('configuration errors throw when the middleware is made', () => {
  assert.throws(() => hooksig.express({ provider: 'nope', secret: 's' }), { code: 'unknown_provider' })
  assert.throws(() => hooksig.express({ provider: 'twilio', secret: '' }), { code: 'invalid_secret' })
  assert.throws(() => hooksig.express({ provider: 'twilio', secret: 't', publicUrl: 'https://example.com', trustProxy: true }), { code: 'invalid_argument' })
  assert.throws(() => hooksig.express({ provider: 'twilio', secret: 't', publicUrl: 'example.com' }), { code: 'invalid_argument' })
  assert.throws(() => hooksig.express(), TypeError)
  assert.throws(() => hooksig.express({ provider: 'nope', secret: 's' }), hooksig.ConfigurationError)
  assert.throws(() => hooksig.express({ provider: 'plivo', secret: 's', allowUnsignedBody: 1 }), TypeError)
  assert.throws(() => hooksig.express({ provider: 'retell', secret: 's', limit: -1 }), TypeError)
})
