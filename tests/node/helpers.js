'use strict'
// Shared by the Node suite: the vector corpus and servers on 127.0.0.1.

const fs = require('node:fs')
const path = require('node:path')

const VECTORS = path.join(__dirname, '..', 'vectors')
/** Every built-in provider, as the core lists them (each has a vector file). */
const PROVIDERS = require('../../bindings-node/native.js').providers()

/** Every case of every provider's vector file (tests/vectors/<id>.json), with its provider. */
function loadCases() {
  const cases = []
  for (const provider of PROVIDERS) {
    const file = JSON.parse(fs.readFileSync(path.join(VECTORS, `${provider}.json`), 'utf8'))
    if (file.provider !== provider) throw new Error(`${provider}.json is for ${file.provider}`)
    for (const item of file.cases) cases.push({ ...item, provider: file.provider })
  }
  return cases
}

/**
 * `raw` in the shape the provider's key decoding takes (its first scheme's `key` in
 * `describe`): `whsec_` + base64, base64, hex, or with the required prefix; as is otherwise.
 */
function shapedSecret(provider, raw) {
  const key = require('../..').describe(provider).schemes[0].key ?? 'utf8'
  const b64 = Buffer.from(raw).toString('base64')
  if (key === 'whsec-base64') return `whsec_${b64}`
  if (key === 'base64') return b64
  if (key === 'hex') return Buffer.from(raw).toString('hex')
  if (typeof key === 'object') return `${Object.values(key)[0]}${raw}`
  return raw
}

function caseBody(item) {
  return item.body_base64 !== undefined ? Buffer.from(item.body_base64, 'base64') : Buffer.from(item.body, 'utf8')
}

/** Starts `app` (an Express app or a request listener) on 127.0.0.1 and an ephemeral port. */
function listen(app) {
  const http = require('node:http')
  return new Promise((resolve, reject) => {
    const server = http.createServer(app)
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      resolve({
        base: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.()
            server.close(done)
          }),
      })
    })
  })
}

module.exports = { PROVIDERS, loadCases, caseBody, shapedSecret, listen }
