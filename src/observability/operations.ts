import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import type { Metrics } from './metrics.js'
import { CONTENT_TYPE } from './prometheus.js'
import { renderRuntimeMetrics, startRuntimeMetrics } from './runtime-metrics.js'
import type { Services } from '../services.js'

/**
 * Runtime metrics start this long after the service listens: soon enough that garbage
 * collection and event loop delay are counted from the start, late enough that loading
 * prom-client does not hold up the first calls answered.
 */
export const RUNTIME_METRICS_AFTER_LISTEN_MS = 1000

/** Routes for the operator, not for Twilio: liveness, readiness and metrics. */
export function operations (app: FastifyInstance, services: Services, metrics: Metrics): void {
  app.get('/healthz', async () => ({ status: 'ok' }))

  // Ready when a voicemail can be kept: the outbox folder is writable. The configuration was
  // validated before the app was built, or it would not be running. Redis (REDIS_URL) is
  // reported but does not make the replica unready: every replica shares it, so an outage would
  // take all of them out of the load balancer at once and nobody would answer calls, which need
  // no Redis; a recording that arrives meanwhile is kept in the local spool (in the outbox
  // folder, hence its check) and moved to Redis once it answers.
  app.get('/readyz', async (_request, reply) => {
    const problems: string[] = []
    try {
      await access(services.config.outboxDir, constants.W_OK)
    } catch {
      problems.push(`outbox folder ${services.config.outboxDir} is not writable`)
    }
    const redis = services.redis === undefined ? undefined : await services.redis()
    const report = redis === undefined
      ? {}
      : { redis: redis.reachable ? 'reachable' : 'unreachable: voicemail e-mail is kept in this replica\'s spool until it answers', spooled: redis.spooled }
    if (problems.length > 0) return await reply.code(503).send({ status: 'not ready', problems, ...report })
    return { status: 'ready', ...report }
  })

  let runtimeTimer: NodeJS.Timeout | undefined
  app.addHook('onListen', async () => {
    runtimeTimer = setTimeout(() => {
      startRuntimeMetrics().catch((err: unknown) => app.log.error({ err }, 'runtime metrics could not start'))
    }, RUNTIME_METRICS_AFTER_LISTEN_MS).unref()
  })
  app.addHook('onClose', async () => clearTimeout(runtimeTimer))

  // The service's own series, then the process's and Node.js's: no family is in both.
  app.get('/metrics', async (_request, reply) => {
    const runtime = await renderRuntimeMetrics()
    reply.type(CONTENT_TYPE)
    return metrics.registry.render() + runtime
  })
}
