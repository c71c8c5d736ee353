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
