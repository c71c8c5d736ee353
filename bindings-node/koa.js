'use strict'
// Koa (2 and 3) middleware, mounted before any body parser: reads `ctx.req` itself and hands
// the method, the URL as Koa received it (under `app.proxy`), the headers and the raw bytes to
// the core.

const adapter = require('./adapter.js')

const CONSUMED_HELP =
  'a body parser (koa-bodyparser, koa-body) read it before hooksig.koa could, and what it kept is ' +
  'not the bytes (koa-bodyparser keeps ctx.request.rawBody as a decoded string). Mount ' +
  'hooksig.koa(...) before any body parser: it sets ctx.request.body and ctx.request.rawBody itself'

/**
 * Verifies before the next middleware, then sets `ctx.state.webhook` (the verified result),
 * `ctx.request.rawBody` (a Buffer) and `ctx.request.body` (parsed JSON or form; a later
 * koa-bodyparser leaves it alone). A rejection is answered with the core's status (401; 413
 * over `limit`) and `{"error": code}`; misuse (a body a parser consumed) is thrown.
 */
function koa(options) {
  const settings = adapter.configure(options, 'hooksig.koa')
  return async function hooksigKoa(ctx, next) {
    const { req } = ctx
    let raw
    let read
    try {
      ;({ raw, read } = await adapter.rawBodyOf(req, settings.limit, CONSUMED_HELP, {
        rawBody: ctx.request.rawBody ?? req.rawBody,
        body: ctx.request.body ?? req.body,
      }))
      ctx.state.webhook = await adapter.verifyGathered(settings, {
        method: req.method,
        scheme: ctx.protocol,
        host: ctx.host,
        target: ctx.originalUrl ?? req.url,
        headers: req.headers,
        body: raw,
      })
    } catch (error) {
      if (!adapter.isRejection(error)) throw error
      ctx.status = error.status
      ctx.type = adapter.JSON_TYPE
      if (!req.readableEnded) {
        ctx.set('Connection', 'close')
        req.resume()
      }
      ctx.body = adapter.rejectionJson(error)
      return
    }
    ctx.request.rawBody = raw
    if (read) ctx.request.body = adapter.parsedBody(req.headers['content-type'], raw)
    await next()
  }
}

module.exports = { koa }
