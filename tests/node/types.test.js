'use strict'
// index.d.ts against the native module: its Provider, ProviderAlias, Scheme, RejectionCode and
// MisuseCode unions are exactly what the core lists (native.providers(), the registry's aliases,
// native.schemes(), native.codeTable() split by class, in the core's order), and the error
// classes' code lists are built from the same table; so a provider, scheme or code added to the
// core fails here until the types say it too. The custom-spec types name every value the
// built-in specs use.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { test } = require('node:test')
const hooksig = require('../..')
const native = require('../../bindings-node/native.js')

const TYPES = fs.readFileSync(path.join(__dirname, '..', '..', 'bindings-node', 'index.d.ts'), 'utf8')

/** The string literals of `export type <name> = 'a' | 'b' ...` in index.d.ts, in order. */
function union(name) {
  const match = new RegExp(`export type ${name} =([^]*?)(?:\\n\\s*\\n|\\n(?:export|/\\*\\*|//))`).exec(TYPES)
  assert.ok(match, `no union ${name} in index.d.ts`)
  const body = match[1].replace(/\/\*[^]*?\*\//g, '')
  assert.match(body, /^[\s|'a-z_0-9-]+$/, `${name} is not a plain union of string literals`)
  return [...body.matchAll(/'([^']+)'/g)].map((each) => each[1])
}

test('the Provider union is native.providers(), every built-in provider', () => {
  assert.deepEqual(union('Provider'), native.providers())
  assert.deepEqual([...hooksig.PROVIDERS], native.providers())
  assert.deepEqual(hooksig.providers(), native.providers())
  assert.ok(native.providers().length >= 39)
})

test('the ProviderAlias union is every alias in the registry, and each alias resolves to its provider', () => {
  const aliases = native.providers().flatMap((id) => (hooksig.describe(id).aliases ?? []).map((alias) => [alias, id]))
  assert.deepEqual(union('ProviderAlias'), aliases.map(([alias]) => alias))
  for (const [alias, id] of aliases) {
    assert.equal(new hooksig.Verifier(alias, 'whsec_' + Buffer.from('k').toString('base64')).provider, id)
  }
})

test('the Scheme union is native.schemes(), each provider\'s schemes in its order', () => {
  assert.deepEqual(union('Scheme'), native.schemes())
  assert.deepEqual([...hooksig.SCHEMES], native.schemes())
  assert.deepEqual(hooksig.schemes(), native.schemes())
  assert.deepEqual(native.providers().flatMap((id) => hooksig.describe(id).schemes.map((scheme) => scheme.id)), native.schemes())
})

test('RejectionCode then MisuseCode is native.codes(), in order; the error classes are built from the core\'s table', () => {
  const rejections = union('RejectionCode')
  const misuse = union('MisuseCode')
  assert.deepEqual([...rejections, ...misuse], native.codes())
  assert.deepEqual([...hooksig.CODES], native.codes())
  assert.deepEqual(hooksig.codes(), native.codes())
  assert.ok(misuse.includes('invalid_scheme'))
  // Each class's codes are the core's classification, not a list kept in JavaScript.
  const table = native.codeTable()
  assert.deepEqual(table.map((entry) => entry.code), native.codes())
  assert.deepEqual([...hooksig.WebhookVerificationError.codes], rejections)
  assert.deepEqual([...hooksig.ConfigurationError.codes], misuse)
  assert.deepEqual(table.filter((entry) => entry.rejection).map((entry) => entry.code), rejections)
  for (const { code, rejection, status } of table) assert.equal(status, rejection ? (code === 'body_too_large' ? 413 : 401) : 500, code)
  // The split agrees with the failures the core builds: each lands in its class, with its status.
  const tooLarge = native.bodyTooLarge(1024)
  assert.ok(tooLarge.rejection && rejections.includes(tooLarge.code) && tooLarge.status === 413)
  const unavailable = native.rawBodyUnavailable('a parser read it')
  assert.ok(!unavailable.rejection && misuse.includes(unavailable.code) && unavailable.status === 500)
  const errors = [
    [() => hooksig.verify('no-such-provider', 'k', { headers: {}, body: '' }), 'unknown_provider'],
    [() => hooksig.verify({ id: 'x', schemes: [] }, 'k', { headers: {}, body: '' }), 'invalid_scheme'],
    [() => hooksig.verify('retell', '', { headers: {}, body: '' }), 'invalid_secret'],
    [() => hooksig.verify('retell', 'k', { headers: {}, body: '' }), 'missing_header'],
  ]
  for (const [call, code] of errors) {
    assert.throws(call, (error) => {
      const entry = table.find((each) => each.code === code)
      const expected = entry.rejection ? hooksig.WebhookVerificationError : hooksig.ConfigurationError
      return error instanceof expected && error.code === code && error.status === entry.status
    })
  }
})

test('the custom-spec types name every value the built-in specs use', () => {
  const strings = (name) => union(name)
  const specs = native.providers().map((id) => hooksig.describe(id))
  const used = (pick) => [...new Set(specs.flatMap(pick).filter((value) => value !== undefined))]
  for (const value of used((spec) => [spec.canonicaliser])) assert.ok(strings('Canonicaliser').includes(value), value)
  const schemes = specs.flatMap((spec) => spec.schemes)
  for (const value of used(() => schemes.map((scheme) => scheme.signature.encoding))) assert.ok(strings('SignatureEncoding').includes(value), value)
  for (const value of used(() => schemes.map((scheme) => scheme.signature.algorithm))) assert.ok(strings('SignatureAlgorithm').includes(value), value)
  for (const kind of used(() => schemes.map((scheme) => scheme.signature.format.kind))) assert.match(TYPES, new RegExp(`\\{ kind: '${kind}'`), kind)
  const pieces = used(() => schemes.flatMap((scheme) => scheme.signed.filter((piece) => typeof piece === 'string')))
  for (const piece of pieces) assert.match(TYPES, new RegExp(`\\| '${piece}'\\n`), piece)
  const keys = used(() => schemes.map((scheme) => (typeof scheme.key === 'object' ? Object.keys(scheme.key)[0] : scheme.key)))
  for (const key of keys) assert.match(TYPES, new RegExp(`'${key}'|\\{ ${key}: string \\}`), key)
  const units = used(() => schemes.map((scheme) => scheme.timestamp?.unit))
  for (const unit of units) assert.match(TYPES, new RegExp(`unit: [^\\n]*'${unit}'`), unit)
})

test('the union parser refuses what it cannot read', () => {
  assert.throws(() => union('NoSuchType'), /no union/)
  assert.throws(() => union('ErrorCode'), /not a plain union/) // RejectionCode | MisuseCode
})
