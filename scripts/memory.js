'use strict'
// Memory under load, Node: a million verify calls (genuine, tampered, malformed, wrongly
// typed, one-shot) and 100 000 verifyAsync, resident memory and heap before and after (after
// a full GC). The synchronous calls run in one tight loop that never yields to the event loop:
// no call may leave a native object behind for a finalizer (which runs only between turns of
// the loop) to free. `make memory` runs it with --expose-gc; exits 1 if the resident set grew
// by more than 8 MiB after the warm-up.

const hooksig = require('..')

const CALLS = Number(process.argv[2] ?? 1_000_000)
const SECRET = 'memory-secret-0123456789'

const body = Buffer.from(`{"event":"call_ended","call":{"call_id":"${'x'.repeat(900)}"}}`)
const retell = new hooksig.Verifier('retell', SECRET)
const genuine = hooksig.sign('retell', SECRET, { body }).headers
const tampered = Buffer.concat([body, Buffer.from(' ')])
const twilio = new hooksig.Verifier('twilio', SECRET)
const url = 'https://example.com/sms'
const form = 'From=%2B14155550123&Body=hello+world'
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' }
const signed = { ...formHeaders, ...hooksig.sign('twilio', SECRET, { url, headers: formHeaders, body: form }).headers }
const calls = [
  () => retell.verify({ headers: genuine, body }),
  () => retell.verify({ headers: genuine, body: tampered }),
  () => retell.verify({ headers: { 'x-retell-signature': 'v=1,d=zz' }, body }),
  () => retell.verify({ headers: {}, body: { parsed: 'json' } }),
  () => twilio.verify({ url, headers: signed, body: form }),
  () => hooksig.verify('twilio', SECRET, { url, headers: signed, body: form }),
  () => hooksig.verify('retell', [SECRET, 'old-secret-0123456789'], { headers: genuine, body }),
]

/** `count` calls in a tight loop, never yielding to the event loop. */
function run(count) {
  for (let i = 0; i < count; i++) {
    try {
      calls[i % calls.length]()
    } catch (error) {
      if (!(error instanceof hooksig.WebhookVerificationError) && !(error instanceof TypeError)) throw error
    }
  }
}

async function runAsync(count) {
  for (let i = 0; i < count; i += 64) {
    await Promise.all(Array.from({ length: 64 }, () => retell.verifyAsync({ headers: genuine, body })))
  }
}

function memory() {
  global.gc?.()
  const { rss, heapUsed, external } = process.memoryUsage()
  return { rss, heapUsed, external }
}

async function main() {
  run(100_000)
  await runAsync(100_000) // the thread pool's malloc arenas grow to their working size
  const before = memory()
  run(CALLS)
  await runAsync(CALLS / 10)
  const after = memory()
  const mib = (bytes) => (bytes / 1048576).toFixed(1)
  const growth = after.rss - before.rss
  console.log(
    `node: ${CALLS} verify + ${CALLS / 10} verifyAsync calls, resident ${mib(before.rss)} MiB before, ` +
      `${mib(after.rss)} MiB after (${growth >= 0 ? '+' : ''}${Math.round(growth / 1024)} KiB); ` +
      `heap ${mib(before.heapUsed)} -> ${mib(after.heapUsed)} MiB, external ${mib(before.external)} -> ${mib(after.external)} MiB`,
  )
  process.exitCode = growth > 8 * 1048576 ? 1 : 0
}

main()
