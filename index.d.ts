// Types of the hooksig Node package (index.js, express.js).

import type { IncomingMessage, ServerResponse } from 'node:http'

/** A provider id. */
export type Provider = 'retell' | 'signalwire' | 'twilio' | 'plivo' | 'ranked'

/** A rejection code: the request is not a genuine, fresh, untampered delivery (answer 401; 413 for `body_too_large`). */
export type RejectionCode =
  | 'missing_header'
  | 'malformed_header'
  | 'signature_mismatch'
  | 'timestamp_out_of_tolerance'
  | 'body_hash_mismatch'
  | 'body_not_covered'
  | 'invalid_url'
  | 'invalid_body'
  | 'body_too_large'

/** A misuse code: the verifier cannot be used as asked (fix the app; answer 500). */
export type MisuseCode = 'invalid_secret' | 'unknown_provider' | 'invalid_argument' | 'raw_body_unavailable'

/** Every code, rejections first. */
export type ErrorCode = RejectionCode | MisuseCode

/** One secret, or several during a rotation (the first is the current one). */
export type Secret = string | Uint8Array | ReadonlyArray<string | Uint8Array>

/**
 * Request headers: a plain object as Node's `req.headers` (any case, array values for
 * repeated headers), a WHATWG `Headers`, a `Map`, or `[name, value]` pairs.
 */
export type HeadersInput =
  | Record<string, string | number | ReadonlyArray<string> | undefined>
  | Headers
  | Map<string, string | ReadonlyArray<string>>
  | ReadonlyArray<readonly [string, string | ReadonlyArray<string>]>

/** The raw body, exactly as received. */
export type Body = Buffer | Uint8Array | ArrayBuffer | string

export interface VerifyOptions {
  /** The HTTP method; `'POST'` by default. */
  method?: string
  /** The full URL the provider requested; required for Twilio, SignalWire and Plivo. */
  url?: string
  headers: HeadersInput
  /** Required: `''` or `Buffer.alloc(0)` for a request without a body (`undefined` is a TypeError). */
  body: Body
  /** The clock, in Unix seconds; the system clock by default. */
  now?: number
}

export interface VerifierOptions {
  /** How far the request's timestamp may be from now, in seconds (Retell, Ranked). */
  tolerance?: number
  /**
   * Accept a request whose signature does not cover its body (Plivo V2 with a body, Plivo V3
   * with a body that is not a form): it verifies with `covers.body === false`, and the handler
   * must not trust the body. By default (`false`) it is rejected with `body_not_covered`.
   */
  allowUnsignedBody?: boolean
}

export interface OneShotVerifyOptions extends VerifyOptions, VerifierOptions {}

export interface SignOptions {
  method?: string
  url?: string
  headers?: HeadersInput
  body?: Body
  now?: number
  /** A scheme id, when the provider has several (e.g. 'plivo-v2'). */
  scheme?: string
  /** Plivo's nonce. */
  nonce?: string
}

/** What a verified request's signature covered. */
export interface Coverage {
  readonly body: boolean
  readonly url: boolean
  readonly timestamp: boolean
}

/** A request that passed verification. */
export interface Verified {
  readonly provider: Provider
  /** The scheme that matched, e.g. 'twilio-form'. */
  readonly scheme: string
  /** The header that carried the matching signature. */
  readonly header: string
  /** Which secret matched (its index in the list given). */
  readonly secretIndex: number
  /** The request's timestamp in Unix seconds (Retell, Ranked), else null. */
  readonly timestamp: number | null
  readonly covers: Coverage
}

/** The headers (and URL) a provider would send. */
export interface Signed {
  readonly scheme: string
  readonly headers: Record<string, string>
  /** The URL to deliver to (changed where the scheme adds to it), or null where not signed. */
  readonly url: string | null
}

/** A request that is not a genuine, fresh, untampered delivery: answer `status`. */
export declare class WebhookVerificationError extends Error {
  readonly name: 'WebhookVerificationError'
  readonly code: RejectionCode
  /** The header at fault, if any. */
  readonly header: string | null
  /** The core's HTTP status: 401, or 413 for `body_too_large`. */
  readonly status: 401 | 413
}

/**
 * Misuse the core found: an unknown provider, an unusable secret, an argument out of range
 * (`now` in milliseconds), no URL for a URL-signed provider, a raw body already consumed. Fix
 * the app. (A wrong JavaScript type is a `TypeError` with the code `'invalid_argument'`.)
 */
export declare class ConfigurationError extends Error {
  readonly name: 'ConfigurationError'
  readonly code: MisuseCode
  /** 500: the sender is not at fault. */
  readonly status: 500
  readonly expose: false
}

/** Verifies one provider's webhooks with one or more secrets: configure once, verify per request. */
export declare class Verifier {
  constructor(provider: Provider, secret: Secret, options?: VerifierOptions)
  readonly provider: Provider
  /** Whether the provider signs the URL (then `verify` needs `url`). */
  readonly signsUrl: boolean
  /** The tolerance in force, in seconds, or null for providers without a timestamp. */
  readonly tolerance: number | null
  readonly secretCount: number
  /** Whether a request whose signature does not cover its body is accepted (`allowUnsignedBody`). */
  readonly allowsUnsignedBody: boolean
  /** Throws WebhookVerificationError if the request is not genuine. */
  verify(options: VerifyOptions): Verified
  /** As `verify`, hashing on the libuv thread pool, on a copy of the body taken at the call. */
  verifyAsync(options: VerifyOptions): Promise<Verified>
  sign(options: SignOptions): Signed
}

export declare const PROVIDERS: ReadonlyArray<Provider>
export declare const CODES: ReadonlyArray<ErrorCode>
export declare const VERSION: string

/**
 * Verifies a webhook request; throws WebhookVerificationError if it is not genuine. The keyed
 * secrets come from a small cache in the core, so a call costs about what `Verifier#verify` does.
 */
export declare function verify(provider: Provider, secret: Secret, options: OneShotVerifyOptions): Verified
/** As `verify`, hashing on the libuv thread pool. */
export declare function verifyAsync(provider: Provider, secret: Secret, options: OneShotVerifyOptions): Promise<Verified>
/** The headers (and URL) the provider would send for a request: for tests and tools. */
export declare function sign(provider: Provider, secret: Secret, options: SignOptions): Signed

export interface RequestUrlOptions {
  /** The scheme the server received ('http' behind a TLS-terminating proxy). */
  scheme: string
  /** The Host header received. */
  host: string
  /** The raw request target: path and query as received. */
  target: string
  headers?: HeadersInput
  /** A fixed public base, e.g. 'https://example.com'. */
  publicUrl?: string
  /** Take scheme and host from Forwarded / X-Forwarded-* (only behind a proxy you run). */
  trustProxy?: boolean
}

/** The URL the provider requested, by the URL policy. */
export declare function requestUrl(options: RequestUrlOptions): string

export interface ExpressOptions {
  provider: Provider
  secret: Secret
  /** A fixed public base the provider calls, e.g. 'https://example.com'. */
  publicUrl?: string
  /**
   * hooksig reads the scheme and host from Forwarded / X-Forwarded-* itself, the last value
   * (default false). Without it, the middleware starts from what Express received, which
   * honours the app's own `trust proxy` setting (`req.protocol`, X-Forwarded-Host).
   */
  trustProxy?: boolean
  /** Seconds (Retell, Ranked). */
  tolerance?: number
  /** Accept a body the signature does not cover (Plivo V2); default false: 401 `body_not_covered`. */
  allowUnsignedBody?: boolean
  /** The largest body read, in bytes (1 MiB by default); larger gets 413 `{"error": "body_too_large"}`. */
  limit?: number
}

/** A request after the middleware: the verified result and the raw body. */
export interface WebhookRequest extends IncomingMessage {
  webhook: Verified
  rawBody: Buffer
  body: unknown
}

/**
 * Route-scoped Express (4 and 5) middleware: verifies before the handler, then sets
 * `req.webhook`, `req.rawBody` and, when it read the body itself, `req.body` (parsed JSON or
 * form; a body a parser produced stays as it made it). A rejected request gets the core's
 * status (401; 413 over `limit`) and `{"error": "<code>"}`; a body consumed by a parser
 * without `keepRawBody` is a `ConfigurationError` (`raw_body_unavailable`) passed to `next`.
 */
export declare function express(
  options: ExpressOptions,
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => Promise<void>

/** For `express.json({ verify: keepRawBody })`: keeps the raw bytes at `req.rawBody`. */
export declare function keepRawBody(req: IncomingMessage, res: ServerResponse, buffer: Buffer): void

/** The options of every adapter below (as of `express`), checked when the adapter is made. */
export interface AdapterOptions {
  provider: Provider
  secret: Secret
  /** A fixed public base the provider calls, e.g. 'https://example.com' (or with a path prefix). */
  publicUrl?: string
  /** Take the scheme and host from Forwarded / X-Forwarded-* (the last value): only behind a proxy you run. */
  trustProxy?: boolean
  /** Seconds (Retell, Ranked). */
  tolerance?: number
  /** Accept a body the signature does not cover (Plivo V2); default false: 401 `body_not_covered`. */
  allowUnsignedBody?: boolean
  /** The largest body read, in bytes (1 MiB by default); larger gets 413 `{"error": "body_too_large"}`. */
  limit?: number
}

export interface VerifyRequestOptions {
  /** A fixed public base; the request's own URL (`request.url`) by default. */
  publicUrl?: string
  /** Take the scheme and host from Forwarded / X-Forwarded-* (the last value). */
  trustProxy?: boolean
  /** The largest body read, in bytes (1 MiB by default). */
  limit?: number
}

/** A verified Web Request: the result and the bytes that were verified. */
export interface VerifiedRequest {
  readonly verified: Verified
  readonly rawBody: Buffer
}

/**
 * Verifies a Web-standard Request (Next.js App Router, Hono's `c.req.raw`, Bun): reads its body's
 * bytes (up to `limit`; pass `request.clone()` to keep the request readable). Rejects with
 * WebhookVerificationError (401, 413) or ConfigurationError (a body already read).
 */
export declare function verifyRequest(verifier: Verifier, request: Request, options?: VerifyRequestOptions): Promise<VerifiedRequest>

/**
 * A `(request, context) => Promise<Response>` handler: verifies, then calls `handler(request,
 * verified, rawBody, context)` (the body is read: parse `rawBody`). A rejection is answered with
 * the core's status and `{"error": "<code>"}`; misuse is thrown.
 */
export declare function webhookHandler<Context = unknown>(
  options: AdapterOptions,
  handler: (request: Request, verified: Verified, rawBody: Buffer, context: Context) => Response | Promise<Response>,
): (request: Request, context?: Context) => Promise<Response>

/** The parts of a Koa context the middleware uses (Koa 2 and 3). */
export interface KoaContextLike {
  req: IncomingMessage
  request: { body?: unknown; rawBody?: unknown }
  state: Record<string, unknown> & { webhook?: Verified }
  protocol: string
  host: string
  originalUrl: string
  status: number
  type: string
  body: unknown
  set(field: string, value: string): void
}

/**
 * Koa middleware, mounted before any body parser: sets `ctx.state.webhook`, `ctx.request.rawBody`
 * (a Buffer) and `ctx.request.body` (parsed JSON or form). A rejection is answered with the core's
 * status and `{"error": "<code>"}`; a body a parser consumed (koa-bodyparser's string rawBody) is a
 * thrown ConfigurationError (`raw_body_unavailable`).
 */
export declare function koa(options: AdapterOptions): (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void>

/** The plugin's options: defaults for the routes of its context (no provider: only routes with `config.hooksig`). */
export type FastifyOptions = Partial<AdapterOptions>

/** A route's `config: { hooksig }`: options over the plugin's, or `false` for no verification. */
export interface FastifyRouteConfig {
  hooksig?: Partial<AdapterOptions> | false
}

/** What the plugin adds to a Fastify request. */
export interface FastifyWebhookRequest {
  /** The bytes received (empty without a body). */
  rawBody: Buffer
  /** The verified result, or null on a route without verification. */
  webhook: Verified | null
}

/**
 * The Fastify (4, 5) plugin. Register it inside the encapsulated context of the webhook routes
 * (`app.register(async (hooks) => { hooks.register(hooksig.fastify, {...}); hooks.post(...) })`):
 * there it keeps `request.rawBody`, verifies in `preValidation` and parses `request.body`.
 */
export declare function fastify(instance: any, options: FastifyOptions, done: (error?: Error) => void): void

/** What `lambda` returns for a rejection (API Gateway, Function URL and ALB proxy format). */
export interface LambdaRejection {
  statusCode: 401 | 413
  headers: { 'content-type': string }
  isBase64Encoded: false
  body: string
  /** ALB events only. */
  statusDescription?: string
}

/**
 * An async Lambda handler for API Gateway REST (v1), HTTP API (v2), Function URL and ALB events:
 * verifies, then returns `handler(event, verified, rawBody, context)`. A rejection returns a
 * LambdaRejection without calling the handler; misuse (a parsed `event.body`) is thrown.
 */
export declare function lambda<Event = any, Context = any, Result = unknown>(
  options: AdapterOptions,
  handler: (event: Event, verified: Verified, rawBody: Buffer, context: Context) => Result | Promise<Result>,
): (event: Event, context: Context) => Promise<Result | LambdaRejection>
