'use strict'
// AWS Lambda behind API Gateway (REST API, payload v1), an HTTP API (payload v2), a Function URL
// (v2) or an Application Load Balancer: gathers the method, the URL as the event gives it, the
// headers and the body's bytes (base64-decoded when `isBase64Encoded`), and hands them to the core.
//
// What an event can and cannot give back (the README says it too):
// - Function URLs (v2): `rawPath` + `rawQueryString` are the path and query as sent.
// - HTTP API (v2, and its payload 1.0): `rawQueryString` is as sent, but API Gateway delivers
//   the path percent-decoded (live captures: hotsock/voker#8, middleapi/standard-server#93), so
//   it is rebuilt by the core's rule (hooksig::target::from_decoded_path): the sender's bytes
//   whenever it encoded only what must be encoded. `rawPath` also lacks a custom domain's
//   API mapping (base path): set `publicUrl` to `https://<domain>/<mapping>`.
// - REST API (v1): `requestContext.path` is the path as requested (with the stage on the
//   execute-api host), still encoded; the query exists only decoded
//   (`multiValueQueryStringParameters`), so it is rebuilt by the core's rule
//   (hooksig::target::query_from_decoded_pairs), which is the sender's bytes only when the sender
//   encoded that way. URL-signed providers with a query:
//   prefer a Function URL or an HTTP API.
// - ALB: `path` and the query parameters as sent (ALB does not decode them).
// API Gateway and Function URLs serve HTTPS only; behind an ALB the scheme is its listener's
// (`x-forwarded-proto`, which the ALB sets).

const adapter = require('./adapter.js')

const PARSED_HELP =
  'event.body is not the string API Gateway, a Function URL or an ALB delivers (a middleware, ' +
  'e.g. @middy/http-json-body-parser or @middy/http-urlencode-body-parser, parsed it first). Wrap the ' +
  'handler with hooksig.lambda(...) inside such middleware, or pass the event before it is parsed; ' +
  'hooksig never re-serialises a parsed body'

/** The last value of a header a proxy set (ALB's x-forwarded-proto). */
function last(value) {
  const text = Array.isArray(value) ? value[value.length - 1] : value
  if (typeof text !== 'string') return undefined
  const parts = text.split(',')
  return parts[parts.length - 1].trim().toLowerCase()
}

function headerOf(headers, name) {
  if (headers === null || typeof headers !== 'object') return undefined
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return headers[key]
  return undefined
}

/** The parameters as flat `[name, value, ...]`, in the event's order. */
function flatPairs(multi, single) {
  const source = multi ?? single
  const flat = []
  if (source === null || source === undefined) return flat
  for (const key of Object.keys(source)) {
    const values = Array.isArray(source[key]) ? source[key] : [source[key]]
    for (const value of values) flat.push(key, String(value))
  }
  return flat
}

/** ALB's query: the parameters as it passed them (still encoded), joined back. */
function queryAsSent(multi, single) {
  const flat = flatPairs(multi, single)
  const pairs = []
  for (let i = 0; i < flat.length; i += 2) pairs.push(`${flat[i]}=${flat[i + 1]}`)
  return pairs.join('&')
}

/** A v2 event from a Function URL (its host is `<id>.lambda-url.<region>.on.aws`), not an HTTP API. */
function functionUrl(event) {
  return /\.lambda-url\.[^.]+\.on\.aws$/.test(event.requestContext?.domainName ?? '')
}

/**
 * Method, scheme, host, target, headers and the raw body of a Lambda event of any of the four
 * shapes; `shape` names which (for the response and tests).
 */
function eventRequest(event, limit) {
  if (event === null || typeof event !== 'object') throw adapter.typeError('hooksig.lambda: the event must be an object')
  const context = event.requestContext ?? {}
  let shape
  let method
  let target
  let headers
  let scheme = 'https'
  if (event.version === '2.0' || typeof event.rawPath === 'string') {
    shape = functionUrl(event) ? 'function-url' : 'v2'
    method = context.http?.method ?? 'POST'
    const path = event.rawPath || '/'
    const query = event.rawQueryString ?? ''
    // An HTTP API hands the path decoded: the core rebuilds it by its one rule.
    target = shape === 'v2' ? adapter.hooksig().native.targetFromDecodedPath(path, query) : path + (query ? `?${query}` : '')
    headers = event.headers ?? {}
  } else if (context.elb !== undefined) {
    shape = 'alb'
    method = event.httpMethod
    headers = event.multiValueHeaders ?? event.headers ?? {}
    const query = queryAsSent(event.multiValueQueryStringParameters, event.queryStringParameters)
    target = (event.path || '/') + (query ? `?${query}` : '')
    const proto = last(headerOf(headers, 'x-forwarded-proto'))
    if (proto === 'http' || proto === 'https') scheme = proto
  } else if (typeof event.httpMethod === 'string') {
    shape = 'v1'
    method = event.httpMethod
    headers = event.multiValueHeaders ?? event.headers ?? {}
    // Only a decoded map exists: the core rebuilds the query by its one rule.
    const query = adapter.hooksig().native.queryFromDecodedPairs(flatPairs(event.multiValueQueryStringParameters, event.queryStringParameters))
    target = (context.path || event.path || '/') + (query ? `?${query}` : '')
  } else {
    throw adapter.typeError('hooksig.lambda: not an API Gateway (v1, v2), Function URL or ALB event (no httpMethod, no rawPath)')
  }
  const host = [].concat(headerOf(headers, 'host') ?? context.domainName ?? '')[0]
  const declared = [].concat(headerOf(headers, 'content-length') ?? [])[0]
  if (Number(declared) > limit) throw adapter.tooLarge(limit)
  let body
  if (event.body === undefined || event.body === null) body = adapter.EMPTY
  else if (typeof event.body === 'string') body = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8')
  else if (Buffer.isBuffer(event.rawBody)) body = event.rawBody
  else throw adapter.unavailable(PARSED_HELP)
  if (body.length > limit) throw adapter.tooLarge(limit)
  return { shape, method, scheme, host, target, headers, body }
}

function response(shape, status, body) {
  const answer = { statusCode: status, headers: { 'content-type': adapter.JSON_TYPE }, isBase64Encoded: false, body }
  if (shape === 'alb') answer.statusDescription = status === 413 ? '413 Payload Too Large' : '401 Unauthorized'
  return answer
}

/**
 * An async Lambda handler: verifies the event, then returns `handler(event, verified, rawBody,
 * context)`. A rejection returns `{ statusCode: 401 (413 over limit), body: '{"error":"<code>"}' }`
 * without calling the handler; misuse (a parsed event.body, a ConfigurationError) is thrown.
 */
function lambda(options, handler) {
  const settings = adapter.configure(options, 'hooksig.lambda')
  if (typeof handler !== 'function') throw adapter.typeError('hooksig.lambda(options, handler) needs a handler function')
  return async function hooksigLambda(event, context) {
    let gathered
    let verified
    try {
      gathered = eventRequest(event, settings.limit)
      verified = await adapter.verifyGathered(settings, gathered)
    } catch (error) {
      if (adapter.isRejection(error)) return response(gathered?.shape ?? shapeOf(event), error.status, adapter.rejectionJson(error))
      throw error
    }
    return handler(event, verified, gathered.body, context)
  }
}

function shapeOf(event) {
  return event?.requestContext?.elb !== undefined ? 'alb' : 'api'
}

module.exports = { lambda }
