import type { Redis } from 'ioredis'
import { KEY_PREFIX } from '../redis/connection.js'
import type { NotStored } from './quotas.js'

/** BullMQ's queue of voicemail e-mail: its keys are `twimlets:mail:…`, a letter's job `twimlets:mail:<id>`. */
export const QUEUE = 'mail'
const QUEUE_KEY = `${KEY_PREFIX}:${QUEUE}:`
/** Letters let in and not yet sent or set aside: id → `<ms let in> <token> <recipient>`. */
const LETTERS = `${KEY_PREFIX}:letters`
/** The ids waiting for one recipient: its share of the queue, and the order it is served in. */
const RECIPIENT = `${KEY_PREFIX}:letters:to:`
const RECIPIENT_QUOTA = `${KEY_PREFIX}:quota:to:`
const CALLER_QUOTA = `${KEY_PREFIX}:quota:from:`

/**
 * A letter let in by one replica but whose job is not there yet is another replica adding it,
 * unless it is older than this: then that replica died between the two steps, and the letter
 * (arriving again with Twilio's retry) is let in anew.
 */
const ADDING_MS = 10_000

// Lua runs atomically in Redis: whichever replicas a letter's callbacks reach, each one finds
// the letter in one state. BullMQ keeps a job's data as JSON in its hash's `data` field and its
// state in the queue's lists and sets; these scripts only read them, apart from replacing `data`
// of a job no worker holds (delayed, waiting or prioritized), which is what Job.updateData writes.

const ADMIT = `
local id, now, token, recipient = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local max, share, perRecipient, perCaller, windowMs = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
if redis.call('EXISTS', KEYS[1]) == 1 then return {'exists', 0, 0} end
local entry = redis.call('HGET', KEYS[2], id)
if entry then
  local at, held = string.match(entry, '^(%d+) (%S+) ')
  if held ~= token and now - tonumber(at) < ${ADDING_MS} then return {'exists', 0, 0} end
  redis.call('HSET', KEYS[2], id, now .. ' ' .. token .. ' ' .. recipient)
  return {'admitted', redis.call('SCARD', KEYS[3]), redis.call('HLEN', KEYS[2])}
end
if ARGV[11] == '0' then return {'disk-budget', 0, 0} end
local total = redis.call('HLEN', KEYS[2])
if total >= max then return {'queue-full', total, 0} end
local waiting = redis.call('SCARD', KEYS[3])
if share > 0 and waiting >= share then return {'recipient-queue', waiting, 0} end
if perRecipient > 0 and tonumber(redis.call('GET', KEYS[4]) or '0') >= perRecipient then return {'recipient-quota', perRecipient, 0} end
if perCaller > 0 and ARGV[10] == '1' and tonumber(redis.call('GET', KEYS[5]) or '0') >= perCaller then return {'caller-quota', perCaller, 0} end
redis.call('HSET', KEYS[2], id, now .. ' ' .. token .. ' ' .. recipient)
redis.call('SADD', KEYS[3], id)
local function count (key, limit)
  if limit > 0 and redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, windowMs) end
end
count(KEYS[4], perRecipient)
if ARGV[10] == '1' then count(KEYS[5], perCaller) end
return {'admitted', waiting + 1, total + 1}
`

const REPLACE = `
local id = ARGV[1]
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
local state
if redis.call('ZSCORE', KEYS[2], id) then state = 'delayed'
elseif redis.call('ZSCORE', KEYS[3], id) then state = 'prioritized'
elseif redis.call('LPOS', KEYS[4], id) then state = 'wait'
else return 'duplicate' end
local ok, held = pcall(cjson.decode, redis.call('HGET', KEYS[1], 'data') or '')
local revision = ok and type(held) == 'table' and tonumber(held.revision) or 0
if tonumber(ARGV[3]) < revision then return 'duplicate' end
redis.call('HSET', KEYS[1], 'data', ARGV[2])
return state
`

const RELEASE = `
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if not entry then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
local recipient = string.match(entry, '^%d+ %S+ (.*)$')
if recipient then redis.call('SREM', ARGV[2] .. recipient, ARGV[1]) end
return 1
`

// Counts are kept right by the worker as it finishes each letter; this catches what a replica
// dying at the wrong moment left behind: letters let in whose job never came, or that ended
// (BullMQ set them aside after too many stalls) without their worker to say so.
const SWEEP = `
local now, queue, recipients = tonumber(ARGV[1]), ARGV[2], ARGV[3]
local entries = redis.call('HGETALL', KEYS[1])
local swept = 0
for i = 1, #entries, 2 do
  local id, entry = entries[i], entries[i + 1]
  local at, recipient = string.match(entry, '^(%d+) %S+ (.*)$')
  if at == nil or now - tonumber(at) > ${ADDING_MS} then
    if redis.call('EXISTS', queue .. id) == 0 or redis.call('ZSCORE', KEYS[2], id) or redis.call('ZSCORE', KEYS[3], id) then
      redis.call('HDEL', KEYS[1], id)
      if recipient then redis.call('SREM', recipients .. recipient, id) end
      swept = swept + 1
    end
  end
end
return swept
`

const TRACK = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' admin ' .. ARGV[3])
redis.call('SADD', KEYS[2], ARGV[1])
return 1
`

interface Commands {
  twimletsAdmit: (...args: string[]) => Promise<[string, number, number]>
  twimletsReplace: (...args: string[]) => Promise<string>
  twimletsRelease: (...args: string[]) => Promise<number>
  twimletsSweep: (...args: string[]) => Promise<number>
  twimletsTrack: (...args: string[]) => Promise<number>
}

export interface Limits {
  maxQueued: number
  /** Letters waiting for one recipient at once; 0 sets none. */
  share: number
  windowMs: number
  /** 0 sets no limit. */
  perRecipient: number
  perCaller: number
  /** False when the replica's disk budget (OUTBOX_DISK_BUDGET_BYTES) has no room for a new letter. */
  room: boolean
}

export type Admission = { admitted: true, rank: number, total: number } | { admitted: false, exists: true } | { admitted: false, exists: false, reason: NotStored, count: number }

/** Where a replacement found the letter: not there, sent or being sent (duplicate), or waiting in one of BullMQ's states. */
export type Replacement = 'missing' | 'duplicate' | 'delayed' | 'prioritized' | 'wait'

/** The scripts that decide what becomes of a letter, on one connection. */
export class Letters {
  readonly #redis: Redis & Commands

  constructor (redis: Redis) {
    redis.defineCommand('twimletsAdmit', { numberOfKeys: 5, lua: ADMIT })
    redis.defineCommand('twimletsReplace', { numberOfKeys: 4, lua: REPLACE })
    redis.defineCommand('twimletsRelease', { numberOfKeys: 1, lua: RELEASE })
    redis.defineCommand('twimletsSweep', { numberOfKeys: 3, lua: SWEEP })
    redis.defineCommand('twimletsTrack', { numberOfKeys: 2, lua: TRACK })
    this.#redis = redis as Redis & Commands
  }

  /**
   * Lets a new letter in, or says why not: its job is there already (or being added), or a
   * limit is reached. `token` names this arrival: the same one let in again (a retry from the
   * local spool) is not counted twice.
   */
  async admit (id: string, token: string, recipient: string, caller: string | undefined, limits: Limits): Promise<Admission> {
    const [status, count, total] = await this.#redis.twimletsAdmit(
      QUEUE_KEY + id, LETTERS, RECIPIENT + recipient, RECIPIENT_QUOTA + recipient, CALLER_QUOTA + (caller ?? ''),
      id, String(Date.now()), token, recipient,
      String(limits.maxQueued), String(limits.share), String(limits.perRecipient), String(limits.perCaller), String(limits.windowMs),
      caller === undefined ? '0' : '1', limits.room ? '1' : '0')
    if (status === 'admitted') return { admitted: true, rank: count, total }
    if (status === 'exists') return { admitted: false, exists: true }
    return { admitted: false, exists: false, reason: status as NotStored, count }
  }

  /** Puts `data` in place of a waiting letter's, unless it is being sent, was sent, or tells less. */
  async replace (id: string, data: string, revision: number): Promise<Replacement> {
    return await this.#redis.twimletsReplace(QUEUE_KEY + id, QUEUE_KEY + 'delayed', QUEUE_KEY + 'prioritized', QUEUE_KEY + 'wait',
      id, data, String(revision)) as Replacement
  }

  /** A letter sent, set aside or dropped: out of the counts of letters waiting. */
  async release (id: string): Promise<void> {
    await this.#redis.twimletsRelease(LETTERS, id, RECIPIENT)
  }

  /** A letter waiting again (the operator's retry): back in the counts, without the quotas. */
  async track (id: string, recipient: string): Promise<void> {
    await this.#redis.twimletsTrack(LETTERS, RECIPIENT + recipient, id, String(Date.now()), recipient)
  }

  async sweep (): Promise<number> {
    return await this.#redis.twimletsSweep(LETTERS, QUEUE_KEY + 'completed', QUEUE_KEY + 'failed', String(Date.now()), QUEUE_KEY, RECIPIENT)
  }

  /** Letters waiting, on every replica. */
  async waiting (): Promise<number> {
    return await this.#redis.hlen(LETTERS)
  }
}
