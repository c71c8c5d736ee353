'use strict'
// One conformance table for every Node adapter: each ADAPTER serves the same ROUTES under its
// real server on 127.0.0.1 (Lambda: invoked with the events each AWS service delivers), and
// every CASE runs against each of them. A new adapter is one more entry in ADAPTERS; a case
// that cannot apply to an adapter is listed in its `notApplicable` with the reason, and the
// table printed at the end (as a test diagnostic) shows it.
//
// Columns still to come: a handshake (issue 10) and a duplicate delivery (issue 11) are not
// adapter features yet; add them to CASES when those land.

const assert = require('node:assert/strict')
const { Readable } = require('node:stream')
const { describe, test, after } = require('node:test')
const hooksig = require('../..')
const { listen } = require('./helpers.js')
const { SHAPES, lambdaEvent } = require('./lambda_events.js')

const SECRETS = { retell: 'key_retell_7f3a9c', twilio: 'twilio_auth_token_12ab' }
const FORM = 'application/x-www-form-urlencoded'
const LIMIT = 1024

/**
 * What every adapter serves. `pattern` is the route as the frameworks with a router write it;
 * `consume` puts something that reads the body before hooksig (the framework's usual parser).
 */
const ROUTES = [
  { name: 'retell', path: '/hooks/retell', pattern: '/hooks/retell', provider: 'retell' },
  { name: 'twilio', path: '/hooks/twilio', pattern: '/hooks/twilio', provider: 'twilio' },
  { name: 'encoded', path: '/enc/caf%C3%A9/twilio', pattern: '/enc/:segment/twilio', regex: /^\/enc\/[^/]+\/twilio$/, provider: 'twilio' },
  { name: 'limited', path: '/limited/retell', pattern: '/limited/retell', provider: 'retell', options: { limit: LIMIT } },
  { name: 'consumed', path: '/consumed/retell', pattern: '/consumed/retell', provider: 'retell', consume: true },
]

function optionsOf(route) {
  return { provider: route.provider, secret: SECRETS[route.provider], ...route.options }
}

/** The parsed body for the adapters that hand the handler bytes only (Web, Lambda). */
function parse(contentType, raw) {
  const text = Buffer.from(raw).toString('utf8')
  if (String(contentType).startsWith('application/json')) return JSON.parse(text)
  if (String(contentType).startsWith(FORM)) return Object.fromEntries(new URLSearchParams(text))
  return text
}

function errorJson(error) {
  return { error: error.code ?? 'internal', name: error.name, message: error.message }
}

// ---- the adapters ---------------------------------------------------------------------------

function expressAdapter(module) {
  return async () => {
    const express = require(module)
    const app = express()
    for (const route of ROUTES) {
      const chain = [hooksig.express(optionsOf(route))]
      if (route.consume) chain.unshift(express.json())
      app.post(route.pattern, ...chain, (req, res) => res.json({ scheme: req.webhook.scheme, body: req.body, raw: req.rawBody.length }))
    }
    app.use((error, req, res, _next) => res.status(error.status ?? 500).json(errorJson(error)))
    return overHttp(await listen(app))
  }
}

function fastifyAdapter(module) {
  return async () => {
    // Keep-alive sockets closed by close(): Fastify 5 leaves them to Node 19+'s server.close(),
    // so on Node 18 close() would wait for them forever.
    const app = require(module)({ forceCloseConnections: true })
    app.setErrorHandler((error, request, reply) => reply.code(error.status ?? error.statusCode ?? 500).send(errorJson(error)))
    app.register(async (hooks) => {
      hooks.register(hooksig.fastify)
      for (const route of ROUTES) {
        const onRequest = route.consume
          ? async (request) => {
              for await (const _chunk of request.raw); // a hook that reads the stream first
            }
          : undefined
        hooks.post(route.pattern, { config: { hooksig: optionsOf(route) }, onRequest }, async (request) => ({
          scheme: request.webhook.scheme,
          body: request.body,
          raw: request.rawBody.length,
        }))
      }
    })
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    return overHttp({ base: address, close: () => app.close() })
  }
}

function koaAdapter(module) {
  return async () => {
    const Koa = require(module)
    const bodyParser = require('koa-bodyparser')
    const app = new Koa()
    app.silent = true
    app.use(async (ctx, next) => {
      try {
        await next()
      } catch (error) {
        ctx.status = error.status ?? 500
        ctx.body = errorJson(error)
      }
    })
    const handler = (ctx) => {
      ctx.body = { scheme: ctx.state.webhook.scheme, body: ctx.request.body, raw: ctx.request.rawBody.length }
    }
    const mounted = ROUTES.map((route) => {
      const verify = hooksig.koa(optionsOf(route))
      const parser = route.consume ? bodyParser() : null
      const run = (ctx) => verify(ctx, () => handler(ctx))
      return { route, run: parser ? (ctx) => parser(ctx, () => run(ctx)) : run }
    })
    app.use(async (ctx, next) => {
      const found = mounted.find(({ route }) => ctx.method === 'POST' && (route.regex ? route.regex.test(ctx.path) : ctx.path === route.path))
      if (found === undefined) return next()
      await found.run(ctx)
    })
    return overHttp(await listen(app.callback()))
  }
}

/** Node's own HTTP server converting each request to a Web `Request`, as a runtime would. */
function webAdapter() {
  return async () => {
    const handlers = ROUTES.map((route) => ({
      route,
      handle: hooksig.webhookHandler(optionsOf(route), (request, verified, rawBody) =>
        Response.json({ scheme: verified.scheme, body: parse(request.headers.get('content-type'), rawBody), raw: rawBody.length }),
      ),
    }))
    const server = await listen(async (req, res) => {
      const headers = new Headers()
      for (const [name, value] of Object.entries(req.headers)) headers.set(name, [].concat(value).join(', '))
      const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers,
        body: hasBody ? Readable.toWeb(req) : undefined,
        duplex: 'half',
      })
      const pathname = req.url.split('?')[0]
      const found = handlers.find(({ route }) => (route.regex ? route.regex.test(pathname) : pathname === route.path))
      let response
      try {
        if (found.route.consume) await request.text() // read before hooksig
        response = await found.handle(request)
      } catch (error) {
        response = Response.json(errorJson(error), { status: error.status ?? 500 })
      }
      res.writeHead(response.status, Object.fromEntries(response.headers))
      res.end(Buffer.from(await response.arrayBuffer()))
    })
    return overHttp(server)
  }
}

function honoAdapter() {
  return async () => {
    const { Hono } = require('hono')
    const { serve } = require('@hono/node-server')
    const app = new Hono()
    app.onError((error, c) => c.json(errorJson(error), error.status ?? 500))
    for (const route of ROUTES) {
      const handle = hooksig.webhookHandler(optionsOf(route), (request, verified, rawBody) =>
        Response.json({ scheme: verified.scheme, body: parse(request.headers.get('content-type'), rawBody), raw: rawBody.length }),
      )
      app.post(route.pattern, async (c) => {
        if (route.consume) await c.req.text() // Hono's body cache reads the Request first
        return handle(c.req.raw)
      })
    }
    const server = await new Promise((resolve) => {
      const running = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(running))
    })
    const { port } = server.address()
    return overHttp({
      base: `http://127.0.0.1:${port}`,
      close: () =>
        new Promise((done) => {
          server.closeAllConnections?.()
          server.close(done)
        }),
    })
  }
}

/** Requests over real HTTP to `server.base`. */
function overHttp(server) {
  return {
    base: server.base,
    close: server.close,
    async send(target, { headers, body }) {
      const response = await fetch(server.base + target, { method: 'POST', headers, body, duplex: 'half' })
      return { status: response.status, json: await response.json() }
    },
  }
}

/** Invokes `hooksig.lambda` handlers with the events `shape` delivers (base64 bodies for forms, as the services send them). */
function lambdaAdapter(shape) {
  return async () => {
    const handlers = ROUTES.map((route) => ({
      route,
      handle: hooksig.lambda(optionsOf(route), async (event, verified, rawBody) => ({
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          scheme: verified.scheme,
          body: parse(event.headers['content-type'] ?? event.headers['Content-Type'], rawBody),
          raw: rawBody.length,
        }),
      })),
    }))
    return {
      base: SHAPES[shape].base,
      close: async () => {},
      async send(target, { headers, body }) {
        const contentType = headers['Content-Type']
        const event = lambdaEvent(shape, { target, headers, body, base64: shape !== 'v1' && contentType === FORM })
        const pathname = target.split('?')[0]
        const found = handlers.find(({ route }) => (route.regex ? route.regex.test(pathname) : pathname === route.path))
        if (found.route.consume) event.body = JSON.parse(body) // a middleware parsed event.body first (e.g. middy)
        try {
          const result = await found.handle(event, {})
          return { status: result.statusCode, json: JSON.parse(result.body) }
        } catch (error) {
          return { status: error.status ?? 500, json: errorJson(error) }
        }
      },
    }
  }
}

const NO_STREAM = 'a Lambda event carries the whole body: there is no stream to send in chunks'
const ADAPTERS = [
  { name: 'express 5', start: expressAdapter('express') },
  { name: 'express 4', start: expressAdapter('express4') },
  { name: 'fastify 5', start: fastifyAdapter('fastify') },
  { name: 'fastify 4', start: fastifyAdapter('fastify4') },
  { name: 'koa 3', start: koaAdapter('koa') },
  { name: 'koa 2', start: koaAdapter('koa2') },
  { name: 'web Request (node:http)', start: webAdapter() },
  { name: 'hono (@hono/node-server)', start: honoAdapter() },
  { name: 'lambda REST API (v1)', start: lambdaAdapter('v1'), notApplicable: { 'over the limit, streamed': NO_STREAM } },
  { name: 'lambda HTTP API (v2)', start: lambdaAdapter('v2'), notApplicable: { 'over the limit, streamed': NO_STREAM } },
  { name: 'lambda Function URL', start: lambdaAdapter('function-url'), notApplicable: { 'over the limit, streamed': NO_STREAM } },
  { name: 'lambda ALB', start: lambdaAdapter('alb'), notApplicable: { 'over the limit, streamed': NO_STREAM } },
]

// ---- the cases ------------------------------------------------------------------------------

const JSON_BODY = JSON.stringify({ event: 'call_ended', call: { id: 'c1', from: '+15551234567' } })
const FORM_BODY = 'CallSid=CA1&From=%2B15551234567&Body=caf%C3%A9+ol%C3%A9'

function delivery(server, route, { target = route.path, secret, now, body } = {}) {
  const json = route.provider === 'retell'
  const contentType = json ? 'application/json' : FORM
  body ??= json ? JSON_BODY : FORM_BODY
  const signed = hooksig.sign(route.provider, secret ?? SECRETS[route.provider], { url: server.base + target, headers: { 'Content-Type': contentType }, body, now })
  return { body, headers: { 'Content-Type': contentType, ...signed.headers } }
}

const route = (name) => ROUTES.find((each) => each.name === name)

async function rejected(server, target, request, status, code) {
  const response = await server.send(target, request)
  assert.deepEqual(response, { status, json: { error: code } })
}

const CASES = {
  'genuine JSON': async (server) => {
    const response = await server.send('/hooks/retell', delivery(server, route('retell')))
    assert.deepEqual(response, { status: 200, json: { scheme: 'retell', body: JSON.parse(JSON_BODY), raw: Buffer.byteLength(JSON_BODY) } })
  },
  'genuine form': async (server) => {
    const response = await server.send('/hooks/twilio', delivery(server, route('twilio')))
    assert.deepEqual(response, {
      status: 200,
      json: { scheme: 'twilio-form', body: { CallSid: 'CA1', From: '+15551234567', Body: 'café olé' }, raw: Buffer.byteLength(FORM_BODY) },
    })
  },
  'tampered body': async (server) => {
    const json = delivery(server, route('retell'))
    await rejected(server, '/hooks/retell', { ...json, body: json.body.replace('c1', 'c2') }, 401, 'signature_mismatch')
    const form = delivery(server, route('twilio'))
    await rejected(server, '/hooks/twilio', { ...form, body: form.body.replace('CA1', 'CA2') }, 401, 'signature_mismatch')
  },
  'wrong secret': async (server) => {
    await rejected(server, '/hooks/retell', delivery(server, route('retell'), { secret: 'key_retell_other' }), 401, 'signature_mismatch')
    await rejected(server, '/hooks/twilio', delivery(server, route('twilio'), { secret: 'twilio_other_token' }), 401, 'signature_mismatch')
  },
  'no signature': async (server) => {
    const { body, headers } = delivery(server, route('retell'))
    await rejected(server, '/hooks/retell', { body, headers: { 'Content-Type': headers['Content-Type'] } }, 401, 'missing_header')
  },
  stale: async (server) => {
    await rejected(server, '/hooks/retell', delivery(server, route('retell'), { now: Date.now() / 1000 - 3600 }), 401, 'timestamp_out_of_tolerance')
  },
  'percent-encoded path and query': async (server) => {
    const target = '/enc/caf%C3%A9/twilio?note=a%20b&From=%2B15551234567'
    const request = delivery(server, route('encoded'), { target })
    const response = await server.send(target, request)
    assert.equal(response.status, 200, JSON.stringify(response.json))
    // The same URL encoded otherwise is another URL: the signature does not match it.
    await rejected(server, target.replace('a%20b', 'a+b'), request, 401, 'signature_mismatch')
  },
  'over the limit, declared': async (server) => {
    const body = JSON.stringify({ pad: 'x'.repeat(4 * LIMIT) })
    await rejected(server, '/limited/retell', delivery(server, route('limited'), { body }), 413, 'body_too_large')
  },
  'over the limit, streamed': async (server) => {
    const body = JSON.stringify({ pad: 'x'.repeat(4 * LIMIT) })
    const { headers } = delivery(server, route('limited'), { body })
    const stream = new ReadableStream({
      start(controller) {
        for (let at = 0; at < body.length; at += 512) controller.enqueue(Buffer.from(body.slice(at, at + 512)))
        controller.close()
      },
    })
    await rejected(server, '/limited/retell', { headers, body: stream }, 413, 'body_too_large')
  },
  'consumed stream': async (server) => {
    const response = await server.send('/consumed/retell', delivery(server, route('consumed')))
    assert.equal(response.status, 500, JSON.stringify(response.json))
    assert.equal(response.json.error, 'raw_body_unavailable')
    assert.equal(response.json.name, 'ConfigurationError')
    assert.match(response.json.message, /^the raw request body is unavailable: /) // the core's message
  },
  // 'handshake': issue 10. 'duplicate': issue 11.
}

// ---- the table ------------------------------------------------------------------------------

const outcomes = new Map() // adapter → case → 'pass' | 'FAIL' | 'n/a: …'

for (const adapter of ADAPTERS) {
  const row = new Map()
  outcomes.set(adapter.name, row)
  describe(adapter.name, () => {
    let server
    after(() => server?.close())
    for (const [name, check] of Object.entries(CASES)) {
      const reason = adapter.notApplicable?.[name]
      test(name, async () => {
        if (reason !== undefined) {
          row.set(name, `n/a: ${reason}`)
          return
        }
        server ??= await adapter.start()
        row.set(name, 'FAIL')
        await check(server)
        row.set(name, 'pass')
      })
    }
  })
}

test('the conformance table', (t) => {
  const names = Object.keys(CASES)
  const lines = [`| adapter | ${names.join(' | ')} |`, `|---|${names.map(() => '---').join('|')}|`]
  const notes = []
  for (const [adapter, row] of outcomes) {
    const cells = names.map((name) => {
      const outcome = row.get(name) ?? 'not run'
      if (!outcome.startsWith('n/a')) return outcome
      notes.push(`${adapter}, ${name}: ${outcome.slice(5)}`)
      return 'n/a'
    })
    lines.push(`| ${adapter} | ${cells.join(' | ')} |`)
  }
  for (const line of [...lines, ...notes]) t.diagnostic(line)
  for (const [adapter, row] of outcomes) {
    for (const name of names) assert.ok(row.get(name) === 'pass' || row.get(name)?.startsWith('n/a'), `${adapter} × ${name}: ${row.get(name)}`)
  }
})
