#!/usr/bin/env node
'use strict'
// Every case of tests/vectors/ through the *installed* hooksig, the package folder HOOKSIG_PACKAGE
// names (a path: `require('hooksig')` from this file would resolve to the checkout itself, which
// is named hooksig): accepted cases must verify with the expected scheme, rejected ones must fail
// with the expected code. Prints which .node file served the calls.

const fs = require('node:fs')
const path = require('node:path')

if (!process.env.HOOKSIG_PACKAGE) throw new Error('set HOOKSIG_PACKAGE to the installed package folder')
const hooksig = require(path.resolve(process.env.HOOKSIG_PACKAGE))
const vectors = path.join(__dirname, '..', '..', 'tests', 'vectors')
const binary = Object.keys(require.cache).find((file) => file.endsWith('.node'))

let total = 0
let accepted = 0
const failures = []
for (const file of fs.readdirSync(vectors).filter((name) => name.endsWith('.json')).sort()) {
  const data = JSON.parse(fs.readFileSync(path.join(vectors, file), 'utf8'))
  for (const item of data.cases) {
    total += 1
    const body = item.body_base64 !== undefined ? Buffer.from(item.body_base64, 'base64') : Buffer.from(item.body, 'utf8')
    let got
    try {
      const verified = hooksig.verify(data.provider, item.secrets, {
        method: item.method, url: item.url, headers: item.headers, body, now: item.now, tolerance: item.tolerance,
        // Only where a case sets it (issue 12's `allowUnsignedBody: true`).
        ...(item.allow_unsigned_body ? { allowUnsignedBody: true } : {}),
      })
      got = `accepted ${verified.scheme}`
      accepted += 1
    } catch (error) {
      got = `rejected ${error.code}`
    }
    const wanted = item.expect.ok ? `accepted ${item.expect.scheme}` : `rejected ${item.expect.code}`
    if (got !== wanted) failures.push(`${item.id}: ${got}, expected ${wanted}`)
  }
}
for (const failure of failures) console.error(`vector smoke FAILED: ${failure}`)
console.log(
  `vector smoke (Node ${process.version}, hooksig ${hooksig.VERSION}, native module ${binary}): ` +
    `${total} cases, ${accepted} accepted, ${total - accepted} rejected, ${failures.length} wrong`,
)
process.exit(failures.length || total < 100 ? 1 : 0)
