'use strict'
// The Node API's contract: accepted types, errors and codes, redaction, sign, URL policy.

const assert = require('node:assert/strict')
const util = require('node:util')
const { test } = require('node:test')
const hooksig = require('../..')
const { shapedSecret } = require('./helpers.js')

const URL = 'https://example.com/hooks/twilio?id=7'
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }
const BODY = 'CallSid=CA1&From=%2B15551234567'
const NOW = 1_700_000_000

function twilioHeaders(secret = 'token') {
  return { ...FORM, ...hooksig.sign('twilio', secret, { url: URL, headers: FORM, body: BODY }).headers }
}

test('public names and version', () => {
  // The lists are the core's (types.test.js ties them to index.d.ts); the seeds come first.
  assert.deepEqual([...hooksig.PROVIDERS], require('../../bindings-node/native.js').providers())
  assert.deepEqual(hooksig.PROVIDERS.slice(0, 5), ['retell', 'signalwire', 'twilio', 'plivo', 'ranked'])
  assert.ok(Object.isFrozen(hooksig.PROVIDERS) && Object.isFrozen(hooksig.SCHEMES) && Object.isFrozen(hooksig.CODES))
  assert.deepEqual([...hooksig.CODES], require('../../bindings-node/native.js').codes())
  // The functions return copies: changing one changes no list.
  hooksig.providers().pop()
  assert.equal(hooksig.providers().length, hooksig.PROVIDERS.length)
  const cargo = require('node:fs').readFileSync(require.resolve('../../Cargo.toml'), 'utf8')
  const version = /\[workspace\.package\][^[]*?version = "([^"]+)"/.exec(cargo)[1]
  assert.equal(hooksig.VERSION, version)
  assert.equal(require('../../package.json').version, version)
  for (const name of ['verify', 'verifyAsync', 'sign', 'requestUrl', 'describe', 'providers', 'schemes', 'codes', 'SCHEMES', 'express', 'keepRawBody', 'Verifier', 'WebhookVerificationError', 'ConfigurationError']) {
    assert.ok(name in hooksig, name)
  }
})

test('body types', () => {
  const headers = twilioHeaders()
  const bytes = Buffer.from(BODY)
  const padded = Buffer.concat([Buffer.from('xx'), bytes])
  for (const body of [BODY, bytes, new Uint8Array(bytes), padded.subarray(2), new Uint8Array(padded.buffer, padded.byteOffset + 2, bytes.length), bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)]) {
    assert.equal(hooksig.verify('twilio', 'token', { url: URL, headers, body }).scheme, 'twilio-form')
  }
})

test('a parsed body is a TypeError that says how to keep the raw body', () => {
  for (const body of [{ CallSid: 'CA1' }, [1, 2], 42, true]) {
    assert.throws(
      () => hooksig.verify('twilio', 'token', { url: URL, headers: twilioHeaders(), body }),
      (error) => error instanceof TypeError && !(error instanceof hooksig.WebhookVerificationError) && /raw request body/.test(error.message) && /keepRawBody/.test(error.message),
    )
  }
})

test('a missing body is a TypeError naming the fix; an explicitly empty body verifies', () => {
  const signed = hooksig.sign('retell', 'k', { body: '', now: NOW })
  for (const options of [{ headers: signed.headers, now: NOW }, { headers: signed.headers, body: undefined, now: NOW }, { headers: signed.headers, body: null, now: NOW }]) {
    for (const call of [() => hooksig.verify('retell', 'k', options), () => new hooksig.Verifier('retell', 'k').verify(options)]) {
      assert.throws(call, (error) => error instanceof TypeError && error.code === 'invalid_argument' && /raw request body/.test(error.message) && /Buffer\.alloc\(0\)/.test(error.message))
    }
  }
  for (const body of ['', Buffer.alloc(0), new Uint8Array(0)]) {
    assert.equal(hooksig.verify('retell', 'k', { headers: signed.headers, body, now: NOW }).scheme, 'retell')
  }
  const get = 'https://example.com/hooks/twilio?CallSid=CA1'
  const getHeaders = hooksig.sign('twilio', 'token', { method: 'GET', url: get }).headers // sign: the body is optional
  assert.equal(hooksig.verify('twilio', 'token', { method: 'GET', url: get, headers: getHeaders, body: '' }).scheme, 'twilio-form')
})

test('a missing body in verifyAsync rejects with the same TypeError', async () => {
  await assert.rejects(new hooksig.Verifier('retell', 'k').verifyAsync({ headers: {} }), (error) => error instanceof TypeError && error.code === 'invalid_argument')
})

test('header shapes: object in any case, arrays, WHATWG Headers, Map, pairs', () => {
  const plain = twilioHeaders()
  const lower = Object.fromEntries(Object.entries(plain).map(([k, v]) => [k.toLowerCase(), v]))
  for (const headers of [plain, lower, Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, [v]])), new Headers(plain), new Map(Object.entries(plain)), Object.entries(plain), { ...lower, cookie: 'x'.repeat(10 << 20) }]) {
    assert.equal(hooksig.verify('twilio', 'token', { url: URL, headers, body: BODY }).header, 'X-Twilio-Signature')
  }
  for (const headers of [undefined, null, {}, new Headers()]) {
    assert.throws(() => hooksig.verify('twilio', 'token', { url: URL, headers, body: BODY }), { name: 'WebhookVerificationError', code: 'missing_header', header: 'X-Twilio-Signature' })
  }
  for (const headers of ['X-Twilio-Signature: x', 42, [['only-one']], { 'X-Twilio-Signature': { a: 1 } }]) {
    assert.throws(() => hooksig.verify('twilio', 'token', { url: URL, headers, body: BODY }), TypeError)
  }
})

test('secrets and rotation', () => {
  const headers = twilioHeaders('new')
  for (const [secret, index] of [['new', 0], [Buffer.from('new'), 0], [new Uint8Array(Buffer.from('new')), 0], [['old', 'new'], 1], [[Buffer.from('old'), 'new'], 1]]) {
    assert.equal(hooksig.verify('twilio', secret, { url: URL, headers, body: BODY }).secretIndex, index)
  }
  for (const secret of [undefined, null, 42, { a: 'b' }, [null]]) {
    assert.throws(() => hooksig.verify('twilio', secret, { url: URL, headers, body: BODY }), TypeError)
  }
  for (const secret of ['', [], [' padded '], Array(17).fill('a')]) {
    assert.throws(() => hooksig.verify('twilio', secret, { url: URL, headers, body: BODY }), (error) => error instanceof hooksig.ConfigurationError && error.code === 'invalid_secret')
  }
})

test('misuse the core finds is a ConfigurationError with its code; a wrong JavaScript type is a TypeError', () => {
  const configuration = (code) => (error) =>
    error instanceof hooksig.ConfigurationError &&
    error instanceof Error &&
    !(error instanceof TypeError) &&
    !(error instanceof hooksig.WebhookVerificationError) &&
    error.name === 'ConfigurationError' &&
    error.code === code &&
    error.status === 500
  const wrongType = (error) => error instanceof TypeError && !(error instanceof hooksig.ConfigurationError) && error.code === 'invalid_argument'
  assert.throws(() => hooksig.verify('acme', 's', { headers: {}, body: '' }), configuration('unknown_provider'))
  assert.throws(() => new hooksig.Verifier('acme', 's'), configuration('unknown_provider'))
  assert.throws(() => hooksig.describe('acme'), configuration('unknown_provider'))
  assert.throws(() => new hooksig.Verifier({ id: 'acme' }, 's'), configuration('invalid_scheme'))
  assert.throws(() => hooksig.verify('{"id": "acme"}', 's', { headers: {}, body: '' }), configuration('invalid_scheme'))
  assert.throws(() => hooksig.verify('twilio', '', { headers: {}, body: '' }), configuration('invalid_secret'))
  assert.throws(() => hooksig.verify('twilio', 'token', { headers: twilioHeaders(), body: BODY }), configuration('invalid_argument'))
  assert.throws(() => hooksig.sign('twilio', 'token', { url: URL, scheme: 'retell' }), configuration('invalid_argument'))
  // Out-of-range numbers are the core's to refuse (the same error as in Python), named.
  for (const now of [Number.NaN, -1, Number.POSITIVE_INFINITY, Date.now()]) {
    assert.throws(() => hooksig.verify('retell', 'k', { headers: {}, body: '', now }), (error) => configuration('invalid_argument')(error) && /now/.test(error.message))
  }
  assert.throws(() => hooksig.verify('retell', 'k', { headers: {}, body: '', now: Date.now() }), /milliseconds/)
  assert.throws(() => new hooksig.Verifier('retell', 'k', { tolerance: -5 }), (error) => configuration('invalid_argument')(error) && /tolerance/.test(error.message))
  assert.throws(() => hooksig.verify('retell', 'k', { headers: {}, body: '', tolerance: Number.NaN }), configuration('invalid_argument'))
  // Wrong JavaScript types never reach the core.
  for (const provider of [42, null, undefined, ['retell'], Buffer.from('retell'), { id: 1n }, (() => { const cycle = {}; cycle.self = cycle; return cycle })()]) {
    assert.throws(() => hooksig.verify(provider, 's', { headers: {}, body: '' }), (error) => wrongType(error) && /provider/.test(error.message))
    assert.throws(() => hooksig.describe(provider), wrongType)
  }
  assert.throws(() => hooksig.verify('retell', 'k', { headers: {}, body: '', now: 'yesterday' }), (error) => wrongType(error) && /now/.test(error.message))
  assert.throws(() => hooksig.verify('retell', 'k', 'options'), wrongType)
  assert.throws(() => hooksig.verify('retell', 'k', { headers: {}, body: '', url: 5 }), wrongType)
  assert.throws(() => new hooksig.Verifier('plivo', 'p', { allowUnsignedBody: 'yes' }), (error) => wrongType(error) && /allowUnsignedBody/.test(error.message))
})

test('rejections carry the core status: 401', () => {
  const signed = hooksig.sign('retell', 'key', { body: '{}', now: NOW })
  assert.throws(() => hooksig.verify('retell', 'key', { headers: signed.headers, body: '{ }', now: NOW }), { name: 'WebhookVerificationError', code: 'signature_mismatch', status: 401 })
})

test('rejection details', () => {
  assert.throws(
    () => hooksig.verify('twilio', 'token', { url: URL, headers: twilioHeaders(), body: BODY + '&x=1' }),
    // The message names the URL checked, but not the query's values (request data).
    (error) =>
      error instanceof hooksig.WebhookVerificationError &&
      error instanceof Error &&
      error.code === 'signature_mismatch' &&
      error.message.includes('https://example.com/hooks/twilio?id=') &&
      !error.message.includes('id=7'),
  )
  const signed = hooksig.sign('retell', 'key', { body: '{}', now: NOW })
  assert.throws(() => hooksig.verify('retell', 'key', { headers: signed.headers, body: '{}', now: NOW + 3600 }), { code: 'timestamp_out_of_tolerance' })
  assert.equal(hooksig.verify('retell', 'key', { headers: signed.headers, body: '{}', now: NOW + 3600, tolerance: 7200 }).timestamp, NOW)
})

test('no secret or signature in messages, inspect output or JSON', async () => {
  const secret = 's3cr3t-value-never-shown'
  const signed = hooksig.sign('retell', secret, { body: '{}', now: NOW })
  const signature = signed.headers['X-Retell-Signature'].split('d=')[1]
  const verifier = new hooksig.Verifier('retell', [secret, secret + '2'])
  const texts = [util.inspect(verifier), JSON.stringify(verifier), String(verifier)]
  const verified = verifier.verify({ headers: signed.headers, body: '{}', now: NOW })
  texts.push(util.inspect(verified), JSON.stringify(verified))
  for (const [body, now] of [['{ }', NOW], ['{}', NOW + 9999]]) {
    try {
      await verifier.verifyAsync({ headers: signed.headers, body, now })
      assert.fail('accepted')
    } catch (error) {
      texts.push(error.message, util.inspect(error), JSON.stringify(error))
    }
  }
  for (const text of texts) {
    assert.ok(!text.includes(secret), text)
    assert.ok(!text.includes(signature), text)
  }
})

/** A body the provider signs: JSON, carrying the timestamp where a scheme reads it from the body. */
function jsonBodyFor(id, now) {
  const stamp = hooksig.describe(id).schemes.map((scheme) => scheme.timestamp).find((each) => each?.source.json !== undefined)
  if (stamp === undefined) return '{"a":1}'
  const key = stamp.source.json.split('/').at(-1)
  assert.equal(stamp.source.json, `/${key}`, 'a top-level pointer')
  return JSON.stringify({ [key]: stamp.unit === 'ms' ? now * 1000 : now, a: 1 })
}

test('sign round-trips every provider', () => {
  for (const provider of hooksig.PROVIDERS) {
    const secret = shapedSecret(provider, `${provider}-secret`)
    // Plivo signs no JSON body: such a request verifies only when unsigned bodies are allowed.
    const verifier = new hooksig.Verifier(provider, secret, { allowUnsignedBody: provider === 'plivo' })
    const headers = { 'Content-Type': 'application/json' }
    const body = jsonBodyFor(provider, NOW)
    const signed = verifier.sign({ url: 'https://example.com/h', headers, body, now: NOW })
    const request = { url: signed.url ?? 'https://example.com/h', headers: { ...headers, ...signed.headers }, body, now: NOW }
    const verified = verifier.verify(request)
    assert.equal(verified.scheme, signed.scheme)
    assert.ok(hooksig.describe(provider).schemes.some((scheme) => scheme.id === signed.scheme), provider)
    assert.equal(verifier.provider, provider)
    assert.ok(Object.isFrozen(verified))
    const tampered = { ...request, body: body.replace('"a":1', '"a":2') }
    if (verified.covers.body) assert.throws(() => verifier.verify(tampered), hooksig.WebhookVerificationError, provider)
    else assert.equal(provider, 'plivo')
  }
  const twilioJson = hooksig.sign('twilio', 't', { url: 'https://example.com/h', headers: { 'Content-Type': 'application/json' }, body: '{}' })
  assert.equal(twilioJson.scheme, 'twilio-body-sha256')
  assert.match(twilioJson.url, /bodySHA256=/)
})

test('requestUrl policies', () => {
  const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'example.com' }
  const received = { scheme: 'http', host: '127.0.0.1:8000', target: '/hooks/twilio?id=7' }
  assert.equal(hooksig.requestUrl({ ...received, headers: forwarded }), 'http://127.0.0.1:8000/hooks/twilio?id=7')
  assert.equal(hooksig.requestUrl({ ...received, headers: forwarded, trustProxy: true }), URL)
  assert.equal(hooksig.requestUrl({ ...received, headers: { 'x-forwarded-host': 'evil.com' }, publicUrl: 'https://example.com' }), URL)
  assert.throws(() => hooksig.requestUrl({ ...received, publicUrl: 'https://example.com', trustProxy: true }), { code: 'invalid_argument' })
  assert.throws(() => hooksig.requestUrl({ ...received, publicUrl: 'example.com' }), { code: 'invalid_argument' })
  assert.throws(() => hooksig.requestUrl({ ...received, headers: { 'x-forwarded-host': 'a/b' }, trustProxy: true }), { name: 'WebhookVerificationError', code: 'malformed_header' })
  assert.throws(() => hooksig.requestUrl({ scheme: 'http', host: 'bad host', target: '/' }), { code: 'invalid_url' })
})

test('verifyAsync hashes on the libuv pool: it cannot finish while the pool is held, the loop runs meanwhile', () => {
  // Deterministic, no clock: in a child with a one-thread pool, an fs.open of a FIFO holds the
  // only pool thread until the main thread opens the FIFO's other end. While it is held, a
  // verifyAsync queued behind it must stay pending through many turns of the event loop (a
  // verification on the main thread would have settled); once released, it resolves.
  const { spawnSync } = require('node:child_process')
  const fs = require('node:fs')
  const os = require('node:os')
  const path = require('node:path')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hooksig-pool-'))
  const fifo = path.join(dir, 'gate')
  try {
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo')
    const child = `
      const fs = require('node:fs')
      const hooksig = require(${JSON.stringify(path.join(__dirname, '..', '..'))})
      ;(async () => {
        const body = Buffer.alloc(1 << 20, 'x')
        const verifier = new hooksig.Verifier('retell', 'k')
        const signed = verifier.sign({ body, now: ${NOW} })
        const gate = fs.promises.open(${JSON.stringify(fifo)}, 'r') // holds the pool thread
        let settled = false
        const pending = verifier.verifyAsync({ headers: signed.headers, body, now: ${NOW} }).finally(() => { settled = true })
        let turns = 0
        while (turns < 200 && !settled) {
          turns++
          await new Promise((resolve) => setImmediate(resolve))
        }
        const pendingWhileHeld = !settled
        fs.closeSync(fs.openSync(${JSON.stringify(fifo)}, 'w')) // releases the pool thread
        await (await gate).close()
        const verified = await pending
        console.log(JSON.stringify({ turns, pendingWhileHeld, scheme: verified.scheme }))
      })().catch((error) => { console.error(error); process.exit(2) })
    `
    const run = spawnSync(process.execPath, ['-e', child], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, UV_THREADPOOL_SIZE: '1' } })
    assert.equal(run.status, 0, run.stderr)
    assert.deepEqual(JSON.parse(run.stdout), { turns: 200, pendingWhileHeld: true, scheme: 'retell' })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('hostile header values are rejections, never a crash', () => {
  for (const value of ['\ud800', 'x\u0000y', 'v=1,d=' + 'a'.repeat(10 << 20), ['a', 'b']]) {
    assert.throws(() => hooksig.verify('retell', 'k', { headers: { 'X-Retell-Signature': value }, body: '{}' }), {
      name: 'WebhookVerificationError',
      code: 'malformed_header',
    })
  }
})

test('allowUnsignedBody: a Plivo V2 delivery with a body is body_not_covered by default, accepted with the option', async () => {
  const url = 'https://example.com/plivo/message/'
  const headers = FORM
  const body = 'From=%2B14155550123&Text=hi'
  const signed = hooksig.sign('plivo', 'plivo-token', { url, headers, body, scheme: 'plivo-v2', nonce: '12345678901234567890' })
  const request = { url, headers: { ...headers, ...signed.headers }, body }
  const notCovered = { name: 'WebhookVerificationError', code: 'body_not_covered', status: 401 }
  const strict = new hooksig.Verifier('plivo', 'plivo-token')
  assert.equal(strict.allowsUnsignedBody, false)
  assert.throws(() => strict.verify(request), notCovered)
  await assert.rejects(strict.verifyAsync(request), notCovered)
  assert.throws(() => hooksig.verify('plivo', 'plivo-token', request), notCovered)
  assert.throws(() => hooksig.verify('plivo', 'plivo-token', { ...request, allowUnsignedBody: false }), notCovered)
  await assert.rejects(hooksig.verifyAsync('plivo', 'plivo-token', request), notCovered)

  const lenient = new hooksig.Verifier('plivo', 'plivo-token', { allowUnsignedBody: true })
  assert.equal(lenient.allowsUnsignedBody, true)
  const results = [
    lenient.verify(request),
    await lenient.verifyAsync(request),
    hooksig.verify('plivo', 'plivo-token', { ...request, allowUnsignedBody: true }),
    await hooksig.verifyAsync('plivo', 'plivo-token', { ...request, allowUnsignedBody: true }),
  ]
  for (const verified of results) {
    assert.equal(verified.scheme, 'plivo-v2')
    assert.deepEqual({ ...verified.covers }, { body: false, url: false, timestamp: false })
  }
  // The one-shot cache keys on the option: a strict call after a lenient one is still strict.
  assert.throws(() => hooksig.verify('plivo', 'plivo-token', request), notCovered)
  // A body the signature covers (V3 form) is unaffected by the option.
  const v3 = hooksig.sign('plivo', 'plivo-token', { url, headers, body, nonce: '12345678901234567890' })
  assert.equal(strict.verify({ ...request, headers: { ...headers, ...v3.headers } }).covers.body, true)
})

test('one-shot verify: the same results as a Verifier, for any case of the provider name, keyed per configuration', async () => {
  const signed = hooksig.sign('retell', 'k1', { body: '{}', now: NOW })
  const request = { headers: signed.headers, body: '{}', now: NOW }
  assert.deepEqual(hooksig.verify('retell', 'k1', request), new hooksig.Verifier('retell', 'k1').verify(request))
  assert.equal(hooksig.verify('Retell', 'k1', request).provider, 'retell')
  assert.equal(hooksig.verify('retell', ['k0', 'k1'], request).secretIndex, 1)
  assert.equal(hooksig.verify('retell', [Buffer.from('k0'), new Uint8Array(Buffer.from('k1'))], request).secretIndex, 1)
  assert.throws(() => hooksig.verify('retell', 'k2', request), { code: 'signature_mismatch' })
  assert.equal((await hooksig.verifyAsync('retell', 'k1', request)).timestamp, NOW)
  // The tolerance is part of the configuration.
  const late = { ...request, now: NOW + 3600 }
  assert.throws(() => hooksig.verify('retell', 'k1', late), { code: 'timestamp_out_of_tolerance' })
  assert.equal(hooksig.verify('retell', 'k1', { ...late, tolerance: 7200 }).scheme, 'retell')
  assert.throws(() => hooksig.verify('retell', 'k1', late), { code: 'timestamp_out_of_tolerance' })
  await assert.rejects(hooksig.verifyAsync('nope', 'k1', request), { name: 'ConfigurationError', code: 'unknown_provider' })
  await assert.rejects(hooksig.verifyAsync('retell', '', request), { name: 'ConfigurationError', code: 'invalid_secret' })
})

test('one-shot verify in a tight loop holds flat memory (no native object per call)', () => {
  // In a child: 200 000 one-shot calls with no turn of the event loop, so no finalizer can
  // run; before, each call left a native verifier behind until the loop yielded (~1 KB each).
  const { spawnSync } = require('node:child_process')
  const path = require('node:path')
  const child = `
    const hooksig = require(${JSON.stringify(path.join(__dirname, '..', '..'))})
    const body = Buffer.from('{"event":"call_ended"}')
    const request = { headers: hooksig.sign('retell', 'loop-key', { body }).headers, body }
    for (let i = 0; i < 20000; i++) hooksig.verify('retell', 'loop-key', request)
    global.gc()
    const before = process.memoryUsage()
    for (let i = 0; i < 200000; i++) hooksig.verify('retell', 'loop-key', request)
    global.gc()
    const after = process.memoryUsage()
    console.log(JSON.stringify({ rss: after.rss - before.rss, external: after.external - before.external }))
  `
  const run = spawnSync(process.execPath, ['--expose-gc', '-e', child], { encoding: 'utf8', timeout: 120_000 })
  assert.equal(run.status, 0, run.stderr)
  const grown = JSON.parse(run.stdout)
  // 200 000 leaked verifiers would be about 200 MB; a flat loop stays within allocator noise.
  assert.ok(grown.rss < 32 << 20, `resident memory grew by ${(grown.rss / 2 ** 20).toFixed(1)} MiB`)
  assert.ok(grown.external < 1 << 20, `external memory grew by ${grown.external} bytes`)
})
