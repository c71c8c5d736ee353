'use strict'
// hooksig.lambda with the events each AWS service delivers (fixtures/lambda/, filled in by
// lambda_events.js): every shape with a base64 body and without, what a REST API's decoded query
// cannot give back, a custom domain's API mapping (publicUrl), the answers, parsed bodies.

const assert = require('node:assert/strict')
const { describe, test } = require('node:test')
const hooksig = require('../..')
const { SHAPES, lambdaEvent } = require('./lambda_events.js')

const TWILIO = 'twilio_auth_token_12ab'
const RANKED = 'whsec_' + 'ab'.repeat(32)
const FORM = 'application/x-www-form-urlencoded'

const echo = async (event, verified, rawBody, context) => ({
  statusCode: 200,
  body: JSON.stringify({ scheme: verified.scheme, raw: rawBody.toString('base64'), context }),
})

function twilioEvent(shape, target, { base = SHAPES[shape].base, base64 = false, body = 'CallSid=CA1&From=%2B15551234567' } = {}) {
  const signed = hooksig.sign('twilio', TWILIO, { url: base + target, headers: { 'Content-Type': FORM }, body })
  return lambdaEvent(shape, { target, headers: { 'Content-Type': FORM, ...signed.headers }, body, base64 })
}

describe('every event shape, base64 body or not', () => {
  const twilio = hooksig.lambda({ provider: 'twilio', secret: TWILIO }, echo)
  const ranked = hooksig.lambda({ provider: 'ranked', secret: RANKED }, echo)
  for (const shape of Object.keys(SHAPES)) {
    for (const base64 of [false, true]) {
      test(`${shape}, ${base64 ? 'base64' : 'text'} body: genuine verified with the bytes, tampered 401`, async () => {
        const event = twilioEvent(shape, '/hooks/twilio?id=1', { base64 })
        assert.equal(event.isBase64Encoded, base64)
        const result = await twilio(event, { awsRequestId: 'r1' })
        assert.equal(result.statusCode, 200, result.body)
        const json = JSON.parse(result.body)
        assert.deepEqual(json, { scheme: 'twilio-form', raw: Buffer.from('CallSid=CA1&From=%2B15551234567').toString('base64'), context: { awsRequestId: 'r1' } })
        const tampered = twilioEvent(shape, '/hooks/twilio?id=1', { base64 })
        tampered.body = base64 ? Buffer.from('CallSid=CA2&From=%2B15551234567').toString('base64') : 'CallSid=CA2&From=%2B15551234567'
        const answer = await twilio(tampered)
        assert.equal(answer.statusCode, 401)
        assert.deepEqual(JSON.parse(answer.body), { error: 'signature_mismatch' })
        assert.equal(answer.headers['content-type'], 'application/json; charset=utf-8')
        assert.equal(answer.statusDescription, shape === 'alb' ? '401 Unauthorized' : undefined)
      })
      test(`${shape}, ${base64 ? 'base64' : 'text'} body: a binary body (not UTF-8) verifies${base64 ? '' : ' only when base64'}`, async () => {
        const body = Buffer.from([0x7b, 0xe9, 0xff, 0x00, 0x7d])
        const signed = hooksig.sign('ranked', RANKED, { body })
        const event = lambdaEvent(shape, { target: '/hooks/ranked', headers: { 'Content-Type': 'application/octet-stream', ...signed.headers }, body, base64 })
        const result = await ranked(event)
        // As text, the event cannot carry these bytes (the services base64-encode them).
        assert.equal(result.statusCode, base64 ? 200 : 401, result.body)
      })
    }
  }
})

test("REST API (v1): the query is rebuilt from the decoded parameters; a sender's other encoding cannot be", async () => {
  const twilio = hooksig.lambda({ provider: 'twilio', secret: TWILIO }, echo)
  assert.equal((await twilio(twilioEvent('v1', '/hooks/twilio?note=a%20b&to=%2B1555'))).statusCode, 200)
  // Signed as sent with '+' for the space: API Gateway hands over the decoded value only.
  const plus = twilioEvent('v1', '/hooks/twilio?note=a+b')
  assert.equal((await twilio(plus)).statusCode, 401)
  // The same delivery through a Function URL keeps the raw query, and verifies.
  assert.equal((await twilio(twilioEvent('function-url', '/hooks/twilio?note=a+b'))).statusCode, 200)
})

test("HTTP API (v2) behind a custom domain: rawPath lacks the API mapping; publicUrl with the mapping restores it", async () => {
  const url = 'https://api.example.com/hooks/twilio'
  const body = 'CallSid=CA1'
  const signed = hooksig.sign('twilio', TWILIO, { url, headers: { 'Content-Type': FORM }, body })
  const event = lambdaEvent('v2', { target: '/twilio', headers: { 'Content-Type': FORM, Host: 'api.example.com', ...signed.headers }, body, base64: true })
  event.requestContext.domainName = 'api.example.com'
  const direct = hooksig.lambda({ provider: 'twilio', secret: TWILIO }, echo)
  assert.equal((await direct(event)).statusCode, 401)
  const mapped = hooksig.lambda({ provider: 'twilio', secret: TWILIO, publicUrl: 'https://api.example.com/hooks' }, echo)
  assert.equal((await mapped(event)).statusCode, 200)
})

test('ALB: the scheme is the listener\'s (x-forwarded-proto, set by the ALB)', async () => {
  const twilio = hooksig.lambda({ provider: 'twilio', secret: TWILIO }, echo)
  const event = twilioEvent('alb', '/hooks/twilio', { base: 'http://hooks.example.com' })
  event.headers['x-forwarded-proto'] = 'http'
  assert.equal((await twilio(event)).statusCode, 200)
  event.headers['x-forwarded-proto'] = 'https'
  assert.equal((await twilio(event)).statusCode, 401)
})

test('over the limit: 413 body_too_large, declared or not', async () => {
  const ranked = hooksig.lambda({ provider: 'ranked', secret: RANKED, limit: 16 }, echo)
  const body = '{"pad":"' + 'x'.repeat(64) + '"}'
  const event = lambdaEvent('v2', { target: '/hooks/ranked', headers: { 'Content-Type': 'application/json', ...hooksig.sign('ranked', RANKED, { body }).headers }, body })
  assert.deepEqual(JSON.parse((await ranked(event)).body), { error: 'body_too_large' })
  delete event.headers['content-length']
  const answer = await ranked(event)
  assert.deepEqual([answer.statusCode, JSON.parse(answer.body)], [413, { error: 'body_too_large' }])
  const alb = lambdaEvent('alb', { target: '/hooks/ranked', headers: { 'Content-Type': 'application/json' }, body })
  assert.equal((await ranked(alb)).statusDescription, '413 Payload Too Large')
})

test('a parsed event.body (a middleware ran first) is a ConfigurationError naming the fix; not an event is a TypeError', async () => {
  const ranked = hooksig.lambda({ provider: 'ranked', secret: RANKED }, echo)
  const body = '{"event":"x"}'
  const event = lambdaEvent('v1', { target: '/hooks/ranked', headers: { 'Content-Type': 'application/json', ...hooksig.sign('ranked', RANKED, { body }).headers }, body })
  event.body = JSON.parse(body)
  await assert.rejects(ranked(event), { name: 'ConfigurationError', code: 'raw_body_unavailable', message: /middy.*never re-serialises/s })
  await assert.rejects(ranked({ hello: 'world' }), { name: 'TypeError', code: 'invalid_argument' })
  assert.throws(() => hooksig.lambda({ provider: 'ranked', secret: RANKED }), TypeError)
  assert.throws(() => hooksig.lambda({ provider: 'nope', secret: 's' }, echo), { code: 'unknown_provider' })
})
