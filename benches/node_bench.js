'use strict'
// Node: hooksig (`Verifier#verify`, and the one-shot `hooksig.verify` beside it) against the
// official npm SDKs and hand-written `crypto` verifiers on the same ~1 KB requests, and the event loop's delay while 1 MB bodies are verified with `verify`
// against `verifyAsync`. Run by `make bench`:  node benches/node_bench.js results/node.json
//
// Every peer is first checked to accept the request it is timed on. Each sample times a batch
// of calls (the timer costs more than a call); figures are per call, in nanoseconds.

const crypto = require('node:crypto')
const fs = require('node:fs')
const querystring = require('node:querystring')
const { monitorEventLoopDelay } = require('node:perf_hooks')
const { Bench } = require('tinybench')
const twilio = require('twilio')
const plivo = require('plivo')
const { Retell } = require('retell-sdk')
const { RestClient: signalwire } = require('@signalwire/compatibility-api')
const hooksig = require('..')

const URL = 'https://example.com/webhooks/hook'
const SECRET = '9f2c1b7e4d8a6053c1e2f3a4b5c6d7e8'
const BATCH = 64
// A request's other headers, as Node's req.headers has them.
const COMMON = {
  host: 'example.com',
  'user-agent': 'provider-webhooks/1.0',
  accept: '*/*',
  'accept-encoding': 'gzip',
  'x-forwarded-for': '203.0.113.7',
}

function jsonBody(size) {
  const head = '{"event":"call_ended","call":{"call_id":"c_9f2","transcript":"'
  return Buffer.from(head + 'x'.repeat(size - head.length - 3) + '"}}')
}

// Ten fields, about 1 KB: an incoming-SMS or call-status callback.
const FORM = {
  AccountSid: 'AC9a4e5c1d3f7b2a6e8c0d9f1b3a5c7e9d',
  ApiVersion: '2010-04-01',
  Body: 'Hello, world! '.repeat(40),
  From: '+14155550123',
  FromCity: 'SAN FRANCISCO',
  MessageSid: 'SM1f0e8ae6ade43cb3c0ce4525424e404f',
  NumMedia: '0',
  SmsStatus: 'received',
  To: '+14155552671',
  ToCountry: 'US',
}
const FORM_BODY = Buffer.from(querystring.stringify(FORM))
const JSON_1K = jsonBody(1024)

function signed(provider, body, contentType, options = {}) {
  const result = hooksig.sign(provider, SECRET, { url: URL, headers: { 'content-type': contentType }, body, ...options })
  const headers = { ...COMMON, 'content-type': contentType }
  for (const [name, value] of Object.entries(result.headers)) headers[name.toLowerCase()] = value
  return headers
}

// ------------------------------------------------------------ hand-written `crypto` recipes

function cryptoRetell(body, header, secret) {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=')))
  if (Math.abs(Date.now() - Number(parts.v)) > 300_000) return false
  const expected = crypto.createHmac('sha256', secret).update(body).update(parts.v).digest()
  const given = Buffer.from(parts.d, 'hex')
  return given.length === expected.length && crypto.timingSafeEqual(expected, given)
}

function cryptoTwilio(url, body, header, secret) {
  const params = querystring.parse(body.toString())
  const data = url + Object.keys(params).sort().map((name) => name + params[name]).join('')
  const expected = crypto.createHmac('sha1', secret).update(data).digest()
  const given = Buffer.from(header, 'base64')
  return given.length === expected.length && crypto.timingSafeEqual(expected, given)
}

// ---------------------------------------------------------------------------------- the peers

function peers() {
  const tasks = {}
  const retell = new hooksig.Verifier('retell', SECRET)
  const retellHeaders = signed('retell', JSON_1K, 'application/json')
  const retellSignature = retellHeaders['x-retell-signature']
  const retellText = JSON_1K.toString()
  tasks['retell/Verifier.verify'] = () => retell.verify({ headers: retellHeaders, body: JSON_1K })
  tasks['retell/hooksig.verify'] = () => hooksig.verify('retell', SECRET, { headers: retellHeaders, body: JSON_1K })
  tasks['retell/crypto'] = () => cryptoRetell(JSON_1K, retellSignature, SECRET)
  tasks['retell/retell-sdk'] = () => Retell.verify(retellText, SECRET, retellSignature)

  const twilioVerifier = new hooksig.Verifier('twilio', SECRET)
  const twilioHeaders = signed('twilio', FORM_BODY, 'application/x-www-form-urlencoded')
  const twilioSignature = twilioHeaders['x-twilio-signature']
  tasks['twilio/Verifier.verify'] = () => twilioVerifier.verify({ url: URL, headers: twilioHeaders, body: FORM_BODY })
  tasks['twilio/hooksig.verify'] = () => hooksig.verify('twilio', SECRET, { url: URL, headers: twilioHeaders, body: FORM_BODY })
  tasks['twilio/crypto'] = () => cryptoTwilio(URL, FORM_BODY, twilioSignature, SECRET)
  tasks['twilio/twilio'] = () => twilio.validateRequest(SECRET, twilioSignature, URL, FORM)

  const plivoVerifier = new hooksig.Verifier('plivo', SECRET)
  const plivoHeaders = signed('plivo', FORM_BODY, 'application/x-www-form-urlencoded', { nonce: '12345678901234567890' })
  tasks['plivo-v3/Verifier.verify'] = () => plivoVerifier.verify({ url: URL, headers: plivoHeaders, body: FORM_BODY })
  tasks['plivo-v3/hooksig.verify'] = () => hooksig.verify('plivo', SECRET, { url: URL, headers: plivoHeaders, body: FORM_BODY })
  tasks['plivo-v3/plivo'] = () =>
    plivo.validateV3Signature('POST', URL, plivoHeaders['x-plivo-signature-v3-nonce'], SECRET, plivoHeaders['x-plivo-signature-v3'], FORM)

  const signalwireVerifier = new hooksig.Verifier('signalwire', SECRET)
  const compatHeaders = signed('signalwire', FORM_BODY, 'application/x-www-form-urlencoded')
  tasks['signalwire/Verifier.verify'] = () => signalwireVerifier.verify({ url: URL, headers: compatHeaders, body: FORM_BODY })
  tasks['signalwire/hooksig.verify'] = () => hooksig.verify('signalwire', SECRET, { url: URL, headers: compatHeaders, body: FORM_BODY })
  tasks['signalwire/signalwire'] = () => signalwire.validateRequest(SECRET, compatHeaders['x-signalwire-signature'], URL, FORM)
  return tasks
}

async function accepted(name, task) {
  const result = await task()
  if (result === false || result === undefined || result === null) throw new Error(`${name} rejects its request`)
}

async function timeCalls(tasks) {
  const bench = new Bench({ time: Number(process.env.BENCH_MS ?? 1500), warmupTime: 200 })
  for (const [name, task] of Object.entries(tasks)) {
    await accepted(name, task)
    const isAsync = task() instanceof Promise
    bench.add(
      name,
      isAsync
        ? async () => {
            for (let i = 0; i < BATCH; i++) await task()
          }
        : () => {
            for (let i = 0; i < BATCH; i++) task()
          },
    )
  }
  await bench.run()
  return bench.tasks.map((task) => {
    const { latency } = task.result
    const perCall = (ms) => (ms * 1e6) / BATCH
    return {
      name: task.name,
      median_ns: perCall(latency.p50),
      // No p25 in tinybench's statistics: the spread is the median absolute deviation.
      p25_ns: perCall(latency.p50 - latency.mad),
      p75_ns: perCall(latency.p50 + latency.mad),
      samples: latency.samplesCount ?? latency.samples?.length,
    }
  })
}

/**
 * Event-loop delay while `count` 1 MB bodies are verified `inFlight` at a time: `verify` on the
 * main thread (8 per turn of the loop), or `verifyAsync` on libuv's pool.
 */
async function eventLoop(mode, inFlight, count = 256) {
  const body = jsonBody(1024 * 1024)
  const verifier = new hooksig.Verifier('retell', SECRET)
  const headers = signed('retell', body, 'application/json')
  const histogram = monitorEventLoopDelay({ resolution: 1 })
  histogram.enable()
  const start = process.hrtime.bigint()
  for (let done = 0; done < count; done += inFlight) {
    if (mode === 'verify') {
      for (let i = 0; i < inFlight; i++) verifier.verify({ headers, body })
      await new Promise((resolve) => setImmediate(resolve))
    } else {
      await Promise.all(Array.from({ length: inFlight }, () => verifier.verifyAsync({ headers, body })))
    }
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6
  histogram.disable()
  return {
    mode: `${mode}, ${inFlight} at a time`,
    verifications: count,
    total_ms: elapsed,
    delay_p50_ms: histogram.percentile(50) / 1e6,
    delay_p99_ms: histogram.percentile(99) / 1e6,
    delay_max_ms: histogram.max / 1e6,
  }
}

async function main() {
  const output = process.argv[2]
  const calls = await timeCalls(peers())
  const loop = [await eventLoop('verify', 8), await eventLoop('verifyAsync', 8), await eventLoop('verifyAsync', 1)]
  const result = { node: process.version, hooksig: hooksig.VERSION, batch: BATCH, calls, eventLoop: loop }
  if (output) fs.writeFileSync(output, JSON.stringify(result, null, 2) + '\n')
  for (const row of calls) console.log(`${row.name.padEnd(28)} ${row.median_ns.toFixed(0).padStart(8)} ns`)
  for (const row of loop) {
    console.log(`${row.mode.padEnd(26)} ${row.total_ms.toFixed(0)} ms total, event-loop delay p99 ${row.delay_p99_ms.toFixed(2)} ms, max ${row.delay_max_ms.toFixed(2)} ms`)
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
