'use strict'
// verifyAsync owns its bytes: a caller that detaches the body's ArrayBuffer while the hashing
// runs on the libuv pool (structuredClone with transfer, postMessage) and lets it be collected
// must not crash the process, and the verification still answers for the bytes it was given.
// Run in a child process, so a crash is an exit code rather than the end of the test runner.

const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const path = require('node:path')
const { test } = require('node:test')

const CHILD = `
const hooksig = require(${JSON.stringify(path.join(__dirname, '..', '..'))})
;(async () => {
  const verifier = new hooksig.Verifier('retell', 'key')
  const rounds = 24
  let verified = 0
  for (let round = 0; round < rounds; round++) {
    let buffer = new ArrayBuffer(48 << 20)
    const body = new Uint8Array(buffer)
    body.fill(0x61 + (round % 3))
    const signed = verifier.sign({ body, now: 1700000000 })
    const pending = verifier.verifyAsync({ headers: signed.headers, body, now: 1700000000 })
    // Detach the body mid-hash and drop every reference to the moved store.
    let moved = structuredClone(buffer, { transfer: [buffer] })
    buffer = null
    moved = null
    if (body.byteLength !== 0) throw new Error('the buffer was not detached')
    for (let i = 0; i < 4; i++) {
      global.gc()
      await new Promise((resolve) => setImmediate(resolve))
    }
    if ((await pending).scheme === 'retell') verified++
  }
  console.log(JSON.stringify({ rounds, verified }))
})().catch((error) => { console.error(error); process.exit(2) })
`

test('a body detached and collected during verifyAsync: no crash, the right answer, every time', () => {
  const child = spawnSync(process.execPath, ['--expose-gc', '-e', CHILD], { encoding: 'utf8', timeout: 120_000 })
  assert.equal(child.signal, null, `the child died of ${child.signal}: ${child.stderr}`)
  assert.equal(child.status, 0, child.stderr)
  assert.deepEqual(JSON.parse(child.stdout), { rounds: 24, verified: 24 })
})
