'use strict'
// Shared by the Node adapters (express.js, fastify.js, koa.js, web.js, lambda.js): option
// checking, the raw-body reader (with a limit, Content-Length first), the parsed body a handler
// gets, the rejection answer and the verify call. Adapters only gather method, URL as received,
// headers and bytes; every decision, code, message and status is the core's.

const querystring = require('node:querystring')

/** Bodies from this size up are verified on the libuv thread pool, off the event loop. */
const ASYNC_MIN_BODY = 64 * 1024
/** The largest body an adapter reads by default: 1 MiB. */
const DEFAULT_LIMIT = 1024 * 1024
const EMPTY = Buffer.alloc(0)

/** index.js, required when first needed (it requires the adapters itself). */
function hooksig() {
  return require('./index.js')
}

function typeError(message) {
  return Object.assign(new TypeError(message), { code: 'invalid_argument' })
}

/** The core's `raw_body_unavailable` (a ConfigurationError, 500) with `reason` naming the fix. */
function unavailable(reason) {
  const { errorOf, native } = hooksig()
  return errorOf(native.rawBodyUnavailable(reason))
}

/** The core's `body_too_large` (a WebhookVerificationError, 413). */
function tooLarge(limit) {
  const { errorOf, native } = hooksig()
  return errorOf(native.bodyTooLarge(limit))
}

/**
 * The options every adapter takes, checked at start-up: `{ provider, secret, tolerance,
 * allowUnsignedBody, publicUrl, trustProxy, limit }` → `{ verifier, publicUrl, trustProxy,
 * limit }`. Misconfiguration (an unknown provider, an empty secret, a bad publicUrl) throws now,
 * not on the first delivery.
 */
function configure(options, what) {
  const { Verifier, requestUrl } = hooksig()
  if (options === null || typeof options !== 'object') throw typeError(`${what} needs { provider, secret }`)
  const { provider, secret, publicUrl, trustProxy = false, tolerance, allowUnsignedBody, limit = DEFAULT_LIMIT } = options
  if (typeof limit !== 'number' || !(limit >= 0)) throw typeError(`${what}: limit must be a number of bytes, not ${limit}`)
  const verifier = new Verifier(provider, secret, { tolerance, allowUnsignedBody })
  requestUrl({ scheme: 'http', host: 'localhost', target: '/', publicUrl, trustProxy })
  return { verifier, publicUrl, trustProxy: Boolean(trustProxy), limit }
}

/**
 * Verifies what an adapter gathered: `target` is the raw request target (path and query as
 * received), `scheme` and `host` what the server received; the URL policy (`publicUrl`,
 * `trustProxy`) is the core's `requestUrl`. Large bodies hash on the thread pool.
 */
function verifyGathered(settings, { method, scheme, host, target, headers, body }) {
  const { verifier, publicUrl, trustProxy } = settings
  const url = verifier.signsUrl ? hooksig().requestUrl({ scheme, host, target, headers, publicUrl, trustProxy }) : undefined
  const request = { method, url, headers, body }
  return body.length >= ASYNC_MIN_BODY ? verifier.verifyAsync(request) : Promise.resolve(verifier.verify(request))
}

/** Whether `error` is a rejection (answer it) rather than misuse (the app's error handling). */
function isRejection(error) {
  return error instanceof hooksig().WebhookVerificationError
}

/** Whether a Node request's stream has been read to its end (by someone else: hooksig had not). */
function consumed(req) {
  return req.readableEnded === true || (req.complete === true && req.readable === false)
}

/**
 * Reads a Node stream to its end, up to `limit` bytes (a declared Content-Length over it is
 * refused before reading): the bytes as received, or the core's `body_too_large`.
 */
function readStream(stream, limit, contentLength) {
  return new Promise((resolve, reject) => {
    if (Number(contentLength) > limit) {
      reject(tooLarge(limit))
      return
    }
    const chunks = []
    let size = 0
    const onData = (chunk) => {
      size += chunk.length
      if (size > limit) {
        cleanup()
        reject(tooLarge(limit))
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
      stream.off('data', onData)
      stream.off('end', onEnd)
      stream.off('error', onError)
    }
    stream.on('data', onData)
    stream.on('end', onEnd)
    stream.on('error', onError)
  })
}

/** What a platform or parser left at `body` when the bytes are gone, for the message. */
function parsedHelp(body) {
  if (body === undefined || body === null) return ''
  const what = typeof body === 'string' ? 'a decoded string' : typeof body === 'object' ? 'an already parsed object' : `a ${typeof body}`
  return (
    `the body is ${what}, and hooksig never re-serialises one (the bytes would differ). ` +
    "On Vercel, the Node helpers parse it: set NODEJS_HELPERS=0 (then the stream is unread). On Google " +
    'Cloud Functions and Firebase, the platform keeps the bytes at req.rawBody (a Buffer): pass that. Else '
  )
}

/**
 * The raw body of a Node request (`IncomingMessage`, as Express, Koa and Fastify wrap it), and
 * whether it was read here:
 * - kept as bytes by a parser or platform (`req.rawBody` a Buffer, as keepRawBody and Google
 *   Cloud Functions leave it; `req.body` a Buffer, as express.raw() leaves it);
 * - else the stream, unread: read it (up to `limit`);
 * - else gone: the core's `raw_body_unavailable`, naming `consumedHelp` (the framework's fix).
 * A string `rawBody` is a decoded copy, not the bytes: refused too.
 */
function rawBodyOf(req, limit, consumedHelp, { rawBody = req.rawBody, body = req.body, stream = req } = {}) {
  // A stream other than req (Fastify's payload after a preParsing hook) carries no headers.
  const declared = stream === req ? req.headers['content-length'] : undefined
  if (Buffer.isBuffer(rawBody)) return Promise.resolve({ raw: rawBody, read: false })
  if (Buffer.isBuffer(body)) return Promise.resolve({ raw: body, read: false })
  if (typeof rawBody === 'string') {
    return Promise.reject(unavailable(`the raw body was kept as a decoded string, not the bytes received: ${consumedHelp}`))
  }
  if (consumed(stream)) return Promise.reject(unavailable(parsedHelp(body) + consumedHelp))
  return readStream(stream, limit, declared).then((raw) => ({ raw, read: true }))
}

/** What a handler gets as the parsed body when hooksig read it: JSON, form fields or the bytes. */
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

/** The body of a rejection answer: `{"error": "<the core's code>"}`. */
function rejectionJson(error) {
  return JSON.stringify({ error: error.code })
}

const JSON_TYPE = 'application/json; charset=utf-8'

/** Answers a rejection on a Node response with the core's status (401, 413) and `{"error": code}`. */
function reject(req, res, error) {
  res.statusCode = error.status
  res.setHeader('Content-Type', JSON_TYPE)
  if (!req.readableEnded) {
    // The rest of an unread body is not wanted: drain it, and close the connection after.
    res.setHeader('Connection', 'close')
    req.resume()
  }
  res.end(rejectionJson(error))
}

module.exports = {
  ASYNC_MIN_BODY,
  DEFAULT_LIMIT,
  EMPTY,
  JSON_TYPE,
  hooksig,
  typeError,
  unavailable,
  tooLarge,
  configure,
  verifyGathered,
  isRejection,
  consumed,
  readStream,
  rawBodyOf,
  parsedBody,
  rejectionJson,
  reject,
}
