'use strict'
// An Express app receiving the webhooks of every provider hooksig supports.
//
//   RETELL_API_KEY=... TWILIO_AUTH_TOKEN=... PORT=8000 node examples/express_app.js
//
// Each route verifies its provider's signature before the handler runs; anything else gets
// 401 {"error": "<code>"}. Secrets come from the environment: RETELL_API_KEY,
// SIGNALWIRE_SIGNING_KEY, TWILIO_AUTH_TOKEN, PLIVO_AUTH_TOKEN, RANKED_WEBHOOK_SECRET. Behind a
// TLS-terminating proxy, set HOOKSIG_PUBLIC_URL=https://your.host, or HOOKSIG_TRUST_PROXY=1 when
// the proxy overwrites X-Forwarded-Proto/-Host (an app that sets Express's own
// `app.set('trust proxy', ...)` needs neither: the middleware starts from what Express received).

const express = require('express')
const hooksig = require('hooksig')

/** The verifying middleware for one provider, its secret read from the environment. */
function webhook(provider, secretVariable) {
  const secret = process.env[secretVariable]
  if (!secret) throw new Error(`${secretVariable} is not set`)
  return hooksig.express({
    provider,
    secret,
    publicUrl: process.env.HOOKSIG_PUBLIC_URL,
    trustProxy: process.env.HOOKSIG_TRUST_PROXY === '1',
  })
}

const app = express()

// req.body is the parsed JSON or form; req.webhook the verified result.
app.post('/webhooks/retell', webhook('retell', 'RETELL_API_KEY'), (req, res) => {
  res.json({ received: req.body.event })
})

app.post('/webhooks/signalwire', webhook('signalwire', 'SIGNALWIRE_SIGNING_KEY'), (req, res) => {
  res.json({ received: req.body.CallSid })
})

app.post('/webhooks/twilio', webhook('twilio', 'TWILIO_AUTH_TOKEN'), (req, res) => {
  res.json({ received: req.body.MessageSid })
})

app.post('/webhooks/plivo', webhook('plivo', 'PLIVO_AUTH_TOKEN'), (req, res) => {
  res.json({ received: req.body.CallUUID })
})

app.post('/webhooks/ranked', webhook('ranked', 'RANKED_WEBHOOK_SECRET'), (req, res) => {
  res.json({ received: req.body.type })
})

const port = Number(process.env.PORT ?? 8000)
app.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}`))
