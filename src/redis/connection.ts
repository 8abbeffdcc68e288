import { Redis, type RedisOptions } from 'ioredis'

/**
 * Keys of everything the service keeps in Redis start with this, so that one Redis can serve
 * other applications too; BullMQ's queues use it as their prefix.
 */
export const KEY_PREFIX = 'twimlets'

/**
 * A command on the path of a call gets this long: a recording's caller hears "thank you" only
 * once its e-mail is stored, and Redis on loopback or in the same network answers in
 * milliseconds. Past it the letter goes to the local spool.
 */
export const COMMAND_TIMEOUT_MS = 500

/** Redis down: reconnect attempts this often at most, so its return is noticed within seconds. */
const RECONNECT_MAX_MS = 2000

export interface RedisEvents {
  /** A connection failed or broke, or a command failed: for twimlets_redis_errors_total. */
  onError?: ((error: Error) => void) | undefined
}

/** REDIS_URL without its password, for logs. */
export function describeRedisUrl (url: string): string {
  const parsed = new URL(url)
  const user = parsed.username === '' ? '' : `${decodeURIComponent(parsed.username)}@`
  return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`
}

/** How every connection of the service reconnects: never giving up, never hammering a Redis that is down. */
export const RECONNECTING: RedisOptions = {
  retryStrategy: (times) => Math.min(times * 100, RECONNECT_MAX_MS),
  connectTimeout: 2000
}

function options (kind: 'commands' | 'blocking'): RedisOptions {
  const common: RedisOptions = { ...RECONNECTING, lazyConnect: false }
  // BullMQ's workers wait on blocking commands and need commands to wait out a reconnect.
  if (kind === 'blocking') return { ...common, maxRetriesPerRequest: null }
  // Fail fast: no queue of commands while disconnected, every command bounded.
  return { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: COMMAND_TIMEOUT_MS }
}

/**
 * A connection to REDIS_URL. `commands` fails at once when Redis is unreachable and bounds each
 * command (for the path of a call); `blocking` is for BullMQ's workers, which wait for jobs.
 */
export function connect (url: string, kind: 'commands' | 'blocking', events: RedisEvents = {}): Redis {
  const client = new Redis(url, options(kind))
  // Without a listener, an unreachable Redis would be an uncaught 'error' event.
  client.on('error', (error: Error) => { events.onError?.(error) })
  return client
}

/** Resolves within `ms` with the promise's value, or rejects: no Redis call may hold a caller longer. */
export async function bounded<T> (promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer ${what} within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
