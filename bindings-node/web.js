'use strict'
// Web-standard `Request` → `Response` (Next.js App Router route handlers, Hono on Node, Bun):
// gathers the method, `request.url` (absolute, as the runtime built it), the headers and the
// body's bytes (read from its stream with a limit, never decoded as text), and hands them to
// the core.

const adapter = require('./adapter.js')

const CONSUMED_HELP =
  'the Request body was already read (request.json(), .text(), .formData(), or Hono\'s ' +
  'c.req.json()) before hooksig: verify first, or pass request.clone()'

/** `scheme://host` and the target (path and query) of an absolute URL, split as given, not re-encoded. */
function splitUrl(url) {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^#]*)/.exec(url)
  if (match === null) throw adapter.typeError('request.url must be an absolute URL (a Web Request has one)')
  const [, scheme, host, rest] = match
  return { scheme: scheme.toLowerCase(), host, target: rest === '' ? '/' : rest.startsWith('?') ? '/' + rest : rest }
}

function checkRequest(request) {
  const ok =
    request !== null &&
    typeof request === 'object' &&
    typeof request.url === 'string' &&
    typeof request.method === 'string' &&
    typeof request.headers?.get === 'function'
  if (!ok) {
    const hint = request?.raw !== undefined ? " (in Hono pass c.req.raw, the Web Request, not c.req)" : ''
    throw adapter.typeError(`expected a Web-standard Request${hint}`)
  }
}

/**
 * The body's bytes, read from `request.body` up to `limit` (a Content-Length over it is refused
 * before reading; a stream that passes it is cancelled): the core's `body_too_large`, or
 * `raw_body_unavailable` when someone read the body first.
 */
async function readBody(request, limit) {
  if (request.bodyUsed || request.body?.locked) throw adapter.unavailable(CONSUMED_HELP)
  if (Number(request.headers.get('content-length')) > limit) throw adapter.tooLarge(limit)
  const stream = request.body
  if (stream === null || stream === undefined) return adapter.EMPTY
  if (typeof stream.getReader !== 'function') {
    const bytes = Buffer.from(await request.arrayBuffer())
    if (bytes.length > limit) throw adapter.tooLarge(limit)
    return bytes
  }
  const reader = stream.getReader()
  const chunks = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      reader.cancel().catch(() => {})
      throw adapter.tooLarge(limit)
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength))
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)
}

function requestOptions(options, what) {
  if (options === undefined) return {}
  if (options === null || typeof options !== 'object') throw adapter.typeError(`${what} options must be an object`)
  return options
}

/**
 * Verifies a Web-standard Request with `verifier`: reads its body (so `request.bodyUsed` after;
 * pass `request.clone()` to keep it readable). `options`: `publicUrl` / `trustProxy` (the URL
 * policy), `limit` (bytes, 1 MiB by default). Resolves to `{ verified, rawBody }`; rejects with
 * the core's WebhookVerificationError (401, 413) or ConfigurationError.
 */
async function verifyRequest(verifier, request, options) {
  const { Verifier, requestUrl } = adapter.hooksig()
  if (!(verifier instanceof Verifier)) throw adapter.typeError('verifyRequest needs a hooksig.Verifier first')
  checkRequest(request)
  const { publicUrl, trustProxy = false, limit = adapter.DEFAULT_LIMIT } = requestOptions(options, 'verifyRequest')
  if (typeof limit !== 'number' || !(limit >= 0)) throw adapter.typeError(`verifyRequest: limit must be a number of bytes, not ${limit}`)
  requestUrl({ scheme: 'http', host: 'localhost', target: '/', publicUrl, trustProxy })
  return verifyWith({ verifier, publicUrl, trustProxy: Boolean(trustProxy), limit }, request)
}

async function verifyWith(settings, request) {
  const rawBody = await readBody(request, settings.limit)
  const verified = await adapter.verifyGathered(settings, {
    method: request.method,
    ...(settings.verifier.signsUrl ? splitUrl(request.url) : {}),
    headers: request.headers,
    body: rawBody,
  })
  return { verified, rawBody }
}

/** A rejection as a Web Response: the core's status and `{"error": code}`. */
function rejectionResponse(error) {
  return new Response(adapter.rejectionJson(error), { status: error.status, headers: { 'content-type': adapter.JSON_TYPE } })
}

/**
 * `(request, context) => Promise<Response>`: verifies, then returns `handler(request, verified,
 * rawBody, context)` (the request's body is read: parse `rawBody`). A rejection is answered with
 * the core's status (401; 413 over `limit`) and `{"error": code}`, without calling the handler;
 * misuse (a body read before, a ConfigurationError) is thrown, to the framework's error handling.
 */
function webhookHandler(options, handler) {
  const settings = adapter.configure(options, 'hooksig.webhookHandler')
  if (typeof handler !== 'function') throw adapter.typeError('hooksig.webhookHandler(options, handler) needs a handler function')
  return async function hooksigWebhook(request, context) {
    checkRequest(request)
    let outcome
    try {
      outcome = await verifyWith(settings, request)
    } catch (error) {
      if (adapter.isRejection(error)) return rejectionResponse(error)
      throw error
    }
    return handler(request, outcome.verified, outcome.rawBody, context)
  }
}

module.exports = { verifyRequest, webhookHandler }
