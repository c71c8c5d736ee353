// A TypeScript user of the package: `npm run typecheck` compiles this against index.d.ts.
import express from 'express'
import * as http from 'node:http'
import * as hooksig from '../..'
import type { Provider, Verified, WebhookRequest } from '../..'

const app = express()
app.use(express.json({ verify: hooksig.keepRawBody }))
app.post(
  '/webhooks/twilio',
  hooksig.express({ provider: 'twilio', secret: [process.env.TWILIO_AUTH_TOKEN ?? '', 'old'], trustProxy: true }),
  (req, res) => {
    const verified: Verified = (req as unknown as WebhookRequest).webhook
    res.json({ scheme: verified.scheme, covered: verified.covers.body })
  },
)

const provider: Provider = 'retell'
const verifier = new hooksig.Verifier(provider, Buffer.from('key'), { tolerance: 300 })

http.createServer(async (req, res) => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  try {
    const verified = await verifier.verifyAsync({ headers: req.headers, body: Buffer.concat(chunks) })
    const when: number | null = verified.timestamp
    res.end(String(when))
  } catch (error) {
    if (error instanceof hooksig.WebhookVerificationError) {
      const code: hooksig.RejectionCode = error.code
      res.writeHead(401).end(JSON.stringify({ error: code, header: error.header }))
    } else {
      throw error
    }
  }
})

const signed: hooksig.Signed = hooksig.sign('twilio', 'token', {
  url: 'https://example.com/hook',
  headers: new Headers({ 'Content-Type': 'application/x-www-form-urlencoded' }),
  body: 'a=1',
})
const url: string | null = signed.url
hooksig.verify('twilio', 'token', { url: url ?? undefined, headers: { ...signed.headers }, body: 'a=1', now: Date.now() / 1000, tolerance: 60 })
const publicUrl: string = hooksig.requestUrl({ scheme: 'http', host: 'localhost', target: '/', publicUrl: 'https://example.com' })
const codes: ReadonlyArray<hooksig.ErrorCode> = hooksig.CODES
void publicUrl
void codes

const plivo = new hooksig.Verifier('plivo', 'token', { allowUnsignedBody: true })
const allows: boolean = plivo.allowsUnsignedBody
try {
  hooksig.verify('plivo', 'token', { url: 'https://example.com/sms', headers: {}, body: '{}', allowUnsignedBody: false })
} catch (error) {
  if (error instanceof hooksig.ConfigurationError) {
    const code: hooksig.MisuseCode = error.code
    const status: 500 = error.status
    void [code, status]
  } else if (error instanceof hooksig.WebhookVerificationError) {
    const status: 401 | 413 = error.status
    void status
  }
}
void allows

// The other adapters, as a TypeScript user writes them.
import Fastify from 'fastify'
import { Hono } from 'hono'

const fastifyApp = Fastify()
fastifyApp.register(async (hooks) => {
  hooks.register(hooksig.fastify, { provider: 'twilio', secret: 'token', publicUrl: 'https://example.com' })
  const config: hooksig.FastifyRouteConfig = { hooksig: { provider: 'retell', secret: 'key' } }
  hooks.post('/webhooks/retell', { config }, async (request) => {
    const { rawBody, webhook } = request as unknown as hooksig.FastifyWebhookRequest
    return { bytes: rawBody.length, scheme: webhook?.scheme ?? null }
  })
})

const retellRoute = hooksig.webhookHandler({ provider: 'retell', secret: 'key' }, async (request, verified, rawBody) =>
  Response.json({ url: request.url, scheme: verified.scheme, event: JSON.parse(rawBody.toString()).event }),
)
const hono = new Hono()
hono.post('/webhooks/retell', (c) => retellRoute(c.req.raw))

async function nextRoute(request: Request): Promise<Response> {
  const { verified, rawBody }: hooksig.VerifiedRequest = await hooksig.verifyRequest(verifier, request.clone(), { limit: 65536 })
  return new Response(`${verified.scheme} ${rawBody.length}`)
}
void nextRoute

const koaMiddleware = hooksig.koa({ provider: 'retell', secret: 'key', limit: 1024 })
void koaMiddleware

export const lambdaHandler = hooksig.lambda({ provider: 'twilio', secret: 'token', publicUrl: 'https://api.example.com/hooks' }, async (event: { body: string | null }, verified, rawBody) => ({
  statusCode: 200,
  body: `${verified.scheme} ${rawBody.length} ${event.body === null}`,
}))

// A user-defined scheme: a spec typed against index.d.ts, wherever a provider id is taken.
const vapi: hooksig.ProviderSpec = {
  id: 'vapi',
  schemes: [
    {
      id: 'vapi',
      signature: { header: 'X-Vapi-Signature', format: { kind: 'bare' }, encoding: 'hex', algorithm: 'hmac-sha256' },
      timestamp: { source: { header: 'X-Vapi-Timestamp' }, unit: 's', tolerance: 300 },
      signed: ['timestamp', { literal: '.' }, 'body'],
      key: 'utf8',
    },
  ],
}
const vapiVerifier = new hooksig.Verifier(vapi, process.env.VAPI_SECRET ?? '')
const customProvider: string = vapiVerifier.provider
const custom: Verified = hooksig.verify(vapi, 'secret', { headers: {}, body: '' })
const customScheme: string = custom.scheme
app.post('/webhooks/vapi', hooksig.express({ provider: vapi, secret: 'secret' }), (_req, res) => res.end())
export const vapiLambda = hooksig.lambda({ provider: vapi, secret: 'secret' }, async () => ({ statusCode: 204 }))
const stripe: hooksig.ProviderSpec = hooksig.describe('stripe')
const format: hooksig.SignatureFormat = stripe.schemes[0].signature.format
const kv: string[] = format.kind === 'kv' ? format.signature_keys : []
const alias: hooksig.ProviderInput = 'whatsapp'
const scheme: hooksig.Scheme = 'twilio-form'
const builtin: ReadonlyArray<hooksig.Scheme> = hooksig.SCHEMES
const listed: hooksig.Provider[] = hooksig.providers()
const rejectionCodes: ReadonlyArray<hooksig.RejectionCode> = hooksig.WebhookVerificationError.codes
const misuseCodes: ReadonlyArray<hooksig.MisuseCode> = hooksig.ConfigurationError.codes
const invalid: hooksig.MisuseCode = 'invalid_scheme'
void [customProvider, customScheme, kv, alias, scheme, builtin, listed, rejectionCodes, misuseCodes, invalid]
