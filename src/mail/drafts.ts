import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Limits } from '../params/limits.js'
import { TEMP_PREFIX, writeDurably } from './files.js'

export interface DraftLog {
  error: (fields: object, message: string) => void
}

export interface DraftOptions<T> {
  /** Where each draft is a file; none keeps them in memory only (a simulation). */
  dir?: string | undefined
  /** Tells a draft read back from disk from a damaged file. */
  valid: (value: unknown) => value is T
  log: DraftLog
  /** Most drafts kept at once; Limits.queuedMail unless given. */
  max?: number
  /** How long a draft is kept after its last change; a day unless given. */
  keepMs?: number
}

/** A draft as stored: in its file, or in Redis. */
export interface Kept<T> {
  key: string
  changedAt: number
  value: T
}

// Twilio's callbacks about one call come within minutes; a day covers its retries with room.
export const KEEP_MS = 24 * 60 * 60 * 1000
const PRUNE_EVERY_MS = 60 * 60 * 1000

/** A draft's name in storage: the same for the same key, whatever the key holds. */
export function idOf (key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32)
}

export function errorText (error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A stored draft read back, or undefined when it is damaged. */
export function readKept<T> (text: string, valid: (value: unknown) => value is T): Kept<T> | undefined {
  let kept: Partial<Kept<unknown>> | undefined
  try {
    kept = JSON.parse(text) as Partial<Kept<unknown>>
  } catch {
    return undefined
  }
  if (typeof kept?.key !== 'string' || typeof kept.changedAt !== 'number' || !valid(kept.value)) return undefined
  return { key: kept.key, changedAt: kept.changedAt, value: kept.value }
}

/**
 * What is known so far of something that arrives in pieces (a voicemail: its recording, then
 * its transcript, callback by callback), by key. A change is on disk before `update`
 * resolves, so a piece Twilio was told it delivered survives a restart. One process per folder.
 */
export class Drafts<T> {
  readonly #options: DraftOptions<T>
  readonly #kept = new Map<string, Kept<T>>()
  #lock: Promise<unknown> = Promise.resolve()
  #prunedAt = 0

  private constructor (options: DraftOptions<T>) {
    this.#options = options
  }

  /** Opens the drafts in `dir`, taking up those a previous run left. */
  static async open<T> (options: DraftOptions<T>): Promise<Drafts<T>> {
    const drafts = new Drafts(options)
    await drafts.#recover().catch((error: unknown) => {
      options.log.error({ err: errorText(error), dir: options.dir }, `voicemail drafts in ${options.dir ?? ''} cannot be read; transcripts waiting there are lost`)
    })
    return drafts
  }

  get size (): number {
    return this.#kept.size
  }

  /**
   * Changes the draft under `key` (undefined when there is none yet) and stores it. Undefined
   * when it could not be stored: the reason is logged.
   */
  async update (key: string, change: (current: T | undefined) => T): Promise<T | undefined> {
    const result = this.#lock.then(async () => await this.#change(key, change))
    this.#lock = result.catch(() => undefined)
    return await result
  }

  async #change (key: string, change: (current: T | undefined) => T): Promise<T | undefined> {
    const { dir, log, max = Limits.queuedMail } = this.#options
    const now = Date.now()
    this.#prune(now)
    const id = idOf(key)
    const current = this.#kept.get(id)
    try {
      if (current === undefined && this.#kept.size >= max) throw new Error(`${this.#kept.size} voicemail drafts are already kept`)
      const kept = { key, changedAt: now, value: change(current?.key === key ? current.value : undefined) }
      if (dir !== undefined) await writeDurably(join(dir, `${id}.json`), JSON.stringify(kept))
      this.#kept.set(id, kept)
      return kept.value
    } catch (error) {
      log.error({ err: errorText(error), key }, 'could not store a voicemail draft')
      return undefined
    }
  }

  #prune (now: number): void {
    if (now - this.#prunedAt < PRUNE_EVERY_MS) return
    this.#prunedAt = now
    const { dir, keepMs = KEEP_MS } = this.#options
    for (const [id, kept] of this.#kept) {
      if (now - kept.changedAt <= keepMs) continue
      this.#kept.delete(id)
      if (dir !== undefined) void rm(join(dir, `${id}.json`), { force: true }).catch(() => undefined)
    }
  }

  async #recover (): Promise<void> {
    const { dir, valid, log } = this.#options
    if (dir === undefined) return
    await mkdir(dir, { recursive: true })
    for (const name of await readdir(dir)) {
      const path = join(dir, name)
      if (name.startsWith(TEMP_PREFIX)) {
        await rm(path, { force: true })
        continue
      }
      if (!name.endsWith('.json')) continue
      const kept = readKept(await readFile(path, 'utf8').catch(() => ''), valid)
      if (kept === undefined) {
        log.error({ file: path }, 'unreadable voicemail draft removed')
        await rm(path, { force: true })
        continue
      }
      this.#kept.set(name.slice(0, -'.json'.length), kept)
    }
    this.#prune(Date.now())
  }
}
