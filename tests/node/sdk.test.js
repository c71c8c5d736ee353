'use strict'
// Differential tests against the official npm SDKs over random requests (fast-check).
//
// Both directions where the SDK can sign (twilio's getExpectedTwilioSignature, retell-sdk's
// sign): what the SDK signs, hooksig accepts. Always: what hooksig signs, the SDK accepts,
// and once the request is tampered with, both refuse. plivo and
// @signalwire/compatibility-api publish validators only; SignalWire's compatibility scheme
// is Twilio's, so twilio's signer stands in for it.

const assert = require('node:assert/strict')
const querystring = require('node:querystring')
const { test } = require('node:test')
const fc = require('fast-check')
const twilio = require('twilio')
const plivo = require('plivo')
const { Retell } = require('retell-sdk')
const { RestClient: signalwire } = require('@signalwire/compatibility-api')
const hooksig = require('../..')

const RUNS = { numRuns: 150 }
const FORM = 'application/x-www-form-urlencoded'
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

const chars = (alphabet, minLength, maxLength) =>
  fc.array(fc.constantFrom(...alphabet), { minLength, maxLength }).map((a) => a.join(''))
const secret = chars(ALNUM + '_-', 1, 40)
const key = chars(ALNUM, 1, 12)
const value = chars(ALNUM + ' +-_.:/@', 0, 24)
const unicodeValue = fc.string({ unit: 'grapheme', maxLength: 16 })
const url = fc
  .record({
    scheme: fc.constantFrom('https', 'http'),
    host: fc.constantFrom('example.com', 'hooks.example.org:8443', '127.0.0.1:8000'),
    path: fc.array(chars('abcdefghijklmnopqrstuvwxyz0123456789-_', 1, 10), { maxLength: 3 }),
    query: fc.dictionary(key, value, { maxKeys: 3 }),
  })
  .map(({ scheme, host, path, query }) => {
    const q = new URLSearchParams(query).toString()
    return `${scheme}://${host}/${path.join('/')}${q ? '?' + q : ''}`
  })
const jsonBody = fc.dictionary(key, fc.oneof(unicodeValue, fc.integer(), fc.boolean()), { maxKeys: 6 }).map((d) => JSON.stringify(d))

function formBody(params) {
  return new URLSearchParams(params).toString()
}

function accepts(fn) {
  try {
    fn()
    return true
  } catch (error) {
    if (error instanceof hooksig.WebhookVerificationError) return false
    throw error
  }
}

test('twilio: form posts', () => {
  fc.assert(
    fc.property(secret, url, fc.dictionary(key, unicodeValue, { maxKeys: 10 }), (token, address, params) => {
      const body = formBody(params)
      const theirs = twilio.getExpectedTwilioSignature(token, address, params)
      const headers = { 'Content-Type': FORM, 'X-Twilio-Signature': theirs }
      assert.ok(accepts(() => hooksig.verify('twilio', token, { url: address, headers, body })))
      assert.ok(!accepts(() => hooksig.verify('twilio', token, { url: address, headers, body: body + '&x=1' })))

      const ours = hooksig.sign('twilio', token, { url: address, headers: { 'Content-Type': FORM }, body }).headers['X-Twilio-Signature']
      assert.ok(twilio.validateRequest(token, ours, address, params))
      assert.ok(!twilio.validateRequest(token, ours, address, { ...params, x: '1' }))
    }),
    RUNS,
  )
})

test('twilio: JSON bodies with bodySHA256', () => {
  fc.assert(
    fc.property(secret, url, jsonBody, (token, address, body) => {
      const signed = hooksig.sign('twilio', token, { url: address, headers: { 'Content-Type': 'application/json' }, body })
      const signature = signed.headers['X-Twilio-Signature']
      assert.ok(twilio.validateRequestWithBody(token, signature, signed.url, body))
      assert.ok(!twilio.validateRequestWithBody(token, signature, signed.url, body + ' '))

      const theirs = twilio.getExpectedTwilioSignature(token, signed.url, {})
      const headers = { 'Content-Type': 'application/json', 'X-Twilio-Signature': theirs }
      assert.equal(hooksig.verify('twilio', token, { url: signed.url, headers, body }).scheme, 'twilio-body-sha256')
      assert.throws(() => hooksig.verify('twilio', token, { url: signed.url, headers, body: body + ' ' }), { code: 'body_hash_mismatch' })
    }),
    RUNS,
  )
})

test('retell-sdk', async () => {
  await fc.assert(
    fc.asyncProperty(secret, jsonBody, async (apiKey, body) => {
      const theirs = await Retell.sign(body, apiKey)
      const headers = { 'X-Retell-Signature': theirs }
      assert.equal(hooksig.verify('retell', apiKey, { headers, body }).scheme, 'retell')
      assert.ok(!accepts(() => hooksig.verify('retell', apiKey, { headers, body: body + ' ' })))

      const ours = hooksig.sign('retell', apiKey, { body }).headers['X-Retell-Signature']
      assert.ok(await Retell.verify(body, apiKey, ours))
      assert.ok(!(await Retell.verify(body + ' ', apiKey, ours)))
    }),
    RUNS,
  )
})

test('plivo: V3 form posts', () => {
  fc.assert(
    fc.property(secret, url, fc.dictionary(key, value, { maxKeys: 10 }), chars('0123456789', 1, 20), (token, address, params, nonce) => {
      const body = formBody(params)
      const signed = hooksig.sign('plivo', token, { url: address, headers: { 'Content-Type': FORM }, body, nonce })
      const ours = signed.headers['X-Plivo-Signature-V3']
      const parsed = { ...querystring.parse(body) }
      assert.ok(plivo.validateV3Signature('POST', address, nonce, token, ours, parsed))
      assert.ok(!plivo.validateV3Signature('POST', address, nonce, token, ours, { ...parsed, x: '1' }))
      const headers = { 'Content-Type': FORM, ...signed.headers }
      assert.ok(!accepts(() => hooksig.verify('plivo', token, { url: address, headers, body: body + '&x=1' })))
    }),
    RUNS,
  )
})

test('@signalwire/compatibility-api: form posts', () => {
  fc.assert(
    fc.property(secret, url, fc.dictionary(key, unicodeValue, { maxKeys: 10 }), (token, address, params) => {
      const body = formBody(params)
      const signed = hooksig.sign('signalwire', token, { url: address, headers: { 'Content-Type': FORM }, body })
      assert.equal(signed.scheme, 'signalwire-form')
      const ours = Object.values(signed.headers)[0]
      assert.ok(signalwire.validateRequest(token, ours, address, params))
      assert.ok(!signalwire.validateRequest(token, ours, address, { ...params, x: '1' }))

      const theirs = twilio.getExpectedTwilioSignature(token, address, params)
      const headers = { 'Content-Type': FORM, 'X-SignalWire-Signature': theirs }
      assert.equal(hooksig.verify('signalwire', token, { url: address, headers, body }).scheme, 'signalwire-form')
    }),
    RUNS,
  )
})
