'use strict'
// Fastify (4 and 5) plugin. Register it inside the encapsulated context that holds the webhook
// routes: there it replaces the content-type parsers with one that keeps the bytes
// (`request.rawBody`, a Buffer, read with a limit), verifies in a `preValidation` hook, then
// parses `request.body` (JSON, form fields, else the Buffer) for the handler. Routes outside
// that context keep Fastify's own parsers.

const adapter = require('./adapter.js')

const RAW = Symbol('hooksig.raw')
const FAILED = Symbol('hooksig.failed')

const CONSUMED_HELP =
  'something read request.raw (an onRequest or preParsing hook) before the hooksig Fastify ' +
  'plugin could; register hooksig.fastify in the context of the webhook routes and do not read the stream before it'

/** The plugin's options, overridden per route by `config: { hooksig: {...} }` (or `false`: no verification). */
function settingsOf(defaults, route) {
  if (route === false) return null
  const merged = { ...defaults, ...(route ?? {}) }
  if (merged.provider === undefined && merged.secret === undefined) return null
  return adapter.configure(merged, 'hooksig.fastify')
}

function hooksigFastify(instance, options, done) {
  try {
    register(instance, options)
  } catch (error) {
    done(error)
    return
  }
  done()
}

function register(instance, options) {
  const { limit: readLimit = adapter.DEFAULT_LIMIT } = options ?? {}
  if (typeof readLimit !== 'number' || !(readLimit >= 0)) throw adapter.typeError(`hooksig.fastify: limit must be a number of bytes, not ${readLimit}`)
  const defaults = { ...(options ?? {}) }
  delete defaults.prefix
  // Checked now: a plugin-level provider/secret that cannot verify fails at start-up.
  const contextSettings = settingsOf(defaults, undefined)

  if (!instance.hasRequestDecorator('rawBody')) instance.decorateRequest('rawBody', null)
  if (!instance.hasRequestDecorator('webhook')) instance.decorateRequest('webhook', null)

  // Per route: its `config.hooksig` over the plugin's options, configured once (checked at
  // start-up for the routes declared after the plugin loaded; the others on first use).
  const perRoute = new WeakMap()
  const routeSettings = (request) => {
    const config = request.routeOptions?.config ?? request.routeConfig
    if (config === undefined) return contextSettings
    let settings = perRoute.get(config)
    if (settings === undefined) {
      settings = config.hooksig === undefined ? contextSettings : settingsOf(defaults, config.hooksig)
      perRoute.set(config, settings)
    }
    return settings
  }
  instance.addHook('onRoute', (route) => {
    if (route.config?.hooksig !== undefined) settingsOf(defaults, route.config.hooksig)
  })

  // The stream as Fastify hands it: read here, up to the route's limit (the plugin's for a route
  // without verification); verified and parsed in preValidation.
  instance.removeAllContentTypeParsers()
  instance.addContentTypeParser('*', (request, payload, parsed) => {
    const settings = routeSettings(request)
    const max = settings ? settings.limit : readLimit
    adapter.rawBodyOf(request.raw, max, CONSUMED_HELP, { stream: payload }).then(
      ({ raw }) => {
        request[RAW] = raw
        parsed(null, undefined)
      },
      (error) => {
        if (!adapter.isRejection(error)) {
          parsed(error)
          return
        }
        request[FAILED] = error
        parsed(null, undefined)
      },
    )
  })

  instance.addHook('preValidation', async (request, reply) => {
    const settings = routeSettings(request)
    const failed = request[FAILED]
    const answer = (error) => {
      reply.code(error.status).header('content-type', adapter.JSON_TYPE)
      if (!request.raw.readableEnded) {
        reply.header('connection', 'close')
        request.raw.resume()
      }
      return reply.send(adapter.rejectionJson(error))
    }
    if (failed) return answer(failed)
    const raw = request[RAW] ?? bodyWithoutParser(request)
    if (settings) {
      try {
        request.webhook = await adapter.verifyGathered(settings, {
          method: request.raw.method,
          scheme: request.protocol,
          host: request.host ?? request.hostname,
          target: request.originalUrl ?? request.raw.url,
          headers: request.headers,
          body: raw,
        })
      } catch (error) {
        if (adapter.isRejection(error)) return answer(error)
        throw error
      }
    }
    request.rawBody = raw
    if (request[RAW] !== undefined) request.body = adapter.parsedBody(request.headers['content-type'], raw)
  })
}

/** No parser ran (a GET, a POST without a body): the body is empty, or a platform kept it. */
function bodyWithoutParser(request) {
  if (Buffer.isBuffer(request.raw.rawBody)) return request.raw.rawBody
  return adapter.EMPTY
}

// Applies to the context it is registered in (as fastify-plugin would), so the routes declared
// beside it get its parser and hook; register it inside your own `app.register(...)` context.
hooksigFastify[Symbol.for('skip-override')] = true
hooksigFastify[Symbol.for('fastify.display-name')] = 'hooksig'
hooksigFastify[Symbol.for('plugin-meta')] = { name: 'hooksig', fastify: '4.x || 5.x' }

module.exports = { fastify: hooksigFastify }
