'use strict'
// Lambda events of each shape, built from the AWS-documented skeletons in fixtures/lambda/ for a
// request as an HTTP client would send it (method, path with query as sent, headers, body), the
// way each service hands it over:
// - REST API (v1): headers as sent plus multiValueHeaders; requestContext.path with the stage,
//   encoded as sent; the query only decoded (multiValueQueryStringParameters).
// - HTTP API (v2): lower-cased, comma-joined headers; rawPath percent-decoded (as API Gateway
//   delivers it); rawQueryString as sent; cookies apart.
// - Function URL (v2): as the HTTP API, but rawPath as sent.
// - ALB: lower-cased headers (single-value mode), path and query parameters as sent.
// Bodies are base64 when `base64`, as the services do for bodies they consider binary.

const fs = require('node:fs')
const path = require('node:path')

const FIXTURES = path.join(__dirname, 'fixtures', 'lambda')
const SHAPES = {
  v1: { file: 'rest-v1.json', base: 'https://abc123defg.execute-api.us-east-1.amazonaws.com/prod' },
  v2: { file: 'http-api-v2.json', base: 'https://r3pmxmplak.execute-api.us-east-2.amazonaws.com' },
  'function-url': { file: 'function-url.json', base: 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws' },
  alb: { file: 'alb.json', base: 'https://hooks.example.com' },
}

function skeleton(shape) {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, SHAPES[shape].file), 'utf8'))
}

function queryPairs(query) {
  return query === '' ? [] : query.split('&').map((pair) => {
    const eq = pair.indexOf('=')
    return eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)]
  })
}

function grouped(pairs) {
  const out = {}
  for (const [key, value] of pairs) (out[key] ??= []).push(value)
  return out
}

function lastOf(multi) {
  return Object.fromEntries(Object.entries(multi).map(([key, values]) => [key, values[values.length - 1]]))
}

/** The event `shape` delivers for `{ method, target, headers, body, base64 }` (`body` a string or Buffer). */
function lambdaEvent(shape, { method = 'POST', target, headers = {}, body, base64 = false }) {
  const event = skeleton(shape)
  const question = target.indexOf('?')
  const pathname = question === -1 ? target : target.slice(0, question)
  const query = question === -1 ? '' : target.slice(question + 1)
  const bytes = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')
  const sent = { ...headers }
  if (bytes !== undefined) sent['Content-Length'] = String(bytes.length)
  const encodedBody = bytes === undefined ? null : base64 ? bytes.toString('base64') : bytes.toString('utf8')
  event.isBase64Encoded = bytes !== undefined && base64

  if (shape === 'v1') {
    event.httpMethod = method
    event.requestContext.httpMethod = method
    event.path = pathname
    event.requestContext.path = '/' + event.requestContext.stage + pathname
    const multi = grouped(queryPairs(query).map(([k, v]) => [decodeURIComponent(k), decodeURIComponent(v)]))
    event.multiValueQueryStringParameters = query === '' ? null : multi
    event.queryStringParameters = query === '' ? null : lastOf(multi)
    for (const [name, value] of Object.entries(sent)) {
      event.headers[name] = value
      event.multiValueHeaders[name] = [value]
    }
  } else if (shape === 'v2' || shape === 'function-url') {
    const raw = shape === 'v2' ? decodeURIComponent(pathname) : pathname
    event.rawPath = raw
    event.rawQueryString = query
    event.requestContext.http.method = method
    event.requestContext.http.path = raw
    if (query !== '') event.queryStringParameters = lastOf(grouped(queryPairs(query).map(([k, v]) => [decodeURIComponent(k), decodeURIComponent(v)])))
    for (const [name, value] of Object.entries(sent)) {
      const key = name.toLowerCase()
      if (key === 'cookie') event.cookies = value.split(/;\s*/)
      else event.headers[key] = event.headers[key] === undefined ? value : `${event.headers[key]},${value}`
    }
  } else if (shape === 'alb') {
    event.httpMethod = method
    event.path = pathname
    event.queryStringParameters = lastOf(grouped(queryPairs(query)))
    for (const [name, value] of Object.entries(sent)) event.headers[name.toLowerCase()] = value
  } else {
    throw new Error(`no Lambda event shape ${shape}`)
  }
  event.body = encodedBody ?? (shape === 'alb' ? '' : null)
  return event
}

module.exports = { SHAPES, lambdaEvent }
