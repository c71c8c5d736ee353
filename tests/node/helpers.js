'use strict'
// Shared by the Node suite: the vector corpus and servers on 127.0.0.1.

const fs = require('node:fs')
const path = require('node:path')

const VECTORS = path.join(__dirname, '..', 'vectors')
const PROVIDERS = ['retell', 'signalwire', 'twilio', 'plivo', 'ranked']

function loadCases() {
  const cases = []
  for (const provider of PROVIDERS) {
    const file = JSON.parse(fs.readFileSync(path.join(VECTORS, `${provider}.json`), 'utf8'))
    for (const item of file.cases) cases.push({ ...item, provider: file.provider })
  }
  return cases
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

module.exports = { PROVIDERS, loadCases, caseBody, listen }
