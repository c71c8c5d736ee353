'use strict'
// The end-to-end benchmark's Express app: one 1 KB Retell webhook endpoint per verifier.
// /hooksig uses the hooksig.express middleware; /verifier a hooksig.Verifier called in the
// handler, as /sdk calls retell-sdk's Retell.verify and /crypto the hand-written recipe. Each answers 200 {"ok":true}, or 401. Secret from E2E_SECRET, port from PORT.

const crypto = require('node:crypto')
const express = require('express')
const { Retell } = require('retell-sdk')
const hooksig = require('..')

const SECRET = process.env.E2E_SECRET
const app = express()
const raw = express.raw({ type: '*/*', limit: '1mb' })

app.post('/hooksig', hooksig.express({ provider: 'retell', secret: SECRET }), (req, res) => res.json({ ok: true }))

const verifier = new hooksig.Verifier('retell', SECRET)
app.post('/verifier', raw, (req, res) => {
  try {
    verifier.verify({ headers: req.headers, body: req.body })
  } catch (error) {
    if (!(error instanceof hooksig.WebhookVerificationError)) throw error
    return res.status(401).json({ error: error.code })
  }
  res.json({ ok: true })
})

app.post('/sdk', raw, async (req, res) => {
  const genuine = await Retell.verify(req.body.toString(), SECRET, req.get('x-retell-signature') ?? '')
  if (!genuine) return res.status(401).json({ error: 'signature_mismatch' })
  res.json({ ok: true })
})

app.post('/crypto', raw, (req, res) => {
  let genuine = false
  try {
    const parts = Object.fromEntries(req.get('x-retell-signature').split(',').map((p) => p.split('=')))
    const digest = crypto.createHmac('sha256', SECRET).update(req.body).update(parts.v).digest()
    const given = Buffer.from(parts.d, 'hex')
    genuine = Math.abs(Date.now() - Number(parts.v)) <= 300_000 && given.length === digest.length && crypto.timingSafeEqual(digest, given)
  } catch {
    genuine = false
  }
  if (!genuine) return res.status(401).json({ error: 'signature_mismatch' })
  res.json({ ok: true })
})

app.listen(Number(process.env.PORT), '127.0.0.1')
