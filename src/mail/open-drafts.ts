import { join } from 'node:path'
import type { Config } from '../config.js'
import type { RedisLog } from '../redis/client.js'
import { Drafts } from './drafts.js'

export interface OpenDraftOptions<T> {
  valid: (value: unknown) => value is T
  log: RedisLog
}

/** What twimlets use of drafts, whichever store keeps them. */
export type DraftStore<T> = Pick<Drafts<T>, 'update'>

/**
 * The drafts the configuration asks for: in Redis with REDIS_URL, shared by every replica (its
 * module, and ioredis, loaded only then); otherwise in OUTBOX_DIR/drafts. Its close goes into
 * `closers`.
 */
export async function openDrafts<T> (config: Config, options: OpenDraftOptions<T>, closers: Array<() => Promise<void>>): Promise<DraftStore<T>> {
  if (config.redisUrl === undefined) return await Drafts.open({ dir: join(config.outboxDir, 'drafts'), ...options })
  const { RedisDrafts } = await import('./redis-drafts.js')
  const drafts = await RedisDrafts.open({ url: config.redisUrl, ...options })
  closers.push(async () => { await drafts.close() })
  options.log.info({ store: 'redis' }, 'voicemail drafts are kept in Redis, shared by every replica')
  return drafts
}
