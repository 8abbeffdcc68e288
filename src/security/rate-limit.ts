import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Redis } from 'ioredis'
import type { Config } from '../config.js'
import type { Metrics } from '../observability/metrics.js'

const WINDOW_MS = 60_000
/** A budget is one round trip to Redis; a Redis slower than this is treated as down. */
const REDIS_TIMEOUT_MS = 250
/** While Redis fails, the budgets not applied are logged once this often. */
const OUTAGE_LOG_MS = 60_000

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
 * operations routes have none, so probes are never refused. With REDIS_URL every replica
 * spends the same budgets; when Redis fails to answer, a request is let through and the
 * outage logged, so that Redis never stands between Twilio and a call.
 */
export async function rateLimits (app: FastifyInstance, config: Config, metrics: Metrics): Promise<RateLimits> {
  if (config.rateLimitPerMinute === 0 && config.apiRateLimitPerMinute === 0) return {}
  // Loaded only when a limit is set.
  const { default: rateLimit, normalizeIP } = await import('@fastify/rate-limit')
  let redis: Redis | undefined
  if (config.redisUrl !== undefined) {
    // ioredis too, only with REDIS_URL.
    const { closeRedis, openRedis } = await import('../redis/client.js')
    const opened = await openRedis(config.redisUrl, { name: 'twimlets-rate-limit', commandTimeoutMs: REDIS_TIMEOUT_MS, waitWhileDown: false, log: app.log })
    app.addHook('onClose', async () => { await closeRedis(opened) })
    redis = opened
  }
  // The library's skipOnError lets a request through silently; the spend below does it, and says so.
  await app.register(rateLimit, { global: false, ...(redis === undefined ? {} : { redis, nameSpace: 'twimlets:rate-limit:' }) })
  let loggedAt = -Infinity
  const budget = (max: number, limit: 'twimlets' | 'api'): Spend | undefined => {
    if (max === 0) return undefined
    // In Redis both budgets are in one namespace: each key names its budget.
    const keyGenerator = redis === undefined ? undefined : (request: FastifyRequest) => `${limit}:${normalizeIP(request.ip)}`
    const spend = app.createRateLimit({ max, timeWindow: WINDOW_MS, ...(keyGenerator === undefined ? {} : { keyGenerator }) })
    const refused = metrics.rateLimited.labels({ limit })
    return async (request, reply) => {
      // Not connected (yet, or any more, which is logged): no round trip that can only fail.
      if (redis !== undefined && redis.status !== 'ready') return false
      let spent
      try {
        spent = await spend(request)
      } catch (error) {
        const now = Date.now()
        if (now - loggedAt >= OUTAGE_LOG_MS) {
          loggedAt = now
          request.log.error({ err: error instanceof Error ? error.message : String(error), limit },
            'the rate limit could not be applied (Redis does not answer); requests are let through meanwhile')
        }
        return false
      }
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
