'use strict'
// The README's Node examples, run as a user would paste them: each starts its server on
// 127.0.0.1, receives a delivery signed with `hooksig.sign`, then a forged one.
//
// `require('hooksig')` resolves to HOOKSIG_PACKAGE (an installed package, in the packed-tarball
// check) or to this checkout.

const assert = require('node:assert/strict')
const { spawn } = require('node:child_process')
const fs = require('node:fs')
const net = require('node:net')
const os = require('node:os')
const path = require('node:path')
const { test, after } = require('node:test')

const root = path.resolve(__dirname, '..', '..')
const packageDir = process.env.HOOKSIG_PACKAGE ?? root
const hooksig = require(packageDir)
const README = fs.readFileSync(path.join(root, 'README.md'), 'utf8')

function jsBlocks() {
  const blocks = {}
  let heading = ''
  for (const part of README.split(/(^### [^\n]*$|^```js\n[\s\S]*?^```$)/m)) {
    if (part.startsWith('### ')) heading = part.slice(4).trim()
    else if (part.startsWith('```js\n')) (blocks[heading] ??= []).push(part.slice(6, -3))
  }
  return blocks
}
const BLOCKS = jsBlocks()

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hooksig-readme-'))
fs.mkdirSync(path.join(work, 'node_modules'))
fs.symlinkSync(packageDir, path.join(work, 'node_modules', 'hooksig'))
for (const name of ['express', 'fastify', 'koa', 'hono', '@hono']) {
  fs.symlinkSync(path.join(root, 'node_modules', name), path.join(work, 'node_modules', name))
}
after(() => fs.rmSync(work, { recursive: true, force: true }))

function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

async function runExample(name, source, env) {
  const file = path.join(work, `${name}.js`)
  fs.writeFileSync(file, source)
  const port = await freePort()
  const child = spawn(process.execPath, [file], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'inherit', 'inherit'] })
  const base = `http://127.0.0.1:${port}`
  for (let tries = 0; ; tries++) {
    try {
      await fetch(base)
      break
    } catch (error) {
      if (tries > 100 || child.exitCode !== null) throw new Error(`${name} did not start`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  return { base, stop: () => child.kill() }
}

test('the README has the examples', () => {
  assert.ok(BLOCKS.Express?.length === 2, Object.keys(BLOCKS).join(', '))
  assert.ok(BLOCKS['Plain `http`']?.length === 1)
  assert.ok(BLOCKS['Express behind a proxy']?.length === 1)
  assert.ok(BLOCKS.Fastify?.length === 1)
  assert.ok(BLOCKS.Koa?.length === 1)
  assert.ok(BLOCKS[WEB]?.length === 3)
  assert.ok(BLOCKS['AWS Lambda']?.length === 1)
})

const WEB = 'Web `Request`: Next.js, Hono'

const FORM = 'application/x-www-form-urlencoded'

async function checkTwilioApp(source) {
  const token = 'readme_twilio_token'
  const app = await runExample('express-app', source, { TWILIO_AUTH_TOKEN: token })
  try {
    const url = app.base + '/webhooks/twilio'
    const body = 'From=%2B14155550123&Body=Hello'
    const headers = { 'Content-Type': FORM, ...hooksig.sign('twilio', token, { url, headers: { 'Content-Type': FORM }, body }).headers }
    const ok = await fetch(url, { method: 'POST', body, headers })
    assert.equal(ok.status, 200)
    assert.match(await ok.text(), /Got: Hello/)
    const forged = await fetch(url, { method: 'POST', body: body + '&x=1', headers })
    assert.deepEqual([forged.status, await forged.json()], [401, { error: 'signature_mismatch' }])
  } finally {
    app.stop()
  }
}

test('Express example', async () => {
  await checkTwilioApp(BLOCKS.Express[0])
})

test('Express example with a global body parser keeping the raw body', async () => {
  const [example, parsers] = BLOCKS.Express
  const combined = example.replace('const app = express()\n', `const app = express()\n${parsers}`)
  assert.notEqual(combined, example)
  await checkTwilioApp(combined)
})

test("Express example behind a proxy: the app's trust proxy setting is honoured", async () => {
  const [setting] = BLOCKS['Express behind a proxy']
  const combined = BLOCKS.Express[0].replace('const app = express()\n', `const app = express()\n${setting}`)
  assert.notEqual(combined, BLOCKS.Express[0])
  const token = 'readme_twilio_token'
  const app = await runExample('express-proxy', combined, { TWILIO_AUTH_TOKEN: token })
  try {
    const body = 'From=%2B14155550123&Body=Hello'
    const signed = hooksig.sign('twilio', token, { url: 'https://example.com/webhooks/twilio', headers: { 'Content-Type': FORM }, body })
    const headers = { 'Content-Type': FORM, 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'example.com', ...signed.headers }
    const ok = await fetch(app.base + '/webhooks/twilio', { method: 'POST', body, headers })
    assert.equal(ok.status, 200)
    const direct = await fetch(app.base + '/webhooks/twilio', { method: 'POST', body, headers: { 'Content-Type': FORM, ...signed.headers } })
    assert.equal(direct.status, 401)
  } finally {
    app.stop()
  }
})

test('plain http example', async () => {
  const apiKey = 'key_readme_retell'
  const app = await runExample('http-server', BLOCKS['Plain `http`'][0], { RETELL_API_KEY: apiKey })
  try {
    const body = '{"event":"call_ended"}'
    const headers = hooksig.sign('retell', apiKey, { body }).headers
    assert.equal((await fetch(app.base, { method: 'POST', body, headers })).status, 204)
    const forged = await fetch(app.base, { method: 'POST', body: body + ' ', headers })
    assert.deepEqual([forged.status, await forged.json()], [401, { error: 'signature_mismatch' }])
  } finally {
    app.stop()
  }
})

async function checkRetellApp(name, source) {
  const apiKey = 'key_readme_retell'
  const app = await runExample(name, source, { RETELL_API_KEY: apiKey })
  try {
    const url = app.base + '/webhooks/retell'
    const body = '{"event":"call_ended"}'
    const headers = { 'Content-Type': 'application/json', ...hooksig.sign('retell', apiKey, { body }).headers }
    const ok = await fetch(url, { method: 'POST', body, headers })
    assert.deepEqual([ok.status, await ok.json()], [200, { received: 'call_ended' }])
    const forged = await fetch(url, { method: 'POST', body: body.replace('ended', 'started'), headers })
    assert.deepEqual([forged.status, await forged.json()], [401, { error: 'signature_mismatch' }])
  } finally {
    app.stop()
  }
}

test('Fastify example', async () => {
  await checkTwilioApp(BLOCKS.Fastify[0])
})

test('Koa example', async () => {
  await checkRetellApp('koa-app', BLOCKS.Koa[0])
})

test('Hono example', async () => {
  await checkRetellApp('hono-app', BLOCKS[WEB][2])
})

test('Next.js route handler example: runtime nodejs, POST a Web handler; next.config names hooksig', async () => {
  const [route, config] = BLOCKS[WEB]
  assert.match(config, /serverExternalPackages: \['hooksig'\]/)
  const file = path.join(work, 'route.mjs')
  fs.writeFileSync(file, route)
  const apiKey = 'key_readme_retell'
  process.env.RETELL_API_KEY = apiKey
  try {
    const { runtime, POST } = await import(file)
    assert.equal(runtime, 'nodejs')
    const body = '{"event":"call_ended"}'
    const headers = { 'Content-Type': 'application/json', ...hooksig.sign('retell', apiKey, { body }).headers }
    const ok = await POST(new Request('http://localhost:3000/api/webhooks/retell', { method: 'POST', body, headers }), { params: Promise.resolve({}) })
    assert.deepEqual([ok.status, await ok.json()], [200, { received: 'call_ended' }])
    const forged = await POST(new Request('http://localhost:3000/api/webhooks/retell', { method: 'POST', body: body + ' ', headers }))
    assert.deepEqual([forged.status, await forged.json()], [401, { error: 'signature_mismatch' }])
  } finally {
    delete process.env.RETELL_API_KEY
  }
})

test('AWS Lambda example: an HTTP API event behind the custom domain of its publicUrl', async () => {
  const { lambdaEvent } = require('./lambda_events.js')
  const file = path.join(work, 'lambda.js')
  fs.writeFileSync(file, BLOCKS['AWS Lambda'][0])
  const token = 'readme_twilio_token'
  process.env.TWILIO_AUTH_TOKEN = token
  try {
    const { handler } = require(file)
    const body = 'CallSid=CA1&From=%2B14155550123'
    const signed = hooksig.sign('twilio', token, { url: 'https://api.example.com/hooks/twilio', headers: { 'Content-Type': FORM }, body })
    const event = lambdaEvent('v2', { target: '/twilio', headers: { 'Content-Type': FORM, Host: 'api.example.com', ...signed.headers }, body, base64: true })
    assert.deepEqual(await handler(event, {}), { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: '<Response/>' })
    event.body = Buffer.from(body + '&x=1').toString('base64')
    assert.deepEqual(JSON.parse((await handler(event, {})).body), { error: 'signature_mismatch' })
  } finally {
    delete process.env.TWILIO_AUTH_TOKEN
  }
})
