import { Counter, Gauge, Histogram, Registry, type Count, type Observe } from './prometheus.js'

const DIAL_STATUSES = new Set(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'])

/**
 * The service's Prometheus metrics. Each app has its own registry, so several apps in one
 * process (tests) never mix their counts.
 */
export class Metrics {
  readonly registry = new Registry()
  readonly requests = this.registry.add(new Counter({
    name: 'twimlets_requests_total',
    help: 'Requests answered, by twimlet, stage of the call and HTTP status',
    labelNames: ['twimlet', 'stage', 'status']
  }))

  readonly duration = this.registry.add(new Histogram({
    name: 'twimlets_request_duration_seconds',
    help: 'Time to answer a request, by twimlet',
    labelNames: ['twimlet'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
  }))

  readonly dialOutcomes = this.registry.add(new Counter({
    name: 'twimlets_dial_outcomes_total',
    help: 'DialCallStatus reported by Twilio when a <Dial> ended, by twimlet',
    labelNames: ['twimlet', 'status']
  }))

  readonly signatureFailures = this.registry.add(new Counter({
    name: 'twimlets_signature_failures_total',
    help: 'Requests refused because they were not signed by the operator\'s Twilio account'
  }))

  readonly connectionsDropped = this.registry.add(new Counter({
    name: 'twimlets_connections_dropped_total',
    help: 'Connections closed on arrival because MAX_CONNECTIONS connections were open'
  }))

  readonly rateLimited = this.registry.add(new Counter({
    name: 'twimlets_rate_limited_total',
    help: 'Requests refused with 429, by limit: twimlets (unsigned requests) or api',
    labelNames: ['limit']
  }))

  readonly mailFailures = this.registry.add(new Counter({
    name: 'twimlets_mail_failures_total',
    help: 'Attempts to deliver a voicemail e-mail that failed (each is retried)'
  }))

  readonly mailRefused = this.registry.add(new Counter({
    name: 'twimlets_mail_refused_total',
    help: 'Voicemail e-mails not sent because the recipient is not allowed'
  }))

  readonly mailNotStored = this.registry.add(new Counter({
    name: 'twimlets_mail_not_stored_total',
    help: 'Voicemail e-mails that could not be stored, by reason (recipient-quota, caller-quota, recipient-queue, queue-full, disk-budget, storage)',
    labelNames: ['reason']
  }))

  readonly redisErrors = this.registry.add(new Counter({
    name: 'twimlets_redis_errors_total',
    help: 'Redis commands that failed or timed out, and connections to REDIS_URL that failed or broke'
  }))

  readonly holdmusicCache = this.registry.add(new Counter({
    name: 'twimlets_holdmusic_cache_total',
    help: 'Hold music bucket listings asked of the cache, by result (hit, stale, miss, busy)',
    labelNames: ['result']
  }))

  readonly responseCache = this.registry.add(new Counter({
    name: 'twimlets_response_cache_total',
    help: 'Answers of pure twimlets found in the response cache (hit) or computed (miss)',
    labelNames: ['result']
  }))

  readonly responseCacheHit = this.responseCache.labels({ result: 'hit' })
  readonly responseCacheMiss = this.responseCache.labels({ result: 'miss' })

  /** Reads the e-mail queue's depth whenever metrics are scraped. */
  mailQueueDepth (read: () => number): void {
    this.registry.add(new Gauge({ name: 'twimlets_mail_queue_depth', help: 'Voicemail e-mails waiting to be delivered', read }))
  }

  /** Reads the estimated bytes of the hold-music listings kept whenever metrics are scraped. */
  holdmusicCacheBytes (read: () => number): void {
    this.registry.add(new Gauge({ name: 'twimlets_holdmusic_cache_bytes', help: 'Estimated memory taken by the hold music bucket listings kept', read }))
  }

  readonly #answered = new Map<string, { count: Count, time: Observe }>()

  /** One answered request. The labelled series are looked up once, not on every request. */
  answered (twimlet: string, stage: string, status: number, seconds: number): void {
    const key = `${twimlet} ${stage} ${status}`
    let series = this.#answered.get(key)
    if (series === undefined) {
      series = { count: this.requests.labels({ twimlet, stage, status: String(status) }), time: this.duration.labels({ twimlet }) }
      this.#answered.set(key, series)
    }
    series.count.inc()
    series.time.observe(seconds)
  }

  readonly #dialOutcomes = new Map<string, Count>()

  dialOutcome (twimlet: string, status: string): void {
    const known = DIAL_STATUSES.has(status) ? status : 'other'
    const key = `${twimlet} ${known}`
    let series = this.#dialOutcomes.get(key)
    if (series === undefined) {
      series = this.dialOutcomes.labels({ twimlet, status: known })
      this.#dialOutcomes.set(key, series)
    }
    series.inc()
  }
}
