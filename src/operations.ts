import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import type { Metrics } from './metrics.js'
import { CONTENT_TYPE } from './prometheus.js'
import type { Services } from './services.js'

/** Routes for the operator, not for Twilio: liveness, readiness and metrics. */
export function operations (app: FastifyInstance, services: Services, metrics: Metrics): void {
  app.get('/healthz', async () => ({ status: 'ok' }))

  // Ready when a voicemail can be kept: the outbox folder is writable. The configuration was
  // validated before the app was built, or it would not be running.
  app.get('/readyz', async (_request, reply) => {
    const problems: string[] = []
    try {
      await access(services.config.outboxDir, constants.W_OK)
    } catch {
      problems.push(`outbox folder ${services.config.outboxDir} is not writable`)
    }
    if (problems.length > 0) return await reply.code(503).send({ status: 'not ready', problems })
    return { status: 'ready' }
  })

  app.get('/metrics', async (_request, reply) => {
    reply.type(CONTENT_TYPE)
    return metrics.registry.render()
  })
}
