'use strict'
// index.d.ts against the native module: its Provider, RejectionCode and MisuseCode unions are
// exactly native.providers() and native.codes() (rejections first, in the core's order), so a
// code or provider added to the core fails here until the types say it too.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { test } = require('node:test')
const hooksig = require('../..')
const native = require('../../native.js')

const TYPES = fs.readFileSync(path.join(__dirname, '..', '..', 'index.d.ts'), 'utf8')

/** The string literals of `export type <name> = 'a' | 'b' ...` in index.d.ts, in order. */
function union(name) {
  const match = new RegExp(`export type ${name} =([^]*?)(?:\\n\\s*\\n|\\n(?:export|/\\*\\*))`).exec(TYPES)
  assert.ok(match, `no union ${name} in index.d.ts`)
  const body = match[1].replace(/\/\*[^]*?\*\//g, '')
  assert.match(body, /^[\s|'a-z_0-9]+$/, `${name} is not a plain union of string literals`)
  return [...body.matchAll(/'([^']+)'/g)].map((each) => each[1])
}

test('the Provider union is native.providers()', () => {
  assert.deepEqual(union('Provider'), native.providers())
  assert.deepEqual([...hooksig.PROVIDERS], native.providers())
})

test('RejectionCode then MisuseCode is native.codes(), in order', () => {
  const rejections = union('RejectionCode')
  const misuse = union('MisuseCode')
  assert.deepEqual([...rejections, ...misuse], native.codes())
  assert.deepEqual([...hooksig.CODES], native.codes())
  // The split agrees with the core: a failure of each kind the adapters build lands on its side.
  const tooLarge = native.bodyTooLarge(1024)
  assert.ok(tooLarge.rejection && rejections.includes(tooLarge.code) && tooLarge.status === 413)
  const unavailable = native.rawBodyUnavailable('a parser read it')
  assert.ok(!unavailable.rejection && misuse.includes(unavailable.code) && unavailable.status === 500)
})

test('the union parser refuses what it cannot read', () => {
  assert.throws(() => union('NoSuchType'), /no union/)
  assert.throws(() => union('ErrorCode'), /not a plain union/) // RejectionCode | MisuseCode
})
