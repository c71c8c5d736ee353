'use strict'
// A Fastify app receiving the webhooks of every provider hooksig supports.
//
//   RETELL_API_KEY=... TWILIO_AUTH_TOKEN=... PORT=8000 node examples/fastify_app.js
//
// The hooksig plugin is registered inside the context that holds the webhook routes (its
// content-type parser keeps the raw bytes there; routes outside keep Fastify's parsers), and
// each route names its provider and secret in `config.hooksig`: the signature is verified
// before the handler runs; anything else gets 401 {"error": "<code>"}. Secrets come from the
// environment: RETELL_API_KEY, SIGNALWIRE_SIGNING_KEY, TWILIO_AUTH_TOKEN, PLIVO_AUTH_TOKEN,
// RANKED_WEBHOOK_SECRET. Behind a TLS-terminating proxy, set HOOKSIG_PUBLIC_URL=https://your.host,
// or HOOKSIG_TRUST_PROXY=1 when the proxy overwrites X-Forwarded-Proto/-Host (an app created
// with Fastify's own `trustProxy` needs neither: the plugin starts from `request.protocol` and
// `request.host`).

const Fastify = require('fastify')
const hooksig = require('hooksig')

/** A route's `config.hooksig`: its provider, the secret read from the environment. */
function webhook(provider, secretVariable) {
  const secret = process.env[secretVariable]
  if (!secret) throw new Error(`${secretVariable} is not set`)
  return { hooksig: { provider, secret } }
}

const app = Fastify()

app.register(async (hooks) => {
  // The plugin's options are the defaults of every route in this context.
  hooks.register(hooksig.fastify, {
    publicUrl: process.env.HOOKSIG_PUBLIC_URL,
    trustProxy: process.env.HOOKSIG_TRUST_PROXY === '1',
  })

  // request.body is the parsed JSON or form; request.webhook the verified result.
  hooks.post('/webhooks/retell', { config: webhook('retell', 'RETELL_API_KEY') }, async (request) => ({
    received: request.body.event,
  }))

  hooks.post('/webhooks/signalwire', { config: webhook('signalwire', 'SIGNALWIRE_SIGNING_KEY') }, async (request) => ({
    received: request.body.CallSid,
  }))

  hooks.post('/webhooks/twilio', { config: webhook('twilio', 'TWILIO_AUTH_TOKEN') }, async (request) => ({
    received: request.body.MessageSid,
  }))

  hooks.post('/webhooks/plivo', { config: webhook('plivo', 'PLIVO_AUTH_TOKEN') }, async (request) => ({
    received: request.body.CallUUID,
  }))

  hooks.post('/webhooks/ranked', { config: webhook('ranked', 'RANKED_WEBHOOK_SECRET') }, async (request) => ({
    received: request.body.type,
  }))
})

const port = Number(process.env.PORT ?? 8000)
app.listen({ port, host: '127.0.0.1' }).then(
  (address) => console.log(`listening on ${address}`),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
