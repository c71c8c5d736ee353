'use strict'
// Node: hooksig (`Verifier#verify`, and the one-shot `hooksig.verify` beside it) against the
// official npm SDKs and hand-written `crypto` verifiers on the same ~1 KB requests, and the event loop's delay while 1 MB bodies are verified with `verify`
// against `verifyAsync`. Run by `make bench`:  node benches/node_bench.js results/node.json
//
// Every peer is first checked to accept the request it is timed on. Each sample times a batch
// of calls (the timer costs more than a call); figures are per call, in nanoseconds.
//
// The providers beyond the seeds are timed against their official npm SDKs, required from the
// cross-check's own installs (tests/sdk/node-*/node_modules, the same pins), each on a ~1 KB
// request built from its vector file's `<provider>/valid` case (as benches/python_bench.py
// builds it) and signed by hooksig at the current time. BENCH_SDK_MS sets their sample time.

const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')
const { createRequire } = require('node:module')
const { pathToFileURL } = require('node:url')
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

// ------------------------------------------------------------ the providers beyond the seeds

const ROOT = path.join(__dirname, '..')
const sdkRequire = Object.fromEntries(
  ['body', 'headers', 'lists'].map((group) => [group, createRequire(path.join(ROOT, 'tests', 'sdk', `node-${group}`, 'package.json'))]),
)

/** `import()` of an ESM-only package from a cross-check group's node_modules (its "exports"). */
function esmImport(group, specifier) {
  const [scope, name, ...rest] = specifier.split('/')
  const pkg = scope.startsWith('@') ? `${scope}/${name}` : scope
  const subpath = ['.', ...(scope.startsWith('@') ? rest : [name, ...rest]).filter(Boolean)].join('/')
  const dir = path.join(ROOT, 'tests', 'sdk', `node-${group}`, 'node_modules', pkg)
  let entry = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).exports[subpath]
  while (typeof entry === 'object') entry = entry.node ?? entry.import ?? entry.default
  return import(pathToFileURL(path.join(dir, entry)).href)
}

/** A ~1 KB request for `provider`, as benches/python_bench.py's SdkRequest builds it. */
function sdkRequest(provider, size = 1024) {
  const file = path.join(ROOT, 'tests', 'vectors', `${provider}.json`)
  const c = JSON.parse(fs.readFileSync(file, 'utf8')).cases.find((x) => x.id === `${provider}/valid`)
  const data = JSON.parse(c.body)
  const holder = Array.isArray(data) ? data[0] : data // HubSpot sends a list of events
  if ('webhookTimestamp' in holder) holder.webhookTimestamp = Date.now() // Linear signs its time in the body
  holder.padding = ''
  holder.padding = 'x'.repeat(Math.max(0, size - Buffer.byteLength(JSON.stringify(data))))
  const body = Buffer.from(JSON.stringify(data))
  const secret = c.secrets[0]
  const result = hooksig.sign(provider, secret, { method: c.method, url: c.url, headers: Object.fromEntries(c.headers), body })
  const signed = new Set(Object.keys(result.headers).map((name) => name.toLowerCase()))
  const headers = { ...COMMON }
  for (const [name, value] of c.headers) if (!signed.has(name.toLowerCase())) headers[name.toLowerCase()] = value
  for (const [name, value] of Object.entries(result.headers)) headers[name.toLowerCase()] = value
  return { provider, secret, url: c.url, method: c.method, body, text: body.toString('utf8'), headers }
}

// SDK (npm package) -> [cross-check group, provider, setup(request) -> call]; each call as in
// tests/sdk/node-*/check.js, minus the fake clock (the requests are signed now).
const SDK_BENCHES = {
  razorpay: ['body', 'razorpay', (r, req) => {
    const Razorpay = req('razorpay')
    return () => Razorpay.validateWebhookSignature(r.text, r.headers['x-razorpay-signature'], r.secret)
  }],
  '@line/bot-sdk': ['body', 'line', (r, req) => {
    const { validateSignature } = req('@line/bot-sdk')
    return () => validateSignature(r.body, r.secret, r.headers['x-line-signature'])
  }],
  'webflow-api': ['body', 'webflow', (r, req) => {
    const { WebflowClient } = req('webflow-api')
    const client = new WebflowClient({ accessToken: 'unused' })
    return () => client.webhooks.verifySignature({ headers: r.headers, body: r.text, secret: r.secret })
  }],
  'coinbase-commerce-node': ['body', 'coinbase-commerce', (r, req) => {
    const { Webhook } = req('coinbase-commerce-node')
    return () => Webhook.verifyEventBody(r.text, r.headers['x-cc-webhook-signature'], r.secret)
  }],
  '@slack/bolt': ['headers', 'slack', (r, req) => {
    const { isValidSlackRequest } = req('@slack/bolt')
    const headers = { 'x-slack-signature': r.headers['x-slack-signature'], 'x-slack-request-timestamp': Number(r.headers['x-slack-request-timestamp']) }
    return () => isValidSlackRequest({ signingSecret: r.secret, body: r.text, headers })
  }],
  '@octokit/webhooks-methods': ['headers', 'github', async (r, req) => {
    const { verify } = await esmImport('headers', '@octokit/webhooks-methods')
    return () => verify(r.secret, r.text, r.headers['x-hub-signature-256'])
  }],
  '@hubspot/api-client': ['headers', 'hubspot', (r, req) => {
    const { Signature } = req('@hubspot/api-client')
    const options = {
      signature: r.headers['x-hubspot-signature-v3'], clientSecret: r.secret, requestBody: r.text, signatureVersion: 'v3',
      url: r.url, method: r.method, timestamp: r.headers['x-hubspot-request-timestamp'],
    }
    return () => Signature.isValid(options)
  }],
  '@linear/sdk': ['headers', 'linear', async (r, req) => {
    const { LinearWebhookClient } = await esmImport('headers', '@linear/sdk/webhooks')
    const client = new LinearWebhookClient(r.secret)
    return () => client.verify(r.body, r.headers['linear-signature'])
  }],
  '@shopify/shopify-api': ['headers', 'shopify', (r, req) => {
    req('@shopify/shopify-api/adapters/web-api')
    const { shopifyApi, ApiVersion, LogSeverity } = req('@shopify/shopify-api')
    const shopify = shopifyApi({
      apiKey: 'test-api-key', apiSecretKey: r.secret, hostName: 'example.com', apiVersion: ApiVersion.July25,
      isEmbeddedApp: false, logger: { level: LogSeverity.Error, log: () => {} },
    })
    // Its validate takes a WHATWG Request, as a Web-API framework hands it over.
    return async () => {
      const rawRequest = new Request(r.url, { method: r.method, headers: r.headers, body: r.body })
      return (await shopify.webhooks.validate({ rawBody: r.text, rawRequest })).valid
    }
  }],
  square: ['headers', 'square', (r, req) => {
    const { WebhooksHelper } = req('square')
    const options = { requestBody: r.text, signatureHeader: r.headers['x-square-hmacsha256-signature'], signatureKey: r.secret, notificationUrl: r.url }
    return () => WebhooksHelper.verifySignature(options)
  }],
  'box-node-sdk': ['headers', 'box', (r, req) => {
    const { WebhooksManager } = req('box-node-sdk/lib/managers/webhooks')
    return () => WebhooksManager.validateMessage(r.text, r.headers, r.secret)
  }],
  '@zoom/rivet': ['headers', 'zoom', (r, req) => {
    // Zoom's SDK verifies inside its receivers; the Lambda one is called with an API Gateway event.
    const { AwsLambdaReceiver } = req('@zoom/rivet/accounts')
    const receiver = new AwsLambdaReceiver({ webhooksSecretToken: r.secret })
    receiver.init({ eventEmitter: { emit: async () => {} } })
    const handler = receiver.start()
    return async () => {
      const quiet = console.debug
      console.debug = () => {}
      try {
        return (await handler({ body: r.text, headers: r.headers, isBase64Encoded: false }, {})).statusCode === 200
      } finally {
        console.debug = quiet
      }
    }
  }],
  standardwebhooks: ['lists', 'standard-webhooks', (r, req) => {
    const webhook = new (req('standardwebhooks').Webhook)(r.secret)
    return () => webhook.verify(r.text, r.headers)
  }],
  svix: ['lists', 'svix', (r, req) => {
    const webhook = new (req('svix').Webhook)(r.secret)
    return () => webhook.verify(r.text, r.headers)
  }],
  resend: ['lists', 'resend', (r, req) => {
    const resend = new (req('resend').Resend)('re_test_not_used')
    const headers = { id: r.headers['svix-id'], timestamp: r.headers['svix-timestamp'], signature: r.headers['svix-signature'] }
    return () => resend.webhooks.verify({ payload: r.text, headers, webhookSecret: r.secret })
  }],
  '@clerk/backend': ['lists', 'clerk', (r, req) => {
    const { verifyWebhook } = req('@clerk/backend/webhooks')
    // Its verifyWebhook takes a WHATWG Request, as a Web-API framework hands it over.
    return () => verifyWebhook(new Request(r.url, { method: r.method, headers: r.headers, body: r.body }), { signingSecret: r.secret })
  }],
  openai: ['lists', 'openai', (r, req) => {
    const client = new (req('openai').OpenAI)({ apiKey: 'sk-test-not-used' })
    return async () => (await client.webhooks.verifySignature(r.text, r.headers, r.secret)) ?? true
  }],
  replicate: ['lists', 'replicate', (r, req) => {
    const { validateWebhook } = req('replicate')
    const options = { id: r.headers['webhook-id'], timestamp: r.headers['webhook-timestamp'], signature: r.headers['webhook-signature'], body: r.text, secret: r.secret }
    return () => validateWebhook(options)
  }],
  '@polar-sh/sdk': ['lists', 'polar', (r, req) => {
    const { validateEvent, WebhookVerificationError } = req('@polar-sh/sdk/webhooks')
    return () => {
      try {
        return validateEvent(r.text, r.headers, r.secret)
      } catch (e) {
        // thrown after the signature verified, for a payload this SDK version does not model
        if (e instanceof WebhookVerificationError || !(e && e.name === 'SDKValidationError')) throw e
        return true
      }
    }
  }],
  stripe: ['lists', 'stripe', (r, req) => {
    const stripe = req('stripe')('sk_test_not_used')
    return () => stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'], r.secret)
  }],
  '@mux/mux-node': ['lists', 'mux', (r, req) => {
    const mux = new (req('@mux/mux-node').default)({ tokenId: 'not-used', tokenSecret: 'not-used' })
    return async () => (await mux.webhooks.verifySignature(r.text, r.headers, r.secret)) ?? true
  }],
  '@workos-inc/node': ['lists', 'workos', (r, req) => {
    const workos = new (req('@workos-inc/node').WorkOS)('sk_test_not_used')
    // Its docs pass the parsed body (express.json()'s req.body), which it re-serializes.
    return () => workos.webhooks.constructEvent({ payload: JSON.parse(r.text), sigHeader: r.headers['workos-signature'], secret: r.secret })
  }],
  '@elevenlabs/elevenlabs-js': ['lists', 'elevenlabs', (r, req) => {
    const client = new (req('@elevenlabs/elevenlabs-js').ElevenLabsClient)({ apiKey: 'not-used' })
    return () => client.webhooks.constructEvent(r.text, r.headers['elevenlabs-signature'], r.secret)
  }],
  '@paddle/paddle-node-sdk': ['lists', 'paddle', (r, req) => {
    const paddle = new (req('@paddle/paddle-node-sdk').Paddle)('pdl_sdbx_apikey_not_used')
    return () => paddle.webhooks.isSignatureValid(r.text, r.secret, r.headers['paddle-signature'])
  }],
}

/**
 * hooksig's Verifier and one-shot verify beside each SDK, on the same request: one group of
 * tasks per SDK, built just before it is timed (Paddle's tolerance is 5 s).
 */
function sdkPeers() {
  return Object.entries(SDK_BENCHES).map(([sdk, [group, provider, setup]]) => async () => {
    const r = sdkRequest(provider)
    const verifier = new hooksig.Verifier(provider, r.secret)
    const request = { method: r.method, url: r.url, headers: r.headers, body: r.body }
    return {
      [`${provider}/Verifier.verify`]: () => verifier.verify(request),
      [`${provider}/hooksig.verify`]: () => hooksig.verify(provider, r.secret, request),
      [`${provider}/${sdk}`]: await setup(r, sdkRequire[group]),
    }
  })
}

async function accepted(name, task) {
  const result = await task()
  if (result === false || result === undefined || result === null) throw new Error(`${name} rejects its request`)
}

async function timeCalls(tasks, time = Number(process.env.BENCH_MS ?? 1500)) {
  const bench = new Bench({ time, warmupTime: 200 })
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
  for (const task of bench.tasks) {
    if (task.result?.error || !task.result?.latency) throw new Error(`${task.name}: ${task.result?.error ?? 'no result'}`)
  }
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
  const only = process.env.BENCH_ONLY?.split(',').filter(Boolean) // name fragments
  const pick = (tasks) => Object.fromEntries(Object.entries(tasks).filter(([name]) => !only || only.some((w) => name.includes(w))))
  const calls = await timeCalls(pick(peers()))
  for (const build of sdkPeers()) {
    const tasks = pick(await build())
    if (Object.keys(tasks).length) calls.push(...(await timeCalls(tasks, Number(process.env.BENCH_SDK_MS ?? 500))))
  }
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
