import { createHash } from 'node:crypto'
import { access, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Limits } from '../params/limits.js'
import { domainOf, type Sender } from './address.js'
import { DiskBudget, footprint } from './disk-budget.js'
import { TEMP_PREFIX, writeDurably } from './files.js'
import { recipientVerdict } from './policy.js'
import { QuotaCounts, type NotStored, type Quotas } from './quotas.js'
import { renderMessage, type Content } from './rfc822.js'
import { isPermanent, type Envelope, type Transport } from './transport.js'

/** The part of pino the outbox logs through (a Fastify logger is one). */
export interface MailLog {
  info: (fields: object, message: string) => void
  warn: (fields: object, message: string) => void
  error: (fields: object, message: string) => void
}

export interface Letter extends Content {
  /** Names the notification: a second letter with the same key is the same e-mail. */
  key: string
  /** Not sent before this time (ms since the epoch); now when absent. */
  notBefore?: number
  /** A waiting letter with the same key is replaced by this one instead of keeping it. */
  replace?: boolean
  /**
   * How much of the message this letter tells (a transcript tells more than none): a
   * replacement that tells less than the waiting letter, arriving late, is a duplicate. 0 when absent.
   */
  revision?: number
  /** What it says of the transcription, for a simulation's notes; not stored. */
  transcript?: string | undefined
  /** The calling number (From), for Quotas.perCaller; not stored. */
  caller?: string | undefined
}

/**
 * What became of a letter: `queued` and `replaced` mean it is on disk and will be sent;
 * `duplicate` that the same key is waiting or was sent; `refused` that the recipient policy
 * said no; `failed` that it could not be stored, over a quota, the queue full, the disk budget
 * spent or the disk failing (its content is in the error log).
 */
export type Enqueued = 'queued' | 'replaced' | 'duplicate' | 'refused' | 'failed'

/** What the outbox reports as it works, for metrics. */
export type OutboxEvent = 'refused' | 'attempt-failed' | 'delivered' | 'set-aside'

export interface RetryPolicy {
  /** Wait after the first failed attempt; each further failure doubles it. */
  minMs: number
  maxMs: number
}

export interface OutboxOptions {
  /** The spool: queue/ (waiting), delivered/ (keys sent, for duplicates), failed/ (refused). */
  dir: string
  transport: Transport
  from: Sender
  /** The operator's allow-list (see policy.ts). */
  allowed: readonly string[]
  /** Requests are signature-checked, so recipients need not be listed (see policy.ts). */
  signed?: boolean
  retry: RetryPolicy
  log: MailLog
  /** Most letters waiting at once; Limits.queuedMail unless given. */
  maxQueued?: number
  /** Limits per recipient and per calling number; none sets none but maxQueued. */
  quotas?: Quotas | undefined
  /** The file outbox's folders and the bytes they may hold; none for SMTP. */
  disk?: { bytes: number, dirs: readonly string[] } | undefined
  onEvent?: (event: OutboxEvent) => void
  /** A letter that could not be stored, by reason, for metrics. */
  onNotStored?: (reason: NotStored) => void
  /**
   * How often queue/ is read again for what `npx twimlets outbox` did beside the service: a
   * letter put back is taken up, a dropped one forgotten. A minute unless given.
   */
  rescanMs?: number
}

/** A queue file (or a Redis job's data): everything needed to send the message after a restart. */
export interface Stored {
  version: 1
  key: string
  to: string
  subject: string
  createdAt: number
  notBefore: number
  /** Letter.revision; absent in files written before it existed. */
  revision?: number
  envelope: Envelope
  raw: string
}

interface Slot {
  stored: Stored
  attempts: number
  dueAt: number
}

// Twilio retries a webhook within minutes; a day of remembered keys covers that with room.
const REMEMBER_SENT_MS = 24 * 60 * 60 * 1000
const PRUNE_EVERY_MS = 60 * 60 * 1000
// setTimeout cannot wait longer than this; a longer wait is simply re-armed.
const MAX_TIMER_MS = 2 ** 31 - 1
// On shutdown, a delivery in progress gets this long; its message stays queued either way.
const CLOSE_GRACE_MS = 5_000
const RESCAN_EVERY_MS = 60_000

/**
 * Whether the recipient policy refuses the letter's recipient, which it then logs and reports:
 * asked of every letter, in either store, before anything is stored.
 */
export function refusesRecipient (letter: Letter, options: Pick<OutboxOptions, 'log' | 'transport' | 'allowed' | 'signed' | 'onEvent'>): boolean {
  const { log, transport, allowed, signed = false } = options
  const verdict = recipientVerdict(letter.to, { external: transport.external, allowed, signed })
  if (verdict.allowed) return false
  log.warn({ key: letter.key, to: letter.to.slice(0, 254) }, `e-mail to ${letter.to.slice(0, 254)} refused: ${verdict.reason}`)
  options.onEvent?.('refused')
  return true
}

/** A letter's id, from its key: its file name, its job id and its Message-ID. */
export function idOf (key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32)
}

export function isStored (value: unknown): value is Stored {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Partial<Stored>
  return v.version === 1 && typeof v.key === 'string' && typeof v.to === 'string' && typeof v.raw === 'string' &&
    typeof v.subject === 'string' && typeof v.createdAt === 'number' && typeof v.notBefore === 'number' && (v.revision === undefined || typeof v.revision === 'number') &&
    typeof v.envelope?.from === 'string' && Array.isArray(v.envelope.to)
}

export function errorText (error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

async function exists (path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}

export async function listDir (dir: string): Promise<string[]> {
  try {
    return await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

/** The finished message and what is needed to send it; the Message-ID is the same for every letter of a key. */
export async function composeStored (letter: Letter, from: Sender, createdAt: number): Promise<Stored> {
  const raw = await renderMessage(letter, { from, messageId: `<${idOf(letter.key)}@${domainOf(from.address)}>`, date: new Date() })
  return {
    version: 1,
    key: letter.key,
    to: letter.to,
    subject: letter.subject,
    createdAt,
    notBefore: letter.notBefore ?? Date.now(),
    revision: letter.revision,
    envelope: { from: from.address, to: [letter.to] },
    raw
  }
}

/** The wait before the next attempt, after `attempts` failed ones. */
export function retryWait (retry: RetryPolicy, attempts: number): number {
  return Math.min(retry.maxMs, retry.minMs * 2 ** Math.min(attempts - 1, 30))
}

/** What the outbox stores (OUTBOX_DIR, or REDIS_URL), as the service and its metrics use it. */
export interface MailStore {
  enqueue: (letter: Letter) => Promise<Enqueued>
  /** Letters waiting to be sent, as far as this replica knows; for the queue-depth gauge. */
  readonly size: number
  /** The shared store's connection, for /readyz; absent for OUTBOX_DIR alone. */
  redis?: () => Promise<RedisState>
  close: () => Promise<void>
}

/** Redis as /readyz reports it. */
export interface RedisState {
  reachable: boolean
  /** Letters in this replica's local spool, waiting for Redis. */
  spooled: number
}

/**
 * A durable mail queue. A letter is on disk before enqueue resolves, and leaves the queue only
 * once the transport accepted it; failures are retried with doubling waits, and whatever is
 * queued when the process stops is sent after the next start. One process per directory.
 */
export class Outbox implements MailStore {
  readonly #options: OutboxOptions
  readonly #index = new Map<string, Slot>()
  readonly #inFlight = new Set<string>()
  #lock: Promise<unknown> = Promise.resolve()
  #timer: NodeJS.Timeout | undefined
  #rescanTimer: NodeJS.Timeout | undefined
  #running: Promise<void> | undefined
  #closed = false
  #prunedAt = 0
  /** Letters waiting per recipient, for each one's share of the queue. */
  readonly #waiting = new Map<string, number>()
  /** When each recipient was last served, so delivery takes recipients in turn. */
  readonly #servedAt = new Map<string, number>()
  #served = 0
  /** What the letters waiting will take in the file outbox's mail/ and delivered/. */
  #pendingBytes = 0
  readonly #quotas: QuotaCounts | undefined
  readonly #disk: DiskBudget | undefined

  private constructor (options: OutboxOptions) {
    this.#options = options
    this.#quotas = options.quotas === undefined ? undefined : new QuotaCounts(options.quotas)
    this.#disk = options.disk === undefined ? undefined : new DiskBudget(options.disk.bytes, options.disk.dirs)
  }

  /** Opens the spool in `dir`, taking up whatever a previous run left queued. */
  static async open (options: OutboxOptions): Promise<Outbox> {
    const outbox = new Outbox(options)
    await outbox.#disk?.measure()
    // The service answers calls whatever state the folder is in; the operator is told.
    await outbox.#recover().catch((error: unknown) => {
      options.log.error({ err: errorText(error), dir: options.dir }, `outbox folder ${options.dir} cannot be read; e-mails waiting there are not sent`)
    })
    // Finding out now that the folder is unusable beats finding out with the first voicemail.
    await mkdir(outbox.#queueDir, { recursive: true }).catch((error: unknown) => {
      options.log.error({ err: errorText(error), dir: options.dir }, `outbox folder ${options.dir} cannot be written; voicemail e-mail will only be logged`)
    })
    outbox.#schedule()
    outbox.#rescanTimer = setInterval(() => {
      void outbox.#serial(async () => await outbox.#rescan()).catch((error: unknown) => {
        options.log.error({ err: errorText(error), dir: options.dir }, `outbox folder ${options.dir} cannot be read again`)
      })
    }, options.rescanMs ?? RESCAN_EVERY_MS)
    outbox.#rescanTimer.unref()
    return outbox
  }

  get #queueDir (): string { return join(this.#options.dir, 'queue') }
  get #sentDir (): string { return join(this.#options.dir, 'delivered') }
  get #failedDir (): string { return join(this.#options.dir, 'failed') }

  /** Letters waiting to be sent. */
  get size (): number {
    return this.#index.size
  }

  /** Resolves once the letter is stored on disk (or refused, or a duplicate). */
  async enqueue (letter: Letter): Promise<Enqueued> {
    if (refusesRecipient(letter, this.#options)) return 'refused'
    return await this.#serial(async () => await this.#store(letter))
  }

  async #store (letter: Letter): Promise<Enqueued> {
    const { log } = this.#options
    const id = idOf(letter.key)
    const waiting = this.#index.get(id)
    const duplicate = waiting === undefined
      ? await exists(join(this.#sentDir, id))
      : letter.replace !== true || this.#inFlight.has(id) || (letter.revision ?? 0) < (waiting.stored.revision ?? 0)
    if (duplicate) {
      log.info({ key: letter.key, to: letter.to }, 'e-mail already queued or sent; this one is a duplicate')
      return 'duplicate'
    }
    const now = Date.now()
    const recipient = letter.to.toLowerCase()
    let reason: NotStored = 'storage'
    try {
      // A replacement takes its letter's place: it is no more mail than was already let in.
      const limit = waiting === undefined ? this.#limit(recipient, letter.caller) : undefined
      if (limit !== undefined) {
        reason = limit.reason
        throw new Error(limit.message)
      }
      const stored = await composeStored(letter, this.#options.from, waiting?.stored.createdAt ?? now)
      const more = footprint(Buffer.byteLength(stored.raw)) - (waiting === undefined ? 0 : footprint(Buffer.byteLength(waiting.stored.raw)))
      if (this.#disk !== undefined && !await this.#disk.fits(more, this.#pendingBytes)) {
        reason = 'disk-budget'
        throw new Error(`the outbox's folders ${this.#disk.describe()}`)
      }
      await writeDurably(join(this.#queueDir, `${id}.json`), JSON.stringify(stored))
      if (waiting === undefined) this.#quotas?.add(recipient, letter.caller)
      this.#put(id, { stored, attempts: waiting?.attempts ?? 0, dueAt: stored.notBefore })
    } catch (error) {
      // The last place the notification can survive is the log.
      log.error({ err: errorText(error), reason, key: letter.key, to: letter.to, caller: letter.caller, subject: letter.subject, text: letter.text },
        `could not store e-mail to ${letter.to.slice(0, 254)} in the outbox (${errorText(error)}); its content is in this log entry`)
      this.#options.onNotStored?.(reason)
      return 'failed'
    }
    this.#schedule()
    return waiting === undefined ? 'queued' : 'replaced'
  }

  /** What keeps a new letter out: the queue full, the recipient's share of it, a quota; or undefined. */
  #limit (recipient: string, caller: string | undefined): { reason: NotStored, message: string } | undefined {
    const max = this.#options.maxQueued ?? Limits.queuedMail
    if (this.#index.size >= max) return { reason: 'queue-full', message: `the outbox already holds ${this.#index.size} e-mails waiting to be sent` }
    const share = this.#options.quotas?.queuedPerRecipient
    const held = this.#waiting.get(recipient) ?? 0
    if (share !== undefined && held >= share) {
      return { reason: 'recipient-queue', message: `${held} e-mails to ${recipient} are already waiting to be sent (VOICEMAIL_QUEUE_PER_RECIPIENT)` }
    }
    return this.#quotas?.refusal(recipient, caller)
  }

  #put (id: string, slot: Slot): void {
    this.#take(id)
    this.#index.set(id, slot)
    const recipient = slot.stored.to.toLowerCase()
    this.#waiting.set(recipient, (this.#waiting.get(recipient) ?? 0) + 1)
    this.#pendingBytes += footprint(Buffer.byteLength(slot.stored.raw))
  }

  /** Takes a letter out of the index, and out of its recipient's count. */
  #take (id: string): Slot | undefined {
    const slot = this.#index.get(id)
    if (slot === undefined) return undefined
    this.#index.delete(id)
    const recipient = slot.stored.to.toLowerCase()
    const held = (this.#waiting.get(recipient) ?? 1) - 1
    if (held > 0) {
      this.#waiting.set(recipient, held)
    } else {
      this.#waiting.delete(recipient)
      this.#servedAt.delete(recipient)
    }
    this.#pendingBytes -= footprint(Buffer.byteLength(slot.stored.raw))
    return slot
  }

  /** Stops the timers and waits (briefly) for a delivery in progress; the queue stays on disk. */
  async close (): Promise<void> {
    this.#closed = true
    clearInterval(this.#rescanTimer)
    clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#running !== undefined) {
      let grace: NodeJS.Timeout | undefined
      await Promise.race([this.#running, new Promise((resolve) => { grace = setTimeout(resolve, CLOSE_GRACE_MS) })])
      clearTimeout(grace)
    }
    await this.#lock
    this.#options.transport.close()
  }

  #serial<T> (work: () => Promise<T>): Promise<T> {
    const result = this.#lock.then(work)
    this.#lock = result.catch(() => undefined)
    return result
  }

  #schedule (): void {
    // A pass in progress schedules the next one when it ends.
    if (this.#closed || this.#running !== undefined) return
    clearTimeout(this.#timer)
    this.#timer = undefined
    let next = Infinity
    for (const [id, slot] of this.#index) if (!this.#inFlight.has(id)) next = Math.min(next, slot.dueAt)
    if (next === Infinity) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#pass()
    }, Math.min(MAX_TIMER_MS, Math.max(0, next - Date.now())))
    // Pending mail alone must not keep a process (or a test) alive; it is on disk.
    this.#timer.unref()
  }

  /**
   * The next letter to send: of the recipients with mail due, the one served longest ago (or
   * never), and its letter due first. Asked again before each delivery, so mail queued during a
   * long pass takes its turn: a flood to one recipient delays another's mail by one message.
   */
  #nextDue (now: number): [string, Slot] | undefined {
    let best: [string, Slot] | undefined
    let bestTurn = Infinity
    for (const entry of this.#index) {
      const [id, slot] = entry
      if (slot.dueAt > now || this.#inFlight.has(id)) continue
      const turn = this.#servedAt.get(slot.stored.to.toLowerCase()) ?? -1
      if (best === undefined || turn < bestTurn || (turn === bestTurn && slot.dueAt < best[1].dueAt)) {
        best = entry
        bestTurn = turn
      }
    }
    return best
  }

  #pass (): void {
    this.#running = (async () => {
      const started = Date.now()
      for (let next = this.#nextDue(started); next !== undefined && !this.#closed; next = this.#nextDue(Date.now())) {
        const [id, slot] = next
        this.#servedAt.set(slot.stored.to.toLowerCase(), this.#served++)
        await this.#deliver(id, slot)
      }
      await this.#prune(started)
    })().catch((error: unknown) => {
      this.#options.log.error({ err: errorText(error) }, 'outbox pass failed')
    }).finally(() => {
      this.#running = undefined
      this.#schedule()
    })
  }

  async #deliver (id: string, slot: Slot): Promise<void> {
    const { transport, log, retry } = this.#options
    const { stored } = slot
    const about = { key: stored.key, to: stored.to, subject: stored.subject }
    this.#inFlight.add(id)
    try {
      if (!await exists(join(this.#queueDir, `${id}.json`))) {
        await this.#serial(async () => { this.#take(id) })
        log.info(about, `e-mail to ${stored.to} was removed from ${this.#queueDir} (npx twimlets outbox drop); not sent`)
        return
      }
      let where: string
      try {
        where = await transport.send({ envelope: stored.envelope, raw: stored.raw, name: fileName(stored, id) })
      } catch (error) {
        if (isPermanent(error)) {
          await this.#serial(async () => await this.#setAside(id))
          this.#options.onEvent?.('set-aside')
          log.error({ ...about, err: errorText(error) }, `e-mail to ${stored.to} refused by the mail server; kept in ${this.#failedDir}`)
          return
        }
        slot.attempts++
        this.#options.onEvent?.('attempt-failed')
        const wait = retryWait(retry, slot.attempts)
        slot.dueAt = Date.now() + wait
        log.warn({ ...about, attempt: slot.attempts, retryInMs: wait, err: errorText(error) },
          `e-mail to ${stored.to} not sent yet via ${transport.description}; will retry`)
        return
      }
      await this.#serial(async () => await this.#markSent(id))
      this.#options.onEvent?.('delivered')
      log.info({ ...about, attempts: slot.attempts + 1, where }, `e-mail to ${stored.to} delivered via ${transport.description}`)
    } finally {
      this.#inFlight.delete(id)
    }
  }

  async #markSent (id: string): Promise<void> {
    const slot = this.#take(id)
    // The file transport wrote the message into mail/; the key's file goes into delivered/.
    if (slot !== undefined) this.#disk?.add(footprint(Buffer.byteLength(slot.stored.raw)))
    try {
      await mkdir(this.#sentDir, { recursive: true })
      await writeFile(join(this.#sentDir, id), '')
      await rm(join(this.#queueDir, `${id}.json`), { force: true })
    } catch (error) {
      // Sent, but the queue could not record it: after a restart it may be sent again.
      this.#options.log.error({ err: errorText(error), id }, 'could not record a sent e-mail in the outbox')
    }
  }

  async #setAside (id: string): Promise<void> {
    this.#take(id)
    try {
      await mkdir(this.#failedDir, { recursive: true })
      await rename(join(this.#queueDir, `${id}.json`), join(this.#failedDir, `${id}.json`))
    } catch (error) {
      this.#options.log.error({ err: errorText(error), id }, `could not move an outbox entry to ${this.#failedDir}`)
    }
  }

  async #recover (): Promise<void> {
    const { log } = this.#options
    for (const name of await listDir(this.#queueDir)) await this.#adopt(name)
    if (this.#index.size > 0) log.info({ pending: this.#index.size }, `${this.#index.size} e-mails waiting in ${this.#queueDir} will be sent`)
    const failed = (await listDir(this.#failedDir)).length
    if (failed > 0) log.warn({ failed }, `${failed} e-mails in ${this.#failedDir} could not be delivered; they are kept there`)
    await this.#prune(Date.now())
  }

  /** Takes up the queue file `name`: a letter to send, or what is left of one that was sent or never finished writing. */
  async #adopt (name: string): Promise<void> {
    const path = join(this.#queueDir, name)
    // A temporary file is a write that never finished, so nobody was told it was stored.
    if (name.startsWith(TEMP_PREFIX)) {
      await rm(path, { force: true })
      return
    }
    if (!name.endsWith('.json')) return
    const id = name.slice(0, -'.json'.length)
    if (await exists(join(this.#sentDir, id))) {
      await rm(path, { force: true })
      return
    }
    let stored: unknown
    try {
      stored = JSON.parse(await readFile(path, 'utf8'))
    } catch {
      stored = undefined
    }
    if (!isStored(stored)) {
      await this.#setAside(id)
      this.#options.log.error({ file: path }, `unreadable outbox entry moved to ${this.#failedDir}`)
      return
    }
    this.#put(id, { stored, attempts: 0, dueAt: stored.notBefore })
  }

  /**
   * Brings the index in line with queue/ as the operator left it: letters put back (retry)
   * are taken up, letters removed (drop) forgotten. A write in progress is never seen: a
   * letter's file appears whole, by rename.
   */
  async #rescan (): Promise<void> {
    if (this.#closed) return
    const names = new Set(await listDir(this.#queueDir))
    for (const id of [...this.#index.keys()]) {
      if (!names.has(`${id}.json`) && !this.#inFlight.has(id)) this.#take(id)
    }
    let adopted = 0
    for (const name of names) {
      if (name.startsWith(TEMP_PREFIX) || !name.endsWith('.json') || this.#index.has(name.slice(0, -'.json'.length))) continue
      await this.#adopt(name)
      if (this.#index.has(name.slice(0, -'.json'.length))) adopted++
    }
    if (adopted > 0) this.#options.log.info({ adopted }, `${adopted} e-mails put back in ${this.#queueDir} will be sent`)
    this.#schedule()
  }

  /** Forgets sent keys once no retried webhook can repeat them. */
  async #prune (now: number): Promise<void> {
    if (now - this.#prunedAt < PRUNE_EVERY_MS) return
    this.#prunedAt = now
    for (const name of await listDir(this.#sentDir)) {
      const path = join(this.#sentDir, name)
      const info = await stat(path).catch(() => undefined)
      if (info !== undefined && now - info.mtimeMs > REMEMBER_SENT_MS) await rm(path, { force: true })
    }
    await this.#disk?.measure()
  }
}

/** `2026-05-05T10-04-05Z-<id>`: sorts by time, and the same letter always gets the same name. */
export function fileName (stored: Stored, id: string): string {
  const stamp = new Date(stored.createdAt).toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')
  return `${stamp}-${id.slice(0, 16)}`
}
