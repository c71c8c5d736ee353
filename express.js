'use strict'
// Express (4 and 5) middleware: gathers the method, the URL the provider signed (from what
// Express received, under the app's `trust proxy`), the headers and the raw body, and hands
// them to the core. Nothing here decides whether a request is genuine; every code and message
// an answer carries is the core's.

const querystring = require('node:querystring')

/** Bodies from this size up are verified on the libuv thread pool, off the event loop. */
const ASYNC_MIN_BODY = 64 * 1024
const DEFAULT_LIMIT = 1024 * 1024

/** For `express.json({ verify: hooksig.keepRawBody })`: keeps the raw bytes at `req.rawBody`. */
function keepRawBody(req, _res, buffer) {
  req.rawBody = buffer
}

const CONSUMED_HELP =
  'a body parser (e.g. a global express.json()) read it before hooksig.express could. Keep the ' +
  'raw bytes with express.json({ verify: hooksig.keepRawBody }) (and express.urlencoded likewise), ' +
  'or mount hooksig.express(...) on the route before any body parser'

/** Whether the request's stream has been read to its end (by a body parser, since hooksig has not). */
function consumed(req) {
  return req.readableEnded === true || (req.complete === true && req.readable === false)
}

/**
 * The raw body, and whether this middleware read it from the stream:
 * - kept by `keepRawBody` (`req.rawBody`), or produced by `express.raw()` (`req.body` a
 *   Buffer): a parser read the stream, and what it made of it stays in `req.body`;
 * - else, the stream unread: read it here (up to `limit`);
 * - else the body is gone: the core's `raw_body_unavailable`.
 */
function rawBodyOf(req, limit, hooksig) {
  if (Buffer.isBuffer(req.rawBody)) return Promise.resolve({ raw: req.rawBody, read: false })
  if (Buffer.isBuffer(req.body)) return Promise.resolve({ raw: req.body, read: false })
  if (consumed(req)) return Promise.reject(hooksig.errorOf(hooksig.native.rawBodyUnavailable(CONSUMED_HELP)))
  const tooLarge = () => hooksig.errorOf(hooksig.native.bodyTooLarge(limit))
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    if (declared > limit) {
      reject(tooLarge())
      return
    }
    const chunks = []
    let size = 0
    const onData = (chunk) => {
      size += chunk.length
      if (size > limit) {
        cleanup()
        reject(tooLarge())
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve({ raw: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size), read: true })
    }
    const onError = (error) => {
      cleanup()
      reject(error)
    }
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}

/** What the handler gets as `req.body` when no body parser ran: JSON, form fields or bytes. */
function parsedBody(contentType, raw) {
  const type = String(contentType ?? '').split(';')[0].trim().toLowerCase()
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return JSON.parse(raw.toString('utf8'))
    } catch {
      return raw.toString('utf8')
    }
  }
  if (type === 'application/x-www-form-urlencoded') return { ...querystring.parse(raw.toString('utf8')) }
  return raw
}

/** Answers a rejection with the core's status (401, 413) and `{"error": code}`. */
function reject(req, res, error) {
  res.statusCode = error.status
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  if (!req.readableEnded) {
    // The rest of an unread body is not wanted: drain it, and close the connection after.
    res.setHeader('Connection', 'close')
    req.resume()
  }
  res.end(JSON.stringify({ error: error.code }))
}

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
  if (options === null || typeof options !== 'object') {
    throw Object.assign(new TypeError('hooksig.express needs { provider, secret }'), { code: 'invalid_argument' })
  }
  const { provider, secret, publicUrl, trustProxy = false, tolerance, allowUnsignedBody, limit = DEFAULT_LIMIT } = options
  if (typeof limit !== 'number' || !(limit >= 0)) {
    throw Object.assign(new TypeError(`hooksig.express: limit must be a number of bytes, not ${limit}`), { code: 'invalid_argument' })
  }
  const verifier = new hooksig.Verifier(provider, secret, { tolerance, allowUnsignedBody })
  // Misconfiguration fails at start-up, not on the first delivery.
  hooksig.requestUrl({ scheme: 'http', host: 'localhost', target: '/', publicUrl, trustProxy })

  return async function hooksigMiddleware(req, res, next) {
    let body
    try {
      body = await rawBodyOf(req, limit, hooksig)
    } catch (error) {
      if (error instanceof hooksig.WebhookVerificationError) reject(req, res, error)
      else next(error)
      return
    }
    const { raw, read } = body
    try {
      const url = verifier.signsUrl
        ? hooksig.requestUrl({
            ...received(req),
            target: req.originalUrl ?? req.url,
            headers: req.headers,
            publicUrl,
            trustProxy,
          })
        : undefined
      const request = { method: req.method, url, headers: req.headers, body: raw }
      req.webhook = raw.length >= ASYNC_MIN_BODY ? await verifier.verifyAsync(request) : verifier.verify(request)
    } catch (error) {
      if (error instanceof hooksig.WebhookVerificationError) reject(req, res, error)
      else next(error)
      return
    }
    req.rawBody = raw
    if (read) req.body = parsedBody(req.headers['content-type'], raw)
    next()
  }
}

module.exports = { express, keepRawBody }
