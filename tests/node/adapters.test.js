'use strict'
// What each new adapter does beyond the conformance table (conformance.test.js): Fastify's
// encapsulation and per-route options, Koa beside koa-bodyparser and app.proxy, the Web
// Request functions (bytes never decoded, the URL policy, clone()), bodies a platform parsed
// (Vercel's helpers, Google Cloud Functions), and start-up errors.

const assert = require('node:assert/strict')
const { describe, test } = require('node:test')
const hooksig = require('../..')
const { listen } = require('./helpers.js')

const FORM = 'application/x-www-form-urlencoded'
const RETELL = 'key_retell_7f3a9c'
const TWILIO = 'twilio_auth_token_12ab'
const JSON_BODY = '{"event":"call_ended","id":"c1"}'

function retellDelivery(body = JSON_BODY) {
  return { body, headers: { 'Content-Type': 'application/json', ...hooksig.sign('retell', RETELL, { body }).headers } }
}

function twilioDelivery(url, body = 'CallSid=CA1&From=%2B15551234567') {
  return { body, headers: { 'Content-Type': FORM, ...hooksig.sign('twilio', TWILIO, { url, headers: { 'Content-Type': FORM }, body }).headers } }
}

async function post(url, { body, headers }) {
  const response = await fetch(url, { method: 'POST', body, headers })
  const text = await response.text()
  let json
  try {
    json = JSON.parse(text)
  } catch {
    json = text
  }
  return [response.status, json]
}

for (const module of ['fastify', 'fastify4']) {
  describe(`${module}: the plugin`, () => {
    const Fastify = require(module)

    async function start(build, options) {
      // Keep-alive sockets closed by close(): Fastify 5 leaves them to Node 19+'s server.close(),
      // so on Node 18 close() would wait for them forever.
      const app = Fastify({ forceCloseConnections: true, ...options })
      await build(app)
      const base = await app.listen({ port: 0, host: '127.0.0.1' })
      return { app, base }
    }

    test('its parsers stay in its context: a route outside keeps Fastify\'s own (no rawBody, 415 for a form)', async () => {
      const { app, base } = await start(async (app) => {
        app.register(async (hooks) => {
          hooks.register(hooksig.fastify, { provider: 'retell', secret: RETELL })
          hooks.post('/hooks/retell', async (request) => ({ body: request.body, isBuffer: Buffer.isBuffer(request.rawBody), scheme: request.webhook.scheme }))
        })
        app.post('/outside', async (request) => ({ body: request.body, rawBody: request.rawBody ?? 'none' }))
      })
      try {
        assert.deepEqual(await post(base + '/hooks/retell', retellDelivery()), [200, { body: JSON.parse(JSON_BODY), isBuffer: true, scheme: 'retell' }])
        assert.deepEqual(await post(base + '/outside', { body: JSON_BODY, headers: { 'Content-Type': 'application/json' } }), [200, { body: JSON.parse(JSON_BODY), rawBody: 'none' }])
        const [status, json] = await post(base + '/outside', { body: 'a=1', headers: { 'Content-Type': FORM } })
        assert.equal(status, 415)
        assert.equal(json.code, 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      } finally {
        await app.close()
      }
    })

    test('per-route options: config.hooksig overrides the plugin\'s, false turns verification off', async () => {
      const { app, base } = await start(async (app) => {
        app.register(async (hooks) => {
          await hooks.register(hooksig.fastify, { provider: 'retell', secret: RETELL })
          hooks.post('/hooks/retell', async (request) => request.webhook.scheme)
          hooks.post('/hooks/twilio', { config: { hooksig: { provider: 'twilio', secret: TWILIO } } }, async (request) => ({ scheme: request.webhook.scheme, body: request.body }))
          hooks.post('/open', { config: { hooksig: false } }, async (request) => ({ webhook: request.webhook, body: request.body, raw: request.rawBody.toString() }))
          hooks.get('/hooks/twilio-get', { config: { hooksig: { provider: 'twilio', secret: TWILIO } } }, async (request) => ({ query: request.query, raw: request.rawBody.length }))
        })
      })
      try {
        assert.deepEqual(await post(base + '/hooks/retell', retellDelivery()), [200, 'retell'])
        assert.deepEqual(await post(base + '/hooks/twilio', twilioDelivery(base + '/hooks/twilio')), [200, { scheme: 'twilio-form', body: { CallSid: 'CA1', From: '+15551234567' } }])
        // A Retell delivery does not pass the Twilio route's check.
        assert.deepEqual(await post(base + '/hooks/twilio', retellDelivery()), [401, { error: 'missing_header' }])
        assert.deepEqual(await post(base + '/open', { body: 'a=1', headers: { 'Content-Type': FORM } }), [200, { webhook: null, body: { a: '1' }, raw: 'a=1' }])
        const url = base + '/hooks/twilio-get?CallSid=CA1'
        const signed = hooksig.sign('twilio', TWILIO, { method: 'GET', url })
        const ok = await fetch(url, { headers: signed.headers })
        assert.deepEqual([ok.status, await ok.json()], [200, { query: { CallSid: 'CA1' }, raw: 0 }])
        const forged = await fetch(url.replace('CA1', 'CA2'), { headers: signed.headers })
        assert.deepEqual([forged.status, await forged.json()], [401, { error: 'signature_mismatch' }])
      } finally {
        await app.close()
      }
    })

    test('verification comes before schema validation: a forged body gets 401, not 400', async () => {
      const schema = { body: { type: 'object', required: ['event'], properties: { event: { type: 'string' } } } }
      const { app, base } = await start(async (app) => {
        app.register(async (hooks) => {
          hooks.register(hooksig.fastify, { provider: 'retell', secret: RETELL })
          hooks.post('/hooks/retell', { schema }, async (request) => request.body.event)
        })
      })
      try {
        assert.deepEqual(await post(base + '/hooks/retell', retellDelivery()), [200, 'call_ended'])
        const genuineButInvalid = retellDelivery('{"id":"c1"}')
        assert.equal((await post(base + '/hooks/retell', genuineButInvalid))[0], 400) // verified, then validated
        assert.deepEqual(await post(base + '/hooks/retell', { ...genuineButInvalid, body: '{"id":"c2"}' }), [401, { error: 'signature_mismatch' }])
      } finally {
        await app.close()
      }
    })

    test("Fastify's trustProxy gives the received scheme and host; the bytes a platform kept (request.raw.rawBody) are used", async () => {
      const { app, base } = await start(
        async (app) => {
          app.register(async (hooks) => {
            hooks.register(hooksig.fastify, { provider: 'twilio', secret: TWILIO })
            hooks.post('/hooks/twilio', async (request) => request.webhook.scheme)
            // As Google Cloud Functions does: the platform read the stream, kept the bytes at rawBody.
            hooks.post('/gcf/twilio', {
              onRequest: async (request) => {
                const chunks = []
                for await (const chunk of request.raw) chunks.push(chunk)
                request.raw.rawBody = Buffer.concat(chunks)
                request.raw.body = { parsed: true }
              },
            }, async (request) => ({ scheme: request.webhook.scheme, raw: request.rawBody.length }))
          })
        },
        { trustProxy: '127.0.0.1' },
      )
      try {
        const request = twilioDelivery('https://example.com/hooks/twilio')
        const proxied = { ...request, headers: { ...request.headers, 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'example.com' } }
        assert.deepEqual(await post(base + '/hooks/twilio', proxied), [200, 'twilio-form'])
        assert.deepEqual(await post(base + '/hooks/twilio', request), [401, { error: 'signature_mismatch' }])
        const gcf = twilioDelivery(base + '/gcf/twilio')
        assert.deepEqual(await post(base + '/gcf/twilio', gcf), [200, { scheme: 'twilio-form', raw: Buffer.byteLength(gcf.body) }])
      } finally {
        await app.close()
      }
    })

    test("an unknown path in the plugin's context is Fastify's 404, not a 401", async () => {
      const { app, base } = await start(async (app) => {
        app.register(
          async (hooks) => {
            hooks.register(hooksig.fastify, { provider: 'retell', secret: RETELL })
            hooks.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'not_found' }))
            hooks.post('/retell', async () => 'ok')
          },
          { prefix: '/hooks' },
        )
      })
      try {
        assert.deepEqual(await post(base + '/hooks/retell', retellDelivery()), [200, 'ok'])
        assert.deepEqual(await post(base + '/hooks/nowhere', retellDelivery()), [404, { error: 'not_found' }])
      } finally {
        await app.close()
      }
    })

    test('misconfiguration fails at start-up', async () => {
      const bad = Fastify()
      bad.register(async (hooks) => {
        hooks.register(hooksig.fastify, { provider: 'nope', secret: 's' })
      })
      await assert.rejects(bad.ready(), { name: 'ConfigurationError', code: 'unknown_provider' })
      const route = Fastify()
      route.register(async (hooks) => {
        await hooks.register(hooksig.fastify)
        hooks.post('/x', { config: { hooksig: { provider: 'twilio', secret: '' } } }, async () => 'x')
      })
      await assert.rejects(route.ready(), { code: 'invalid_secret' })
      const limit = Fastify()
      limit.register(async (hooks) => {
        hooks.register(hooksig.fastify, { limit: '1mb' })
      })
      await assert.rejects(limit.ready(), { name: 'TypeError', code: 'invalid_argument' })
    })
  })
}

describe('koa', () => {
  const Koa = require('koa')
  const bodyParser = require('koa-bodyparser')

  function app(...middleware) {
    const koa = new Koa()
    koa.silent = true
    koa.use(async (ctx, next) => {
      try {
        await next()
      } catch (error) {
        ctx.status = error.status ?? 500
        ctx.body = { error: error.code, message: error.message }
      }
    })
    for (const each of middleware) koa.use(each)
    return koa
  }

  test('a koa-bodyparser after hooksig.koa leaves the body hooksig parsed; ctx.request.rawBody is the Buffer', async () => {
    const koa = app(hooksig.koa({ provider: 'retell', secret: RETELL }), bodyParser(), (ctx) => {
      ctx.body = { body: ctx.request.body, isBuffer: Buffer.isBuffer(ctx.request.rawBody), scheme: ctx.state.webhook.scheme }
    })
    const server = await listen(koa.callback())
    try {
      assert.deepEqual(await post(server.base, retellDelivery()), [200, { body: JSON.parse(JSON_BODY), isBuffer: true, scheme: 'retell' }])
    } finally {
      await server.close()
    }
  })

  test("koa-bodyparser first: its rawBody is a decoded string, refused with the fix named", async () => {
    const koa = app(bodyParser(), hooksig.koa({ provider: 'retell', secret: RETELL }), (ctx) => {
      ctx.body = 'not reached'
    })
    const server = await listen(koa.callback())
    try {
      const [status, json] = await post(server.base, retellDelivery())
      assert.equal(status, 500)
      assert.equal(json.error, 'raw_body_unavailable')
      assert.match(json.message, /decoded string/)
      assert.match(json.message, /Mount hooksig\.koa\(\.\.\.\) before any body parser/)
    } finally {
      await server.close()
    }
  })

  test('app.proxy: the scheme and host Koa received behind a proxy', async () => {
    const koa = app(hooksig.koa({ provider: 'twilio', secret: TWILIO }), (ctx) => {
      ctx.body = ctx.state.webhook.scheme
    })
    koa.proxy = true
    const server = await listen(koa.callback())
    try {
      const request = twilioDelivery('https://example.com/hooks/twilio')
      const headers = { ...request.headers, 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'example.com' }
      assert.deepEqual(await post(server.base + '/hooks/twilio', { ...request, headers }), [200, 'twilio-form'])
    } finally {
      await server.close()
    }
  })

  test('misconfiguration throws when the middleware is made', () => {
    assert.throws(() => hooksig.koa({ provider: 'nope', secret: 's' }), { name: 'ConfigurationError', code: 'unknown_provider' })
    assert.throws(() => hooksig.koa({ provider: 'retell', secret: 's', limit: 'big' }), TypeError)
    assert.throws(() => hooksig.koa(), TypeError)
  })
})

describe('Web Request', () => {
  const retell = new hooksig.Verifier('retell', RETELL)
  const twilio = new hooksig.Verifier('twilio', TWILIO)

  function webRequest(url, { body, headers }) {
    return new Request(url, { method: 'POST', body, headers })
  }

  test('verifyRequest reads the bytes, never a text decode: a body that is not UTF-8 verifies', async () => {
    const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from('"}')])
    const signed = hooksig.sign('retell', RETELL, { body })
    const request = webRequest('http://127.0.0.1/hooks/retell', { body, headers: { 'Content-Type': 'application/json', ...signed.headers } })
    const { verified, rawBody } = await hooksig.verifyRequest(retell, request)
    assert.equal(verified.scheme, 'retell')
    assert.deepEqual(rawBody, body)
    assert.equal(request.bodyUsed, true)
    // Decoded as text and encoded again, the bytes differ: that is what the core would have seen.
    assert.notDeepEqual(Buffer.from(new TextDecoder().decode(body)), body)
  })

  test('verifyRequest on request.clone() leaves the request readable', async () => {
    const { body, headers } = retellDelivery()
    const request = webRequest('http://127.0.0.1/hooks/retell', { body, headers })
    await hooksig.verifyRequest(retell, request.clone())
    assert.deepEqual(await request.json(), JSON.parse(JSON_BODY))
    await assert.rejects(hooksig.verifyRequest(retell, request), { name: 'ConfigurationError', code: 'raw_body_unavailable', message: /request\.clone\(\)/ })
  })

  test('the URL policy: the received URL by default, publicUrl or trustProxy behind a proxy', async () => {
    const delivery = twilioDelivery('https://example.com/hooks/twilio?id=1')
    const received = 'http://10.0.0.5:8000/hooks/twilio?id=1'
    const forwarded = { ...delivery.headers, 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'example.com' }
    await assert.rejects(hooksig.verifyRequest(twilio, webRequest(received, delivery)), { code: 'signature_mismatch', status: 401 })
    const viaPublic = await hooksig.verifyRequest(twilio, webRequest(received, delivery), { publicUrl: 'https://example.com' })
    assert.equal(viaPublic.verified.scheme, 'twilio-form')
    const viaProxy = await hooksig.verifyRequest(twilio, webRequest(received, { ...delivery, headers: forwarded }), { trustProxy: true })
    assert.equal(viaProxy.verified.scheme, 'twilio-form')
    assert.equal((await hooksig.verifyRequest(twilio, webRequest('https://example.com/hooks/twilio?id=1', delivery))).verified.scheme, 'twilio-form')
  })

  test('a body over the limit while streaming: 413 body_too_large', async () => {
    const body = JSON.stringify({ pad: 'x'.repeat(5000) })
    const request = webRequest('http://127.0.0.1/', retellDelivery(body))
    await assert.rejects(hooksig.verifyRequest(retell, request, { limit: 1024 }), { code: 'body_too_large', status: 413 })
    const handler = hooksig.webhookHandler({ provider: 'retell', secret: RETELL, limit: 1024 }, () => new Response('not reached'))
    const response = await handler(webRequest('http://127.0.0.1/', retellDelivery(body)))
    assert.deepEqual([response.status, response.headers.get('content-type'), await response.json()], [413, 'application/json; charset=utf-8', { error: 'body_too_large' }])
  })

  test("webhookHandler hands the handler (request, verified, rawBody, context): Next.js's { params }", async () => {
    let seen
    const POST = hooksig.webhookHandler({ provider: 'retell', secret: RETELL }, async (request, verified, rawBody, context) => {
      seen = { url: request.url, scheme: verified.scheme, body: JSON.parse(rawBody.toString()), params: await context.params }
      return Response.json({ ok: true })
    })
    const response = await POST(webRequest('http://localhost:3000/api/hooks/retell', retellDelivery()), { params: Promise.resolve({ provider: 'retell' }) })
    assert.equal(response.status, 200)
    assert.deepEqual(seen, { url: 'http://localhost:3000/api/hooks/retell', scheme: 'retell', body: JSON.parse(JSON_BODY), params: { provider: 'retell' } })
    const forged = await POST(webRequest('http://localhost:3000/api/hooks/retell', { ...retellDelivery(), body: '{}' }))
    assert.deepEqual([forged.status, await forged.json()], [401, { error: 'signature_mismatch' }])
  })

  test('wrong arguments are TypeErrors naming the fix', async () => {
    await assert.rejects(hooksig.verifyRequest({}, new Request('http://x/')), { name: 'TypeError', code: 'invalid_argument' })
    const honoRequest = { raw: new Request('http://x/'), url: 'http://x/', method: 'POST' }
    await assert.rejects(hooksig.verifyRequest(retell, honoRequest), { name: 'TypeError', message: /c\.req\.raw/ })
    assert.throws(() => hooksig.webhookHandler({ provider: 'retell', secret: RETELL }), TypeError)
    assert.throws(() => hooksig.webhookHandler({ provider: 'retell', secret: '' }, () => {}), { code: 'invalid_secret' })
    await assert.rejects(hooksig.verifyRequest(twilio, new Request('http://x/'), { publicUrl: 'example.com' }), { code: 'invalid_argument' })
  })
})

describe('bodies a platform parsed: a typed error naming the fix, never re-serialised', () => {
  const express = require('express')

  test("Vercel's Node helpers (req.body parsed, the stream read, no rawBody): raw_body_unavailable naming NODEJS_HELPERS=0", async () => {
    const app = express()
    app.use(async (req, _res, next) => {
      const chunks = []
      for await (const chunk of req) chunks.push(chunk)
      req.body = JSON.parse(Buffer.concat(chunks).toString()) // as @vercel/node's helpers do
      next()
    })
    app.post('/api/hook', hooksig.express({ provider: 'retell', secret: RETELL }), (req, res) => res.json({ reached: true }))
    app.use((error, req, res, _next) => res.status(error.status).json({ error: error.code, message: error.message }))
    const server = await listen(app)
    try {
      const [status, json] = await post(server.base + '/api/hook', retellDelivery())
      assert.equal(status, 500)
      assert.equal(json.error, 'raw_body_unavailable')
      assert.match(json.message, /already parsed object/)
      assert.match(json.message, /NODEJS_HELPERS=0/)
      assert.match(json.message, /req\.rawBody/)
    } finally {
      await server.close()
    }
  })

  test('Google Cloud Functions (req.body parsed, req.rawBody the Buffer): verified from rawBody, req.body kept', async () => {
    const app = express()
    app.use(async (req, _res, next) => {
      const chunks = []
      for await (const chunk of req) chunks.push(chunk)
      req.rawBody = Buffer.concat(chunks)
      req.body = JSON.parse(req.rawBody.toString())
      next()
    })
    app.post('/fn', hooksig.express({ provider: 'retell', secret: RETELL }), (req, res) => res.json({ body: req.body, scheme: req.webhook.scheme }))
    const server = await listen(app)
    try {
      assert.deepEqual(await post(server.base + '/fn', retellDelivery()), [200, { body: JSON.parse(JSON_BODY), scheme: 'retell' }])
    } finally {
      await server.close()
    }
  })

  test('a raw body kept as a string (a decoded copy) is refused, naming the fix', async () => {
    const app = express()
    app.use(express.json({ verify: (req, _res, buffer) => (req.rawBody = buffer.toString()) }))
    app.post('/hook', hooksig.express({ provider: 'retell', secret: RETELL }), (req, res) => res.json({ reached: true }))
    app.use((error, req, res, _next) => res.status(error.status).json({ error: error.code, message: error.message }))
    const server = await listen(app)
    try {
      const [status, json] = await post(server.base + '/hook', retellDelivery())
      assert.equal(status, 500)
      assert.equal(json.error, 'raw_body_unavailable')
      assert.match(json.message, /decoded string, not the bytes received: .*keepRawBody/)
    } finally {
      await server.close()
    }
  })

  test('a parsed object passed to verify is a TypeError naming the platforms\' fixes', () => {
    const { headers } = retellDelivery()
    assert.throws(() => hooksig.verify('retell', RETELL, { headers, body: JSON.parse(JSON_BODY) }), {
      name: 'TypeError',
      code: 'invalid_argument',
      message: /NODEJS_HELPERS=0.*req\.rawBody/s,
    })
  })
})
