import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.js'
import type { Metrics } from '../observability/metrics.js'

const WINDOW_MS = 60_000

/** Spends one request of the client's budget; true when it was already spent and 429 has been sent. */
export type Spend = (request: FastifyRequest, reply: FastifyReply) => Promise<boolean>

/** A route hook that spends `limit`, or none without one. */
export function spendingHook (limit: Spend | undefined): ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) | undefined {
  if (limit === undefined) return undefined
  return async (request, reply) => { await limit(request, reply) }
}

export interface RateLimits {
  /** For requests to a twimlet that are not signed by Twilio: a signed request never spends. */
  unsigned?: Spend
  /** For /api/*. */
  api?: Spend
}

/**
 * Budgets per client address (the proxy's client with TRUST_PROXY), one per minute each. The
 * operations routes have none, so probes are never refused.
 */
export async function rateLimits (app: FastifyInstance, config: Config, metrics: Metrics): Promise<RateLimits> {
  if (config.rateLimitPerMinute === 0 && config.apiRateLimitPerMinute === 0) return {}
  // Loaded only when a limit is set.
  const { default: rateLimit } = await import('@fastify/rate-limit')
  await app.register(rateLimit, { global: false })
  const budget = (max: number, limit: 'twimlets' | 'api'): Spend | undefined => {
    if (max === 0) return undefined
    const spend = app.createRateLimit({ max, timeWindow: WINDOW_MS })
    const refused = metrics.rateLimited.labels({ limit })
    return async (request, reply) => {
      const spent = await spend(request)
      if (spent.isAllowed || !spent.isExceeded) return false
      refused.inc()
      await reply.code(429).header('retry-after', String(spent.ttlInSeconds)).send({
        statusCode: 429,
        error: 'Too Many Requests',
        message: `At most ${max} ${limit === 'api' ? 'requests to /api' : 'unsigned requests'} a minute from one address; try again in ${spent.ttlInSeconds} s.`
      })
      return true
    }
  }
  return { unsigned: budget(config.rateLimitPerMinute, 'twimlets'), api: budget(config.apiRateLimitPerMinute, 'api') }
}
