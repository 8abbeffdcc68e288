import formbody from '@fastify/formbody'
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { answerWith, pathOf } from './http/answer.js'
import { builder } from './builder/index.js'
import { DEFAULTS, type Config } from './config.js'
import { apology } from './i18n/apology.js'
import { Metrics } from './observability/metrics.js'
import { operations } from './observability/operations.js'
import { ResponseCache } from './http/response-cache.js'
import { guardConnections } from './http/connections.js'
import { Limits } from './params/limits.js'
import { rateLimits, spendingHook } from './security/rate-limit.js'
import { verifyTwilio } from './security/verify.js'
import { createServices, type ServiceHandle } from './services.js'
import type { Twimlet } from './twimlet/twimlet.js'
import { twimlets } from '../twimlets/index.js'

export interface AppOptions {
  /** Operator settings; anything left out takes its default. */
  config?: Partial<Config>
  /** Fastify's logger setting: false for none, or pino options. */
  logger?: FastifyServerOptions['logger']
  /** The twimlets to serve; all of them unless given. */
  twimlets?: readonly Twimlet[]
  /** Uniform in [0, 1), for shuffling; tests fix it to make the order known. */
  random?: () => number
  /** The time in milliseconds since the epoch; tests fix it to put a call at a known moment. */
  clock?: () => number
  /** In place of the services the config would build: a simulation's safe stand-ins (src/simulator/sandbox.ts). */
  services?: ServiceHandle
  /** Serves the URL builder page and its API (src/builder); true unless set to false. */
  builder?: boolean
}

/** Twilio's form posts are small; anything larger is not from Twilio. */
const BODY_LIMIT = 64 * 1024

/**
 * No route declares a JSON schema. Handing Fastify this in place of its schema compilers keeps
 * it from loading ajv and fast-json-stringify, ~20 ms of every start-up; a route that declares
 * a schema stops the service from starting, saying why.
 */
function noSchemas (): never {
  throw new Error('routes of this service declare no JSON schema (see noSchemas in src/app.ts)')
}

/** A client that reads nothing of its answer for this long is gone; above any twimlet's own wait. */
const SOCKET_IDLE_MS = 30_000

/** Node checks its header and request timeouts this often (its default, 30 s, lets a slow client stay 30 s past them). */
const TIMEOUT_CHECK_MS = 250

/** Fastify's trustProxy: `true` is the one proxy in front, so a client cannot choose its address by sending X-Forwarded-For. */
function proxiesOf (trust: Config['trustProxy']): string[] | false | ((address: string, hop: number) => boolean) {
  if (trust === false || Array.isArray(trust)) return trust
  const proxies = trust === true ? 1 : trust
  return (_address, hop) => hop < proxies
}

/** Builds the service. Everything it needs comes in `options`; it never reads the environment. */
export async function buildApp (options: AppOptions = {}): Promise<FastifyInstance> {
  const config: Config = { ...DEFAULTS, ...options.config }
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    trustProxy: proxiesOf(config.trustProxy),
    // A webhook's request is small: it must arrive whole, headers and body, within the timeout.
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    connectionTimeout: SOCKET_IDLE_MS,
    http: {
      headersTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, config.requestTimeoutMs),
      // Above the longest URL the service reads (Limits.requestUrl), so a long URL gets the service's own 400.
      maxHeaderSize: Limits.requestHeaderBytes
    },
    routerOptions: { ignoreTrailingSlash: true },
    // While closing, a request that still arrives on an open connection is answered: a 503
    // would end a caller's call with Twilio's application error.
    return503OnClosing: false,
    // One line per request is logged below, with the twimlet and the CallSid.
    logController: new LogController({ disableRequestLogging: true }),
    schemaController: { compilersFactory: { buildValidator: noSchemas, buildSerializer: noSchemas } }
  })
  const metrics = new Metrics()
  guardConnections(app.server, { maxConnections: config.maxConnections, log: app.log, dropped: metrics.connectionsDropped })
  const { services, close } = options.services ?? await createServices(config, app.log, { random: options.random, clock: options.clock, metrics })
  app.addHook('onClose', close)
  app.decorateRequest('twimlet', null)
  // Twilio only sends forms; any other body is refused with 415 rather than half-understood.
  app.removeAllContentTypeParsers()
  await app.register(formbody, { bodyLimit: BODY_LIMIT, parser: (search: string) => ({ search }) })
  const limits = await rateLimits(app, config, metrics)

  // A hook in callback style: an async hook costs a promise on every request.
  app.addHook('onResponse', (request, reply, done) => {
    const twimlet = request.twimlet?.name
    request.log.info({
      twimlet,
      stage: request.twimlet?.stage,
      callSid: request.twimlet?.callSid,
      method: request.method,
      path: pathOf(request.url),
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 100) / 100
    }, 'request')
    if (twimlet !== undefined) {
      metrics.answered(twimlet, request.twimlet?.stage ?? 'refused', reply.statusCode, reply.elapsedTime / 1000)
    }
    done()
  })

  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500
    if (status < 500 && request.twimlet === null) {
      return await reply.code(status).send({ statusCode: status, error: error.name, message: error.message })
    }
    // A twimlet failed unexpectedly: the caller still gets a sentence, never a 5xx.
    request.log.error({ err: error, twimlet: request.twimlet?.name }, 'twimlet failed')
    return await reply.code(200).type('text/xml; charset=utf-8').send(apology(request, config))
  })

  operations(app, services, metrics)

  if (config.authTokens.length === 0) {
    app.log.warn('TWILIO_AUTH_TOKEN is not set: requests are not verified, so anyone who learns a URL can use it')
  }
  const preHandler = config.authTokens.length > 0
    ? verifyTwilio({ config, limit: limits.unsigned, onRefused: () => metrics.signatureFailures.inc() })
    // Without signatures every request is unsigned: each spends the budget, when there is one.
    : spendingHook(limits.unsigned)
  const cache = config.responseCacheBytes > 0 ? new ResponseCache({ maxBytes: config.responseCacheBytes, clock: services.clock }) : undefined
  for (const twimlet of options.twimlets ?? twimlets) {
    const handler = answerWith(twimlet, { services, metrics, cache })
    app.route({ method: ['GET', 'POST'], url: `/${twimlet.name}`, handler, ...(preHandler === undefined ? {} : { preHandler }) })
  }
  if (options.builder !== false) await builder(app, { config, twimlets: options.twimlets ?? twimlets, limit: limits.api })
  return app
}
