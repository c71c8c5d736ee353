'use strict'
// Express (4 and 5) middleware: gathers the method, the URL the provider signed (from what
// Express received, under the app's `trust proxy`), the headers and the raw body, and hands
// them to the core. Nothing here decides whether a request is genuine; every code and message
// an answer carries is the core's.

const adapter = require('./adapter.js')

/** For `express.json({ verify: hooksig.keepRawBody })`: keeps the raw bytes at `req.rawBody`. */
function keepRawBody(req, _res, buffer) {
  req.rawBody = buffer
}

const CONSUMED_HELP =
  'a body parser (e.g. a global express.json()) read it before hooksig.express could. Keep the ' +
  'raw bytes with express.json({ verify: hooksig.keepRawBody }) (and express.urlencoded likewise), ' +
  'or mount hooksig.express(...) on the route before any body parser'

/** The first of a header's comma-separated values, as Express takes it. */
function first(value) {
  const text = Array.isArray(value) ? value.join(',') : String(value)
  const comma = text.indexOf(',')
  return (comma === -1 ? text : text.slice(0, comma)).trim()
}

/**
 * The scheme and host Express received, under the app's `trust proxy` setting: when it trusts
 * the peer, Express's `req.protocol` and host come from X-Forwarded-Proto / X-Forwarded-Host
 * (first value), as in `req.protocol`, `req.hostname` and Express 5's `req.host`; the host is
 * kept with its port, which `req.hostname` drops. Without the setting (Express's default), the
 * socket's scheme and the Host header.
 */
function received(req) {
  const trust = typeof req.app?.get === 'function' ? req.app.get('trust proxy fn') : undefined
  const trusted = typeof trust === 'function' && Boolean(trust(req.socket?.remoteAddress, 0))
  const socketScheme = req.socket?.encrypted ? 'https' : 'http'
  const scheme = trusted && typeof req.protocol === 'string' ? req.protocol : socketScheme
  const forwardedHost = req.headers['x-forwarded-host']
  const host = trusted && forwardedHost ? first(forwardedHost) : req.headers.host
  return { scheme, host }
}

/**
 * Route-scoped middleware: verifies before the handler runs, then sets `req.webhook` (the
 * verified result), `req.rawBody` and, when it read the body itself, `req.body` (parsed JSON or
 * form). A body a parser produced (`express.raw()`, or a parser with `keepRawBody`) stays as
 * the parser made it. A rejected request gets the core's status and `{"error": "<code>"}`: 401,
 * or 413 for a body over `limit`.
 */
function express(options) {
  const hooksig = require('./index.js')
  const settings = adapter.configure(options, 'hooksig.express')

  return async function hooksigMiddleware(req, res, next) {
    let raw
    let read
    try {
      // Kept by keepRawBody (`req.rawBody`) or express.raw() (`req.body` a Buffer): what a parser
      // made of it stays in `req.body`. Else the stream, read here; else raw_body_unavailable.
      ;({ raw, read } = await adapter.rawBodyOf(req, settings.limit, CONSUMED_HELP))
      req.webhook = await adapter.verifyGathered(settings, {
        method: req.method,
        ...received(req),
        target: req.originalUrl ?? req.url,
        headers: req.headers,
        body: raw,
      })
    } catch (error) {
      if (error instanceof hooksig.WebhookVerificationError) adapter.reject(req, res, error)
      else next(error)
      return
    }
    req.rawBody = raw
    if (read) req.body = adapter.parsedBody(req.headers['content-type'], raw)
    next()
  }
}

module.exports = { express, keepRawBody }
