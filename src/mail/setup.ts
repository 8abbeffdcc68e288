import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Config } from '../config.js'
import { parseSender } from './address.js'
import { Outbox, type MailLog, type MailStore, type OutboxOptions } from './outbox.js'
import { spoolDirOf } from './spool.js'
import { fileTransport, smtpTransport, type Transport } from './transport.js'

function transportFor (config: Config, mailDir: string): Transport {
  return config.smtpUrl === undefined ? fileTransport(mailDir) : smtpTransport(config.smtpUrl)
}

/**
 * BullMQ and ioredis take a few hundred milliseconds to load, which must not hold up the first
 * calls after a start (docs/PERFORMANCE.md, "Start-up"): they are loaded this long after the
 * service starts, or with the first voicemail if it comes sooner.
 */
export const REDIS_LOAD_DELAY_MS = 1000

/** A store opened on first use, or after REDIS_LOAD_DELAY_MS. */
function deferred (open: () => Promise<MailStore>): MailStore {
  let opening: Promise<MailStore> | undefined
  let opened: MailStore | undefined
  let closed = false
  const get = async (): Promise<MailStore> => {
    opening ??= open().then((store) => { opened = store; return store })
    return await opening
  }
  const timer = setTimeout(() => { if (!closed) get().catch(() => {}) }, REDIS_LOAD_DELAY_MS).unref()
  return {
    enqueue: async (letter) => await (await get()).enqueue(letter),
    get size () { return opened?.size ?? 0 },
    redis: async () => await (opened?.redis?.() ?? Promise.resolve({ reachable: false, spooled: 0 })),
    close: async () => {
      closed = true
      clearTimeout(timer)
      await (opening === undefined ? undefined : (await opening).close())
    }
  }
}

export interface StoreEvents extends Pick<OutboxOptions, 'onEvent' | 'onNotStored'> {
  /** A failed Redis command or connection (REDIS_URL only). */
  onRedisError?: (() => void) | undefined
}

/**
 * The outbox the configuration asks for, with a start-up line saying where mail goes: shared
 * in Redis when REDIS_URL is set (BullMQ and ioredis are loaded only then), else OUTBOX_DIR.
 */
export async function openOutbox (config: Config, log: MailLog, events: StoreEvents = {}): Promise<MailStore> {
  const from = parseSender(config.mailFrom)
  if (from === undefined) throw new Error(`mailFrom: "${config.mailFrom}" is not an address or "Name <address>"`)
  const mailDir = join(config.outboxDir, 'mail')
  const transport = transportFor(config, mailDir)
  log.info({ transport: transport.description, outbox: config.outboxDir }, `voicemail e-mail goes to ${transport.description}`)
  const signed = config.authTokens.length > 0
  if (transport.external && !signed && config.voicemailAllowedRecipients.length === 0) {
    log.warn({ setting: 'VOICEMAIL_ALLOWED_RECIPIENTS' },
      'SMTP_URL is set but neither VOICEMAIL_ALLOWED_RECIPIENTS nor TWILIO_AUTH_TOKEN: every voicemail e-mail will be refused; list the addresses or @domains voicemail may write to')
  }
  const { onRedisError, ...outboxEvents } = events
  // Over SMTP, mail leaves the machine; without, every message written stays in mail/.
  const budget = (dirs: string[]): OutboxOptions['disk'] => transport.external ? undefined : { bytes: config.outboxDiskBudgetBytes, dirs }
  const common = {
    transport,
    from,
    allowed: config.voicemailAllowedRecipients,
    signed,
    retry: { minMs: config.mailRetryMinMs, maxMs: config.mailRetryMaxMs },
    log,
    quotas: {
      windowMs: config.voicemailQuotaWindowMs,
      perRecipient: config.voicemailRecipientQuota,
      perCaller: config.voicemailCallerQuota,
      queuedPerRecipient: config.voicemailQueuePerRecipient
    },
    ...outboxEvents
  }
  const redisUrl = config.redisUrl
  if (redisUrl !== undefined) {
    const spoolDir = spoolDirOf(config.outboxDir)
    // Made now: /readyz asks for it, and finding out that it cannot be written beats finding out when Redis is down.
    await mkdir(spoolDir, { recursive: true }).catch((error: unknown) => {
      log.error({ err: error instanceof Error ? error.message : String(error), dir: spoolDir }, `spool folder ${spoolDir} cannot be made; while Redis is down, voicemail e-mail will only be logged`)
    })
    return deferred(async () => {
      const { RedisOutbox } = await import('./redis-outbox.js')
      // Sent keys are kept in Redis, so only mail/ is on this machine's disk.
      return await RedisOutbox.open({ ...common, url: redisUrl, spoolDir, onRedisError, disk: budget([mailDir]) })
    })
  }
  return await Outbox.open({
    ...common,
    dir: config.outboxDir,
    disk: budget([mailDir, join(config.outboxDir, 'delivered')])
  })
}
