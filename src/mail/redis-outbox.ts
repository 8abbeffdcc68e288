import { randomBytes } from 'node:crypto'
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq'
import type { Redis } from 'ioredis'
import { Limits } from '../params/limits.js'
import { bounded, COMMAND_TIMEOUT_MS, connect, describeRedisUrl, KEY_PREFIX } from '../redis/connection.js'
import { composeStored, errorText, fileName, idOf, isStored, refusesRecipient, retryWait, type Enqueued, type Letter, type MailStore, type OutboxOptions, type RedisState, type Stored } from './outbox.js'
import { blocks, DiskBudget } from './disk-budget.js'
import { callerKey, type NotStored } from './quotas.js'
import { Letters, QUEUE, type Limits as LetterLimits } from './redis-letters.js'
import { Spool, type Spooled } from './spool.js'
import { isPermanent } from './transport.js'

/**
 * How soon a letter whose replica died mid-delivery goes to another: its job's lock lapses
 * within LOCK_MS, and every replica looks for lapsed locks every STALLED_CHECK_MS, so another
 * takes it within their sum (25 s) plus its own delivery: within a minute of being due.
 */
export const LOCK_MS = 15_000
export const STALLED_CHECK_MS = 10_000
/** A letter whose replica died this many times mid-delivery is set aside rather than tried forever. */
const MAX_STALLS = 5
/** The whole of an enqueue's Redis work; past it the letter goes to the local spool. */
const ENQUEUE_MS = 2 * COMMAND_TIMEOUT_MS
/** While letters wait in the local spool and Redis answers, they are moved this often. */
const MOVE_EVERY_MS = 5_000
const SWEEP_EVERY_MS = 60_000
const DEPTH_EVERY_MS = 5_000
// The operator empties mail/ by hand; besides that, a refusal measures it again.
const MEASURE_EVERY_MS = 60 * 60_000
// Twilio retries a webhook within minutes; a day of remembered keys covers that with room.
const REMEMBER_SENT_S = 24 * 60 * 60
// Sent keys kept at most, whatever their age: each is a job's small record without its message.
const REMEMBER_SENT_COUNT = 100_000
const CLOSE_GRACE_MS = 5_000
// A failed attempt is retried until it goes or is refused for good, as with the file outbox.
const ATTEMPTS = 1_000_000
/** A sent letter's job keeps only this: the message itself is gone from Redis. */
interface Sent { sent: true, key: string, to: string, subject: string, createdAt: number }
type JobData = Stored | Sent

function isSent (value: unknown): value is Sent {
  return typeof value === 'object' && value !== null && (value as Partial<Sent>).sent === true
}

export interface RedisOutboxOptions extends Omit<OutboxOptions, 'dir'> {
  /** REDIS_URL */
  url: string
  /** This replica's spool for letters Redis could not take: a folder under OUTBOX_DIR. */
  spoolDir: string
  /** Every failed Redis command or connection, for twimlets_redis_errors_total. */
  onRedisError?: (() => void) | undefined
  /** For tests: how soon a dead replica's delivery is taken over (LOCK_MS, STALLED_CHECK_MS). */
  lockMs?: number
  stalledCheckMs?: number
}

/**
 * The outbox every replica shares through Redis (REDIS_URL), on BullMQ: a letter is a job whose
 * id is the hash of its key, so a second letter with the same key, at any replica, finds the
 * first (waiting, being sent, or sent within a day). A letter waiting for its transcript is a
 * delayed job; the transcript's letter replaces its data while no worker holds it. Each replica
 * runs one worker; a worker that dies mid-delivery loses its lock and another takes the job
 * over. When Redis does not answer, letters go to a durable spool on this machine and are moved
 * once it does. See docs/ARCHITECTURE.md for what "once" means when a replica dies mid-send.
 */
export class RedisOutbox implements MailStore {
  readonly #options: RedisOutboxOptions
  readonly #client: Redis
  readonly #workerClient: Redis
  readonly #queue: Queue
  readonly #letters: Letters
  readonly #spool: Spool
  /** This replica's mail/, with the file transport: each replica writes the letters its worker takes. */
  readonly #disk: DiskBudget | undefined
  /** Bytes this replica's worker is writing to mail/: room already taken, which a measure of the folder may not see yet. */
  #writing = 0
  #worker: Worker | undefined
  /** Letters waiting in Redis, last read. */
  #depth = 0
  #reachable = false
  #closed = false
  readonly #timers: NodeJS.Timeout[] = []
  /** One operation per letter at a time on this replica (a move and a new arrival of the same key). */
  readonly #busy = new Map<string, Promise<unknown>>()
  #moving: Promise<void> | undefined
  /** The delivery this replica's worker is making, for close to wait for. */
  #delivering: Promise<void> | undefined

  private constructor (options: RedisOutboxOptions, spool: Spool) {
    this.#options = options
    this.#spool = spool
    this.#disk = options.disk === undefined ? undefined : new DiskBudget(options.disk.bytes, options.disk.dirs)
    const onError = (): void => { options.onRedisError?.() }
    this.#client = connect(options.url, 'commands', { onError })
    this.#workerClient = connect(options.url, 'blocking', { onError })
    this.#letters = new Letters(this.#client)
    // BullMQ readies the queue once Redis first answers; until then letters go to the spool.
    this.#queue = new Queue(QUEUE, { connection: this.#client, prefix: KEY_PREFIX })
    this.#queue.on('error', () => {})
    this.#client.on('ready', () => { this.#up() })
    this.#client.on('close', () => { this.#down() })
  }

  /** Connects (without waiting for Redis: calls are answered whether or not it is up) and starts the worker. */
  static async open (options: RedisOutboxOptions): Promise<RedisOutbox> {
    const spool = await Spool.open(options.spoolDir, (file) => {
      options.log.error({ file }, `unreadable spooled e-mail ${file} left where it is`)
    }).catch((error: unknown) => {
      // The service answers calls whatever state the folder is in; the operator is told.
      options.log.error({ err: errorText(error), dir: options.spoolDir }, `spool folder ${options.spoolDir} cannot be read; e-mails waiting there are not sent`)
      return Spool.empty(options.spoolDir)
    })
    const outbox = new RedisOutbox(options, spool)
    await outbox.#disk?.measure()
    options.log.info({ redis: describeRedisUrl(options.url), spooled: spool.size }, `voicemail e-mail is queued in Redis ${describeRedisUrl(options.url)}`)
    outbox.#startWorker()
    outbox.#every(MOVE_EVERY_MS, () => { if (outbox.#spool.size > 0) outbox.#move() })
    outbox.#every(SWEEP_EVERY_MS, () => { outbox.#sweep() })
    outbox.#every(DEPTH_EVERY_MS, () => { outbox.#readDepth() })
    if (outbox.#disk !== undefined) outbox.#every(MEASURE_EVERY_MS, () => { void outbox.#disk?.measure() })
    return outbox
  }

  /** Letters waiting in Redis (as last read) and in this replica's spool. */
  get size (): number {
    return this.#depth + this.#spool.size
  }

  /** Whether Redis answers now, by a PING bounded like every command. */
  async redis (): Promise<RedisState> {
    let reachable = false
    if (this.#client.status === 'ready') {
      reachable = await bounded(this.#client.ping(), COMMAND_TIMEOUT_MS, 'PING').then(() => true, () => {
        this.#options.onRedisError?.()
        return false
      })
    }
    return { reachable, spooled: this.#spool.size }
  }

  async enqueue (letter: Letter): Promise<Enqueued> {
    if (refusesRecipient(letter, this.#options)) return 'refused'
    const id = idOf(letter.key)
    let entry: Spooled
    try {
      entry = { version: 1, token: randomBytes(8).toString('hex'), replace: letter.replace === true, caller: letter.caller, stored: await composeStored(letter, this.#options.from, Date.now()) }
    } catch (error) {
      return this.#notStored(letter, 'storage', errorText(error))
    }
    // Measured before Redis is asked, so that reading the folder never counts against Redis's time.
    const room = await this.#room(entry.stored)
    return await this.#one(id, async () => await this.#store(id, entry, letter, room))
  }

  /**
   * Whether this replica's mail/ has room for the letter, with the file transport: a new letter is
   * let in only then (a replacement takes the place of mail already let in). The letters this
   * replica's worker takes are written here; round-robin spreads them over the replicas.
   */
  async #room (stored: Stored): Promise<boolean> {
    return this.#disk === undefined || await this.#disk.fits(blocks(Buffer.byteLength(stored.raw)), this.#writing)
  }

  async #store (id: string, entry: Spooled, letter: Letter, room: boolean): Promise<Enqueued> {
    // A key already spooled stays there until it moves, so its letters keep their order.
    if (this.#spool.get(id) === undefined && this.#client.status === 'ready') {
      try {
        const outcome = await bounded(this.#toRedis(id, entry, room), ENQUEUE_MS, 'storing an e-mail')
        if (typeof outcome === 'string') return this.#stored(letter, outcome)
        return this.#notStored(letter, outcome.reason, outcome.message)
      } catch (error) {
        this.#options.onRedisError?.()
        this.#options.log.warn({ err: errorText(error), key: letter.key }, `Redis could not take an e-mail (${errorText(error)}); it is kept in ${this.#spool.dir} until Redis answers`)
      }
    }
    return await this.#toSpool(id, entry, letter, room)
  }

  #stored (letter: Letter, result: Enqueued): Enqueued {
    if (result === 'duplicate') this.#options.log.info({ key: letter.key, to: letter.to }, 'e-mail already queued or sent; this one is a duplicate')
    return result
  }

  #notStored (letter: Pick<Letter, 'key' | 'to' | 'subject' | 'text' | 'caller'>, reason: NotStored, message: string): 'failed' {
    // The last place the notification can survive is the log.
    this.#options.log.error({ err: message, reason, key: letter.key, to: letter.to, caller: letter.caller, subject: letter.subject, text: letter.text },
      `could not store e-mail to ${letter.to.slice(0, 254)} in the outbox (${message}); its content is in this log entry`)
    this.#options.onNotStored?.(reason)
    return 'failed'
  }

  #limits (): Omit<LetterLimits, 'room'> {
    const quotas = this.#options.quotas
    return {
      maxQueued: this.#options.maxQueued ?? Limits.queuedMail,
      share: quotas?.queuedPerRecipient ?? 0,
      windowMs: quotas?.windowMs ?? 0,
      perRecipient: quotas?.perRecipient ?? 0,
      perCaller: quotas?.perCaller ?? 0
    }
  }

  /** What Redis makes of a letter: replaced, queued or a duplicate, or a limit it meets (`room` is #room's answer). */
  async #toRedis (id: string, entry: Spooled, room: boolean): Promise<Enqueued | { reason: NotStored, message: string }> {
    const { stored } = entry
    const data = JSON.stringify(stored)
    const recipient = stored.to.toLowerCase()
    // A letter let in by another replica whose job is not there yet: looked for again shortly.
    for (let round = 0; round < 3; round++) {
      if (entry.replace) {
        const found = await this.#letters.replace(id, data, stored.revision ?? 0)
        if (found === 'duplicate') return 'duplicate'
        if (found !== 'missing') {
          // Its time is the replacement's; a job promoted meanwhile keeps its place (and the new data).
          if (found === 'delayed') await this.#queue.getJob(id).then(async (job) => await job?.changeDelay(Math.max(0, stored.notBefore - Date.now()))).catch(() => {})
          return 'replaced'
        }
      }
      const admission = await this.#letters.admit(id, entry.token, recipient, callerKey(entry.caller), { ...this.#limits(), room })
      if (admission.admitted) {
        await this.#queue.add('letter', stored, {
          jobId: id,
          delay: Math.max(0, stored.notBefore - Date.now()),
          // Fair turns: a recipient's n-th letter waiting goes after every other recipient's
          // first n-1, so a flood to one delays another's mail by little.
          priority: admission.rank,
          attempts: ATTEMPTS,
          backoff: { type: 'doubling' },
          removeOnComplete: { age: REMEMBER_SENT_S, count: REMEMBER_SENT_COUNT },
          removeOnFail: false
        })
        this.#depth = admission.total
        return 'queued'
      }
      if (!admission.exists) {
        if (admission.reason === 'queue-full') this.#depth = admission.count
        return { reason: admission.reason, message: this.#limitMessage(admission.reason, recipient, entry.caller, admission.count) }
      }
      if (!entry.replace) return 'duplicate'
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return 'duplicate'
  }

  #limitMessage (reason: NotStored, recipient: string, caller: string | undefined, count: number): string {
    const window = `${Math.round((this.#options.quotas?.windowMs ?? 0) / 60_000)} minutes`
    switch (reason) {
      case 'queue-full': return `the outbox already holds ${count} e-mails waiting to be sent`
      case 'recipient-queue': return `${count} e-mails to ${recipient} are already waiting to be sent (VOICEMAIL_QUEUE_PER_RECIPIENT)`
      case 'recipient-quota': return `${count} e-mails to ${recipient} were stored in the last ${window} (VOICEMAIL_RECIPIENT_QUOTA)`
      case 'caller-quota': return `${count} messages from ${callerKey(caller) ?? ''} were stored in the last ${window} (VOICEMAIL_CALLER_QUOTA)`
      case 'disk-budget': return this.#disk?.describe() ?? reason
      default: return reason
    }
  }

  /** Redis unreachable: the letter is kept here, as the file outbox would keep it, until it moves. */
  async #toSpool (id: string, entry: Spooled, letter: Letter, room: boolean): Promise<Enqueued> {
    const held = this.#spool.get(id)
    if (held !== undefined && (!entry.replace || (entry.stored.revision ?? 0) < (held.stored.revision ?? 0))) return this.#stored(letter, 'duplicate')
    const recipient = entry.stored.to.toLowerCase()
    if (held === undefined) {
      // A replacement most likely replaces a letter in Redis; if not, the worker still keeps mail/ within the budget.
      if (!room && !entry.replace) return this.#notStored(letter, 'disk-budget', this.#disk?.describe() ?? 'disk-budget')
      const limits = this.#limits()
      if (this.#spool.size >= limits.maxQueued) return this.#notStored(letter, 'queue-full', `the outbox's spool ${this.#spool.dir} already holds ${this.#spool.size} e-mails waiting for Redis`)
      const waiting = this.#spool.heldFor(recipient)
      if (limits.share > 0 && waiting >= limits.share) return this.#notStored(letter, 'recipient-queue', `${waiting} e-mails to ${recipient} are already waiting for Redis (VOICEMAIL_QUEUE_PER_RECIPIENT)`)
    }
    // A replacement moves as one: it replaces the letter if Redis holds it, and is queued if not.
    // The first arrival's token stays, so that a move it half made is not counted twice.
    const kept: Spooled = held === undefined ? entry : { ...entry, token: held.token }
    try {
      await this.#spool.put(id, kept)
    } catch (error) {
      return this.#notStored(letter, 'storage', errorText(error))
    }
    return held === undefined ? 'queued' : 'replaced'
  }

  /** Moves the spool's letters to Redis, each as it would have gone had Redis answered then. */
  #move (): void {
    if (this.#moving !== undefined || this.#closed) return
    this.#moving = (async () => {
      for (const id of this.#spool.ids()) {
        if (this.#closed || this.#client.status !== 'ready') return
        const moved = await this.#one(id, async () => {
          const entry = this.#spool.get(id)
          if (entry === undefined) return true
          if (!await this.#spool.kept(id)) {
            await this.#spool.remove(id)
            this.#options.log.info({ key: entry.stored.key, to: entry.stored.to }, `e-mail to ${entry.stored.to} was removed from ${this.#spool.dir} (npx twimlets outbox drop); not sent`)
            return true
          }
          let outcome
          try {
            // Let in when it came, it is not refused for room now.
            outcome = await bounded(this.#toRedis(id, entry, true), ENQUEUE_MS, 'moving a spooled e-mail')
          } catch (error) {
            this.#options.onRedisError?.()
            this.#options.log.warn({ err: errorText(error), spooled: this.#spool.size }, `spooled e-mails not moved to Redis yet (${errorText(error)})`)
            return false
          }
          if (typeof outcome !== 'string') {
            const { stored } = entry
            this.#notStored({ key: stored.key, to: stored.to, subject: stored.subject, text: stored.raw, caller: entry.caller }, outcome.reason, outcome.message)
          }
          // Dropped while it moved: the operator's command found no job yet, so the job goes here.
          if (outcome === 'queued' && !await this.#spool.kept(id)) await this.#withdraw(id, entry.stored)
          await this.#spool.remove(id)
          return true
        })
        if (!moved) return
      }
      if (this.#spool.size === 0) this.#options.log.info({}, 'every spooled e-mail is in Redis')
    })().catch((error: unknown) => {
      this.#options.log.error({ err: errorText(error) }, `could not move spooled e-mails from ${this.#spool.dir}`)
    }).finally(() => { this.#moving = undefined })
  }

  async #withdraw (id: string, stored: Stored): Promise<void> {
    const about = { key: stored.key, to: stored.to }
    try {
      const job = await bounded(this.#queue.getJob(id), ENQUEUE_MS, 'finding a dropped e-mail')
      // A worker may have taken it at once: what is sent (or being sent) stays sent.
      if (job !== undefined && !await job.isCompleted() && !await job.isActive()) {
        await bounded(job.remove(), ENQUEUE_MS, 'removing a dropped e-mail')
        await this.#letters.release(id)
        this.#options.log.info(about, `e-mail to ${stored.to} was removed from ${this.#spool.dir} (npx twimlets outbox drop) as it moved to Redis; not sent`)
        return
      }
    } catch (error) {
      this.#options.onRedisError?.()
      this.#options.log.warn({ ...about, err: errorText(error) }, `e-mail to ${stored.to} was dropped from ${this.#spool.dir} as it moved to Redis, and could not be taken out of Redis (${errorText(error)}); npx twimlets outbox drop removes it`)
      return
    }
    this.#options.log.warn(about, `e-mail to ${stored.to} was dropped from ${this.#spool.dir} as it moved to Redis, but was already being sent`)
  }

  async #one<T> (id: string, work: () => Promise<T>): Promise<T> {
    const before = this.#busy.get(id) ?? Promise.resolve()
    const result = before.then(work, work)
    const settled = result.catch(() => undefined)
    this.#busy.set(id, settled)
    void settled.then(() => { if (this.#busy.get(id) === settled) this.#busy.delete(id) })
    return await result
  }

  #up (): void {
    if (!this.#reachable) this.#options.log.info({ redis: describeRedisUrl(this.#options.url) }, 'Redis answers')
    this.#reachable = true
    // Spooled first: a replacement spooled here must be in place before a worker sends what it replaces.
    if (this.#spool.size > 0) this.#move()
    this.#readDepth()
  }

  #down (): void {
    if (this.#reachable && !this.#closed) {
      this.#options.log.error({ redis: describeRedisUrl(this.#options.url) }, `Redis does not answer; voicemail e-mail is kept in ${this.#spool.dir} until it does`)
    }
    this.#reachable = false
  }

  #every (ms: number, work: () => void): void {
    this.#timers.push(setInterval(work, ms).unref())
  }

  #readDepth (): void {
    if (this.#client.status !== 'ready') return
    this.#letters.waiting().then((depth) => { this.#depth = depth }, () => { this.#options.onRedisError?.() })
  }

  #sweep (): void {
    if (this.#client.status !== 'ready') return
    this.#letters.sweep().catch(() => { this.#options.onRedisError?.() })
  }

  #startWorker (): void {
    const { retry, log } = this.#options
    const worker = new Worker<JobData>(QUEUE, async (job) => {
      const delivering = this.#deliver(job)
      this.#delivering = delivering.catch(() => {}).finally(() => { this.#delivering = undefined })
      await delivering
    }, {
      connection: this.#workerClient,
      prefix: KEY_PREFIX,
      concurrency: 1,
      lockDuration: this.#options.lockMs ?? LOCK_MS,
      stalledInterval: this.#options.stalledCheckMs ?? STALLED_CHECK_MS,
      maxStalledCount: MAX_STALLS,
      settings: { backoffStrategy: (attemptsMade: number) => retryWait(retry, attemptsMade) }
    })
    worker.on('error', () => { this.#options.onRedisError?.() })
    worker.on('failed', (job, error) => {
      // A job that stalled too often never reached #deliver's own accounting.
      if (job !== undefined && /stalled/i.test(error.message)) {
        log.error({ key: job.data.key, to: job.data.to, err: error.message }, `e-mail to ${job.data.to} set aside: its deliveries kept being cut off`)
        this.#options.onEvent?.('set-aside')
      }
    })
    this.#worker = worker
  }

  async #deliver (job: Job<JobData>): Promise<void> {
    const { transport, log, retry } = this.#options
    const id = job.id ?? ''
    const data = job.data
    // Sent before its replica died, which left the job to finish here: it is not sent again.
    if (isSent(data)) {
      await this.#letters.release(id)
      return
    }
    if (!isStored(data)) {
      await this.#letters.release(id)
      log.error({ id }, 'unreadable e-mail in Redis set aside')
      throw new UnrecoverableError('unreadable letter')
    }
    const about = { key: data.key, to: data.to, subject: data.subject }
    const bytes = blocks(Buffer.byteLength(data.raw))
    let where: string
    let writing = 0
    try {
      if (this.#disk !== undefined) {
        // Let in while there was room, it waits in Redis for room here or a replica that has some.
        if (!await this.#disk.fits(bytes, this.#writing)) throw new Error(this.#disk.describe())
        // Taken before the write, so that a letter arriving meanwhile finds the room gone.
        writing = bytes
        this.#writing += writing
      }
      where = await transport.send({ envelope: data.envelope, raw: data.raw, name: fileName(data, id) })
      this.#disk?.add(writing)
    } catch (error) {
      if (isPermanent(error)) {
        await this.#letters.release(id)
        this.#options.onEvent?.('set-aside')
        log.error({ ...about, err: errorText(error) }, `e-mail to ${data.to} refused by the mail server; set aside in Redis (npx twimlets outbox list)`)
        throw new UnrecoverableError(errorText(error))
      }
      const attempt = job.attemptsMade + 1
      this.#options.onEvent?.('attempt-failed')
      log.warn({ ...about, attempt, retryInMs: retryWait(retry, attempt), err: errorText(error) }, `e-mail to ${data.to} not sent yet via ${transport.description}; will retry`)
      throw error
    } finally {
      this.#writing -= writing
    }
    // The message leaves Redis at once: should this replica die before the job completes, the
    // one that takes it over finds it sent.
    const sent: Sent = { sent: true, key: data.key, to: data.to, subject: data.subject, createdAt: data.createdAt }
    await job.updateData(sent).catch((error: unknown) => {
      log.error({ ...about, err: errorText(error) }, 'could not record a sent e-mail in Redis: it may be sent again')
    })
    await this.#letters.release(id).catch(() => {})
    this.#options.onEvent?.('delivered')
    log.info({ ...about, attempts: job.attemptsMade + 1, where }, `e-mail to ${data.to} delivered via ${transport.description}`)
  }

  /** Stops the worker (a delivery in progress gets a few seconds; another replica finishes it otherwise) and the connections. */
  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    for (const timer of this.#timers) clearInterval(timer)
    // A delivery in progress gets a few seconds to finish and be recorded; cut off, its lock lapses
    // and another replica sends it. BullMQ's own graceful close would wait for Redis, if it is down.
    if (this.#delivering !== undefined) await bounded(this.#delivering, CLOSE_GRACE_MS, 'finishing a delivery').catch(() => {})
    if (this.#worker !== undefined) await bounded(this.#worker.close(true), CLOSE_GRACE_MS, 'closing the worker').catch(() => {})
    await this.#moving
    await bounded(this.#queue.close(), COMMAND_TIMEOUT_MS, 'closing the queue').catch(() => {})
    this.#client.disconnect()
    this.#workerClient.disconnect()
    this.#options.transport.close()
  }
}

export { spoolDirOf } from './spool.js'
