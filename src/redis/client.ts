import { Redis } from 'ioredis'
import { RECONNECTING } from './connection.js'

export interface RedisLog {
  info: (fields: object, message: string) => void
  error: (fields: object, message: string) => void
}

export interface RedisClientOptions {
  /** What the connection is for, in its log lines and CLIENT LIST (`twimlets-drafts`). */
  name: string
  /** Longest any one command may take before it fails. */
  commandTimeoutMs: number
  /**
   * Whether a command sent while the connection is down waits (at most commandTimeoutMs) for
   * it to come back; false fails it at once.
   */
  waitWhileDown: boolean
  log: RedisLog
}

function errorText (error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * A connection to REDIS_URL for one part of the service (drafts, the rate limit). This module
 * is imported with `import()` only when REDIS_URL is set, so that a service without it never
 * reads ioredis. Connecting happens in the background: the service answers calls whether Redis is up or not. An outage is logged once
 * when it starts and once when it ends, not at every reconnection.
 */
export async function openRedis (url: string, options: RedisClientOptions): Promise<Redis> {
  const { name, log } = options
  const client = new Redis(url, {
    connectionName: name,
    ...RECONNECTING,
    commandTimeout: options.commandTimeoutMs,
    enableOfflineQueue: options.waitWhileDown,
    maxRetriesPerRequest: 1
  })
  let down = false
  const lost = (reason: string): void => {
    if (down) return
    down = true
    log.error({ err: reason, redis: name }, `Redis (${name}) cannot be reached: ${reason}`)
  }
  client.on('error', (error: unknown) => { lost(errorText(error)) })
  // Emitted only when the connection went away unasked (not at quit), before any error.
  client.on('reconnecting', () => { lost('the connection was lost') })
  client.on('ready', () => {
    if (!down) return
    down = false
    log.info({ redis: name }, `Redis (${name}) is reachable again`)
  })
  return client
}

/** Closes the connection: politely when Redis answers, at once when it does not. */
export async function closeRedis (client: Redis): Promise<void> {
  await client.quit().catch(() => { client.disconnect() })
}
