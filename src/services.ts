import { join } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from './config.js'
import { Metrics } from './observability/metrics.js'
import { HoldMusicLibrary, type HoldMusic } from './holdmusic/library.js'
import { Drafts } from './mail/drafts.js'
import type { MailStore } from './mail/outbox.js'
import { isVoicemailDraft, type VoicemailDraft } from './mail/realtime-transcript.js'
import { openOutbox } from './mail/setup.js'

/**
 * What twimlets may use beyond their parameters (mail, listings, ...). Built once per app from
 * the configuration and closed with it; twimlets themselves do no I/O.
 */
export interface Services {
  config: Config
  /** Audio listed from S3 buckets, cached (holdmusic). */
  holdmusic: HoldMusic
  /** Uniform in [0, 1), for shuffling. */
  random: () => number
  /** The time, in milliseconds since the epoch (hours); a simulation sets its own. */
  clock: () => number
  /** Durable e-mail queue (voicemail); only queuing is a twimlet's business, so a simulation can record instead. */
  outbox: Pick<MailStore, 'enqueue'>
  /** The shared outbox's Redis (REDIS_URL), for /readyz; absent without it. */
  redis?: MailStore['redis']
  /** Voicemail that arrives in pieces (recording, real-time transcript), kept durably until its e-mail is whole. */
  drafts: Pick<Drafts<VoicemailDraft>, 'update'>
  /** Counters the operator reads at /metrics. */
  metrics: Metrics
}

/** What a test may put in place of the real thing: only sources of chance and time. */
export interface ServiceOptions {
  random?: (() => number) | undefined
  clock?: (() => number) | undefined
  metrics?: Metrics | undefined
}

export interface ServiceHandle {
  services: Services
  close: () => Promise<void>
}

export async function createServices (config: Config, log: FastifyBaseLogger, options: ServiceOptions = {}): Promise<ServiceHandle> {
  const closers: Array<() => Promise<void>> = []
  const metrics = options.metrics ?? new Metrics()
  const holdmusic = new HoldMusicLibrary({
    endpoint: config.s3Endpoint,
    timeoutMs: config.holdmusicTimeoutMs,
    maxPages: config.holdmusicMaxPages,
    ttlMs: config.holdmusicCacheTtlMs,
    max: config.holdmusicCacheMax,
    maxBytes: config.holdmusicCacheBytes,
    log,
    onLookup: (result) => { metrics.holdmusicCache.inc({ result }) }
  })
  metrics.holdmusicCacheBytes(() => holdmusic.size)
  closers.push(async () => { holdmusic.close() })
  const outbox = await openOutbox(config, log, {
    onEvent: (event) => {
      if (event === 'refused') metrics.mailRefused.inc()
      else if (event === 'attempt-failed' || event === 'set-aside') metrics.mailFailures.inc()
    },
    onNotStored: (reason) => { metrics.mailNotStored.inc({ reason }) },
    onRedisError: () => { metrics.redisErrors.inc() }
  })
  metrics.mailQueueDepth(() => outbox.size)
  closers.push(async () => { await outbox.close() })
  const drafts = await Drafts.open({ dir: join(config.outboxDir, 'drafts'), valid: isVoicemailDraft, log })
  return {
    services: { config, holdmusic, random: options.random ?? Math.random, clock: options.clock ?? Date.now, outbox, redis: outbox.redis?.bind(outbox), drafts, metrics },
    close: async () => { for (const close of closers.reverse()) await close() }
  }
}
