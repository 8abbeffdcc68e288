import { basename, join } from 'node:path'
import { Queue, type Job } from 'bullmq'
import type { Config } from '../config.js'
import { bounded, COMMAND_TIMEOUT_MS, connect, KEY_PREFIX } from '../redis/connection.js'
import { storedSummary, unreadableSummary, type LetterSummary, type OutboxAdmin } from './admin.js'
import { LETTER_ID, removed } from './files.js'
import { isStored, type Stored } from './outbox.js'
import { Letters, QUEUE } from './redis-letters.js'
import { Spool, spoolDirOf, type Spooled } from './spool.js'

/** Letters listed at most: the outbox holds no more than Limits.queuedMail waiting, and set-aside ones are few. */
const LISTED = 20_000
/** An operator's command may wait longer than a call's, but not forever when Redis is gone. */
const ADMIN_MS = 10 * COMMAND_TIMEOUT_MS

const WAITING = ['delayed', 'wait', 'prioritized', 'active'] as const

function summary (job: Job<Partial<Stored>>, state: LetterSummary['state']): LetterSummary {
  const data = job.data
  return {
    id: job.id ?? '',
    key: String(data.key ?? ''),
    to: String(data.to ?? ''),
    subject: String(data.subject ?? ''),
    createdAt: typeof data.createdAt === 'number' ? data.createdAt : job.timestamp,
    state,
    // A delayed job is due at its timestamp plus its delay; one waiting or being sent, now.
    dueAt: state === 'waiting' ? Math.max(job.timestamp + job.delay, Date.now()) : undefined,
    attempts: job.attemptsMade,
    error: job.failedReason === '' ? undefined : job.failedReason
  }
}

/**
 * The operator's hands on the outbox in Redis (REDIS_URL), beside the running replicas: lists
 * the letters waiting and set aside, and those in this machine's spool (OUTBOX_DIR/spool: Redis
 * could not take them when they came), puts a set-aside one back, drops one.
 */
export async function openRedisOutboxAdmin (config: Pick<Config, 'redisUrl' | 'outboxDir'>): Promise<OutboxAdmin> {
  const url = config.redisUrl
  if (url === undefined) throw new Error('REDIS_URL is not set')
  const spoolDir = spoolDirOf(config.outboxDir)
  // Read anew by each action, as it is (the running replica writes to it and moves letters out).
  const spool = async (): Promise<{ spool: Spool, unreadable: string[] }> => {
    const unreadable: string[] = []
    return { spool: await Spool.read(spoolDir, (file) => { unreadable.push(file) }), unreadable }
  }
  const client = connect(url, 'commands')
  const queue = new Queue(QUEUE, { connection: client, prefix: KEY_PREFIX })
  queue.on('error', () => {})
  const letters = new Letters(client)
  const run = async <T> (work: Promise<T>, what: string): Promise<T> => await bounded(work, ADMIN_MS, what)
  const removeJob = async (id: string): Promise<boolean> => {
    const job = await run(queue.getJob(id), 'finding the letter')
    // A sent letter's job is the record that keeps a retried callback from mailing it again.
    if (job === undefined || await run(job.isCompleted(), 'reading its state')) return false
    await run(job.remove(), 'removing it')
    await run(letters.release(id), 'uncounting it')
    return true
  }
  try {
    await run(queue.waitUntilReady(), 'connecting')
  } catch (error) {
    client.disconnect()
    const held = (await spool().catch(() => undefined))?.spool.size ?? 0
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(held === 0 ? message : `${message}; ${held} e-mails wait in ${spoolDir} on this machine until it answers`)
  }
  return {
    async list () {
      const waiting = await run(queue.getJobs([...WAITING], 0, LISTED - 1, true), 'listing letters')
      const failed = await run(queue.getJobs(['failed'], 0, LISTED - 1, true), 'listing letters set aside')
      const { spool: here, unreadable } = await spool()
      // A file that is no letter of ours by its name is not ours to list or drop.
      const torn = unreadable.filter((file) => LETTER_ID.test(basename(file, '.json')))
      return [
        ...waiting.filter((job) => job !== undefined).map((job) => summary(job, 'waiting')),
        ...failed.filter((job) => job !== undefined).map((job) => summary(job, 'set-aside')),
        ...here.ids().map((id) => storedSummary(id, (here.get(id) as Spooled).stored, 'spooled')),
        ...await Promise.all(torn.map(async (file) => await unreadableSummary(basename(file, '.json'), file, 'spooled', `${file} is not a spooled e-mail this service can read`)))
      ]
    },
    async retry (id) {
      const job = await run(queue.getJob(id), 'finding the letter')
      if (job === undefined || !await run(job.isFailed(), 'reading its state')) return false
      await run(job.retry('failed', { resetAttemptsMade: true }), 'putting it back')
      if (isStored(job.data)) await run(letters.track(id, job.data.to.toLowerCase()), 'counting it')
      return true
    },
    async drop (id) {
      if (!LETTER_ID.test(id)) return false
      // A spooled replacement of a letter in Redis goes with it. A replica moving the letter as
      // its file goes finds the file gone after the move, and takes out the job it added.
      const spooled = await removed(join(spoolDir, `${id}.json`))
      return await removeJob(id) || spooled
    },
    async close () {
      await bounded(queue.close(), COMMAND_TIMEOUT_MS, 'closing').catch(() => {})
      client.disconnect()
    }
  }
}
