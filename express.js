'use strict'
// Express (4 and 5) middleware: gathers the method, the URL the provider signed, the headers
// and the raw body, and hands them to the core. Nothing here decides whether a request is
// genuine.

const querystring = require('node:querystring')

/** Bodies from this size up are verified on the libuv thread pool, off the event loop. */
const ASYNC_MIN_BODY = 64 * 1024
const DEFAULT_LIMIT = 1024 * 1024

/** For `express.json({ verify: hooksig.keepRawBody })`: keeps the raw bytes at `req.rawBody`. */
function keepRawBody(req, _res, buffer) {
  req.rawBody = buffer
}

function configurationError(message, status = 500) {
  const error = new Error(`hooksig.express: ${message}`)
  error.name = 'HooksigConfigurationError'
  error.code = 'raw_body_unavailable'
  error.status = status
  error.expose = false
  return error
}

/** The raw body: kept by `keepRawBody` or `express.raw()`, else read from the stream. */
function rawBodyOf(req, limit) {
  if (Buffer.isBuffer(req.rawBody)) return Promise.resolve(req.rawBody)
  if (Buffer.isBuffer(req.body)) return Promise.resolve(req.body) // express.raw()
  if (req._body || req.readableEnded) {
    return Promise.reject(
      configurationError(
        'the request body was consumed by a body parser (e.g. a global express.json()) before ' +
          'hooksig could read it, so its signature cannot be checked. Keep the raw bytes with ' +
          'express.json({ verify: hooksig.keepRawBody }) (and express.urlencoded likewise), or ' +
          'mount hooksig.express(...) on the route before any body parser.',
      ),
    )
  }
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    if (declared > limit) {
      reject(Object.assign(new Error('request body too large'), { status: 413, expose: true, code: 'invalid_body' }))
      req.resume()
      return
    }
    const chunks = []
    let size = 0
    const onData = (chunk) => {
      size += chunk.length
      if (size > limit) {
        cleanup()
        req.resume()
        reject(Object.assign(new Error('request body too large'), { status: 413, expose: true, code: 'invalid_body' }))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size))
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

function reject(res, code) {
  res.statusCode = 401
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.end(JSON.stringify({ error: code }))
}

/**
 * Route-scoped middleware: verifies before the handler runs, then sets `req.webhook` (the
 * verified result), `req.rawBody` and `req.body` (parsed JSON or form, unless a body parser
 * already set it). A rejected request gets 401 `{"error": "<code>"}`.
 */
function express(options) {
  const hooksig = require('./index.js')
  if (options === null || typeof options !== 'object') {
    throw Object.assign(new TypeError('hooksig.express needs { provider, secret }'), { code: 'invalid_argument' })
  }
  const { provider, secret, publicUrl, trustProxy = false, tolerance, limit = DEFAULT_LIMIT } = options
  const verifier = new hooksig.Verifier(provider, secret, { tolerance })
  // Misconfiguration fails at start-up, not on the first delivery.
  hooksig.requestUrl({ scheme: 'http', host: 'localhost', target: '/', publicUrl, trustProxy })

  return async function hooksigMiddleware(req, res, next) {
    let raw
    try {
      raw = await rawBodyOf(req, limit)
    } catch (error) {
      next(error)
      return
    }
    try {
      const url = verifier.signsUrl
        ? hooksig.requestUrl({
            scheme: req.socket && req.socket.encrypted ? 'https' : 'http',
            host: req.headers.host,
            target: req.originalUrl ?? req.url,
            headers: req.headers,
            publicUrl,
            trustProxy,
          })
        : undefined
      const request = { method: req.method, url, headers: req.headers, body: raw }
      req.webhook = raw.length >= ASYNC_MIN_BODY ? await verifier.verifyAsync(request) : verifier.verify(request)
    } catch (error) {
      if (error instanceof hooksig.WebhookVerificationError) {
        reject(res, error.code)
        return
      }
      next(error)
      return
    }
    req.rawBody = raw
    if (!req._body) req.body = parsedBody(req.headers['content-type'], raw)
    next()
  }
}

module.exports = { express, keepRawBody }
