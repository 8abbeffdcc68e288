import { setTimeout as sleep } from 'node:timers/promises'
import type { Redis } from 'ioredis'
import { Limits } from '../params/limits.js'
import { closeRedis, openRedis, type RedisLog } from '../redis/client.js'
import { errorText, idOf, KEEP_MS, readKept, type DraftOptions } from './drafts.js'

/**
 * Stores a draft only if it is still what the change was made from (compare-and-set), and
 * keeps the index of drafts, by time of last change, that bounds how many there are.
 * KEYS: the draft, the index. ARGV: the value the change was made from ('' for none), the new
 * value, keepMs, now, max, the draft's id. Returns 1 stored, 0 changed meanwhile, -1 full.
 */
const PUT = `
local current = redis.call('GET', KEYS[1])
if (current or '') ~= ARGV[1] then return 0 end
local keep = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
if not current then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - keep)
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return -1 end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', keep)
redis.call('ZADD', KEYS[2], now, ARGV[6])
redis.call('PEXPIRE', KEYS[2], keep)
return 1
`

// One hash tag ({drafts}): a draft and the index are in the same slot, as a script's keys must be.
const PREFIX = 'twimlets:{drafts}'
const INDEX = `${PREFIX}:index`

/** Another replica changing the same draft at the same instant is rare; a few tries settle it. */
const MAX_TRIES = 8
/** Before another try, a random wait up to this, doubled at each: two replicas that collided do not collide again. */
const BACKOFF_MS = 4
/** Each command; an update takes a few, one call's updates wait their turn. */
const COMMAND_TIMEOUT_MS = 500
/** An update still waiting its turn this long after it was asked fails: Twilio's request waits for it. */
const UPDATE_DEADLINE_MS = 2_000

interface PutCommand {
  twimletsDraftPut: (draft: string, index: string, from: string, next: string, keepMs: number, now: number, max: number, id: string) => Promise<number>
}

export interface RedisDraftOptions<T> extends Omit<DraftOptions<T>, 'dir' | 'log'> {
  url: string
  log: RedisLog
}

/**
 * Drafts in Redis, shared by every replica: the recording's callback and the transcript's
 * events of one voicemail may reach different replicas, and each sees what the others stored.
 * Each draft is a key that expires keepMs after its last change. A change is a compare-and-set
 * (a Lua script): WATCH would hold a connection per change, since a WATCH is undone by any
 * EXEC on its connection, while a script needs none and works on the one connection shared.
 * Redis down: a change fails within a second or so, and is logged.
 */
export class RedisDrafts<T> {
  readonly #options: RedisDraftOptions<T>
  readonly #client: Redis & PutCommand
  /** The change in progress per draft, so one call's pieces in this process wait their turn rather than collide. */
  readonly #turns = new Map<string, Promise<unknown>>()

  private constructor (options: RedisDraftOptions<T>, client: Redis) {
    this.#options = options
    client.defineCommand('twimletsDraftPut', { numberOfKeys: 2, lua: PUT })
    this.#client = client as Redis & PutCommand
  }

  static async open<T> (options: RedisDraftOptions<T>): Promise<RedisDrafts<T>> {
    const client = await openRedis(options.url, { name: 'twimlets-drafts', commandTimeoutMs: COMMAND_TIMEOUT_MS, waitWhileDown: true, log: options.log })
    return new RedisDrafts(options, client)
  }

  /** Same contract as Drafts.update: undefined, and logged, when the change could not be stored. */
  async update (key: string, change: (current: T | undefined) => T): Promise<T | undefined> {
    const id = idOf(key)
    const deadline = Date.now() + UPDATE_DEADLINE_MS
    const before = this.#turns.get(id) ?? Promise.resolve()
    const result = before.then(async () => await this.#change(key, id, change, deadline))
    const turn = result.catch(() => undefined)
    this.#turns.set(id, turn)
    void turn.then(() => { if (this.#turns.get(id) === turn) this.#turns.delete(id) })
    return await result
  }

  async #change (key: string, id: string, change: (current: T | undefined) => T, deadline: number): Promise<T | undefined> {
    const { valid, log, max = Limits.queuedMail, keepMs = KEEP_MS } = this.#options
    const draftKey = `${PREFIX}:${id}`
    try {
      for (let tries = 0; tries < MAX_TRIES; tries++) {
        if (Date.now() > deadline) throw new Error(`Redis did not store it within ${UPDATE_DEADLINE_MS} ms`)
        const stored = await this.#client.get(draftKey)
        const kept = stored === null ? undefined : readKept(stored, valid)
        if (stored !== null && kept === undefined) log.error({ key }, 'unreadable voicemail draft in Redis replaced')
        const now = Date.now()
        const value = change(kept?.key === key ? kept.value : undefined)
        const put = await this.#client.twimletsDraftPut(draftKey, INDEX, stored ?? '', JSON.stringify({ key, changedAt: now, value }), keepMs, now, max, id)
        if (put === 1) return value
        if (put === -1) throw new Error(`${max} voicemail drafts are already kept`)
        await sleep(Math.random() * BACKOFF_MS * 2 ** tries)
      }
      throw new Error(`it was changed elsewhere at each of ${MAX_TRIES} tries`)
    } catch (error) {
      log.error({ err: errorText(error), key }, 'could not store a voicemail draft')
      return undefined
    }
  }

  async close (): Promise<void> {
    await closeRedis(this.#client)
  }
}
