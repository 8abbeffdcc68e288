import { isIP } from 'node:net'
import { parseCallerId } from './dialing/caller-id.js'
import { languageCode } from './i18n/language-code.js'
import { parseSender } from './mail/address.js'
import { allowEntry } from './mail/policy.js'
import { timeZoneName } from './mail/time-zone.js'
import { countryCode, type CountryCode } from './dialing/phone.js'
import { Limits } from './params/limits.js'

/** Operator settings, read once at start-up by server.ts and handed to the app. */
export interface Config {
  host: string
  port: number
  logLevel: string
  /** Base URL of the S3-compatible service holdmusic lists buckets at; undefined for AWS. */
  s3Endpoint: string | undefined
  /** How long holdmusic may wait for a whole bucket listing. */
  holdmusicTimeoutMs: number
  /** How long a bucket listing is fresh; after that it is served while being refreshed. */
  holdmusicCacheTtlMs: number
  /** How many bucket listings are kept. */
  holdmusicCacheMax: number
  /** How much memory the kept bucket listings may take, in bytes (as estimated). */
  holdmusicCacheBytes: number
  /** How many pages of 1,000 keys are read from one bucket. */
  holdmusicMaxPages: number
  /** SMTP server for voicemail e-mail (smtp:// or smtps://); undefined writes .eml files instead. */
  smtpUrl: string | undefined
  /** The sender of voicemail e-mail: `address` or `Name <address>`. */
  mailFrom: string
  /** Where e-mail waits until it is sent; without SMTP, its mail/ folder receives the .eml files. */
  outboxDir: string
  /**
   * Redis (or Valkey) shared by every replica (redis:// or rediss://, with user and password):
   * the outbox, voicemail drafts and the rate limit live there. Undefined keeps them on this
   * machine (OUTBOX_DIR, memory).
   */
  redisUrl: string | undefined
  /** Who voicemail may e-mail over SMTP: addresses and `@domain`s, as read by allowEntry. */
  voicemailAllowedRecipients: string[]
  /** Wait after a failed delivery, doubled after each further failure up to mailRetryMaxMs. */
  mailRetryMinMs: number
  mailRetryMaxMs: number
  /** How long voicemail waits for Twilio's transcription before e-mailing without it. */
  voicemailTranscriptWaitMs: number
  /** E-mails stored for one recipient per voicemailQuotaWindowMs; 0 sets no limit. */
  voicemailRecipientQuota: number
  /** Messages stored from one calling number per voicemailQuotaWindowMs; 0 sets no limit. */
  voicemailCallerQuota: number
  voicemailQuotaWindowMs: number
  /** E-mails waiting for one recipient at once, its share of the outbox. */
  voicemailQueuePerRecipient: number
  /** Without SMTP: bytes the outbox's mail/ and delivered/ folders may hold. */
  outboxDiskBudgetBytes: number
  /** Twilio auth tokens (several during rotation); when any is set, requests must be signed. */
  authTokens: string[]
  /** The base URL Twilio calls, path prefix included, for checking signatures. */
  publicUrl: string | undefined
  /**
   * The reverse proxies in front: false for none; a number of proxies (true is one); or their
   * addresses and CIDR ranges. They are believed for X-Forwarded-For, -Proto and -Host.
   */
  trustProxy: boolean | number | string[]
  /** Unsigned requests to twimlets one client address may make per minute; 0 turns this limit off. */
  rateLimitPerMinute: number
  /** Requests to /api/* one client address may make per minute; 0 turns this limit off. */
  apiRateLimitPerMinute: number
  /** Simulations /api/simulate runs at once; more wait their turn, a few of them. */
  simulateConcurrency: number
  /** How long a client may take to send a whole request, headers and body. */
  requestTimeoutMs: number
  /** How long a kept-alive connection may stay idle between requests. */
  keepAliveTimeoutMs: number
  /** Connections open at once; past it new ones are closed at once, logged and counted. */
  maxConnections: number
  /** How long requests in flight may take to finish at shutdown. */
  shutdownGraceMs: number
  /** Memory for answers of pure twimlets given again to identical requests; 0 turns it off. */
  responseCacheBytes: number
  /** The Language of URLs that give none: every <Say> and the service's own sentences. */
  defaultLanguage: string | undefined
  /** The country of numbers typed in national form, for URLs without a Region; none dials them as typed. */
  defaultRegion: CountryCode | undefined
  /** The CallerId of URLs that give none: `called`, `caller`, or a number (E.164) or client:name. */
  defaultCallerId: string | undefined
  /** Language of voicemail e-mail, its dates and country names (BCP 47). */
  mailLocale: string
  /** IANA time zone of the times in voicemail e-mail; undefined for the server's own. */
  mailTimeZone: string | undefined
  /** IANA time zone of hours URLs without a TimeZone; undefined: the region's zone, else UTC. */
  defaultTimeZone: string | undefined
}

export const DEFAULTS: Config = {
  host: '127.0.0.1',
  port: 3000,
  logLevel: 'info',
  s3Endpoint: undefined,
  holdmusicTimeoutMs: 2000,
  holdmusicCacheTtlMs: 10 * 60 * 1000,
  holdmusicCacheMax: 100,
  holdmusicCacheBytes: 32 * 1024 * 1024,
  holdmusicMaxPages: 10,
  smtpUrl: undefined,
  mailFrom: 'Twimlets voicemail <voicemail@localhost>',
  outboxDir: './outbox',
  redisUrl: undefined,
  voicemailAllowedRecipients: [],
  mailRetryMinMs: 5000,
  mailRetryMaxMs: 5 * 60 * 1000,
  voicemailTranscriptWaitMs: 10 * 60 * 1000,
  voicemailRecipientQuota: 100,
  voicemailCallerQuota: 10,
  voicemailQuotaWindowMs: 60 * 60 * 1000,
  voicemailQueuePerRecipient: 1000,
  outboxDiskBudgetBytes: 256 * 1024 * 1024,
  authTokens: [],
  publicUrl: undefined,
  trustProxy: false,
  rateLimitPerMinute: 0,
  apiRateLimitPerMinute: 300,
  simulateConcurrency: 2,
  requestTimeoutMs: 5000,
  keepAliveTimeoutMs: 5000,
  maxConnections: 800,
  shutdownGraceMs: 10_000,
  responseCacheBytes: 8 * 1024 * 1024,
  defaultLanguage: undefined,
  defaultRegion: undefined,
  defaultCallerId: undefined,
  mailLocale: 'en-US',
  mailTimeZone: undefined,
  defaultTimeZone: undefined
}

const HOLDMUSIC_LIMITS = {
  HOLDMUSIC_TIMEOUT_MS: { min: 100, max: 10_000 },
  HOLDMUSIC_CACHE_TTL_MS: { min: 1000, max: 7 * 24 * 60 * 60 * 1000 },
  HOLDMUSIC_CACHE_MAX: { min: 1, max: 100_000 },
  // The largest listing kept (1,000 URLs of up to 2,048 characters) must fit.
  HOLDMUSIC_CACHE_BYTES: { min: 4 * 1024 * 1024, max: 1024 * 1024 * 1024 },
  HOLDMUSIC_MAX_PAGES: { min: 1, max: 100 }
} as const

const MAIL_LIMITS = {
  MAIL_RETRY_MIN_MS: { min: 10, max: 60 * 60 * 1000 },
  MAIL_RETRY_MAX_MS: { min: 10, max: 24 * 60 * 60 * 1000 },
  VOICEMAIL_TRANSCRIPT_WAIT_MS: { min: 1000, max: 24 * 60 * 60 * 1000 },
  VOICEMAIL_RECIPIENT_QUOTA: { min: 0, max: 1_000_000 },
  VOICEMAIL_CALLER_QUOTA: { min: 0, max: 1_000_000 },
  VOICEMAIL_QUOTA_WINDOW_MS: { min: 1000, max: 7 * 24 * 60 * 60 * 1000 },
  // Below the outbox's whole capacity, so that one recipient can never fill it.
  VOICEMAIL_QUEUE_PER_RECIPIENT: { min: 1, max: Limits.queuedMail / 2 },
  OUTBOX_DISK_BUDGET_BYTES: { min: 1024 * 1024, max: 8 * 1024 * 1024 * 1024 }
} as const

const SERVICE_LIMITS = {
  RATE_LIMIT_PER_MINUTE: { min: 0, max: 1_000_000 },
  API_RATE_LIMIT_PER_MINUTE: { min: 0, max: 1_000_000 },
  SIMULATE_CONCURRENCY: { min: 1, max: 64 },
  REQUEST_TIMEOUT_MS: { min: 100, max: 120_000 },
  KEEP_ALIVE_TIMEOUT_MS: { min: 100, max: 10 * 60 * 1000 },
  MAX_CONNECTIONS: { min: 1, max: 1_000_000 },
  SHUTDOWN_GRACE_MS: { min: 0, max: 10 * 60 * 1000 },
  RESPONSE_CACHE_BYTES: { min: 0, max: 1024 * 1024 * 1024 }
} as const

const NUMBER_LIMITS = { ...HOLDMUSIC_LIMITS, ...MAIL_LIMITS, ...SERVICE_LIMITS }

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])

export class ConfigError extends Error {
  constructor (readonly setting: string, detail: string) {
    super(`${setting}: ${detail}`)
    this.name = 'ConfigError'
  }
}

function wholeNumber (env: Record<string, string | undefined>, name: keyof typeof NUMBER_LIMITS, fallback: number): number {
  const text = env[name]
  if (text === undefined || text === '') return fallback
  const { min, max } = NUMBER_LIMITS[name]
  if (!/^\d{1,10}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ConfigError(name, `"${text}" is not a whole number from ${min} to ${max}`)
  }
  return Number(text)
}

/** An http(s) base URL without credentials, query or fragment, ending in "/". */
/** An http(s) URL with no query or fragment, as a base for other URLs; `setting` names it. */
function httpBase (setting: string, text: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new ConfigError(setting, `"${text}" is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(setting, `"${text}" is not an http(s) URL`)
  if (url.search !== '' || url.hash !== '') throw new ConfigError(setting, `"${text}" must not have a query or fragment`)
  return url
}

function s3Endpoint (text: string): string {
  const url = httpBase('S3_ENDPOINT', text)
  if (url.username !== '' || url.password !== '') throw new ConfigError('S3_ENDPOINT', 'must not carry credentials: buckets are read anonymously')
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`
  return url.href
}

/** A server's URL with one of `schemes` and a host; it may carry a password, which no message repeats. */
function serverUrl (setting: string, text: string, schemes: readonly string[], usage: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new ConfigError(setting, `is not a URL (${usage})`)
  }
  if (!schemes.includes(url.protocol)) throw new ConfigError(setting, `has scheme "${url.protocol}" (${usage})`)
  if (url.hostname === '') throw new ConfigError(setting, `names no host (${usage})`)
  return url
}

function smtpUrl (text: string): string {
  serverUrl('SMTP_URL', text, ['smtp:', 'smtps:'], 'expected smtp://user:password@host:port or smtps://…')
  return text
}

function redisUrl (text: string): string {
  const usage = 'expected redis://user:password@host:6379/0 or rediss://… for TLS'
  const url = serverUrl('REDIS_URL', text, ['redis:', 'rediss:'], usage)
  if (!/^(\/\d{0,2})?$/.test(url.pathname)) throw new ConfigError('REDIS_URL', `has path "${url.pathname}": only a database number may follow the host (${usage})`)
  return text
}

function readMailConfig (env: Record<string, string | undefined>, config: Config): Config {
  if (env.SMTP_URL !== undefined && env.SMTP_URL !== '') config.smtpUrl = smtpUrl(env.SMTP_URL)
  if (env.MAIL_FROM !== undefined && env.MAIL_FROM !== '') {
    if (parseSender(env.MAIL_FROM) === undefined) throw new ConfigError('MAIL_FROM', `"${env.MAIL_FROM}" is not an address or "Name <address>"`)
    config.mailFrom = env.MAIL_FROM
  } else if (config.smtpUrl !== undefined) {
    throw new ConfigError('MAIL_FROM', 'is required with SMTP_URL: the address voicemail e-mail is sent from')
  }
  if (env.OUTBOX_DIR !== undefined && env.OUTBOX_DIR !== '') config.outboxDir = env.OUTBOX_DIR
  if (env.REDIS_URL !== undefined && env.REDIS_URL !== '') config.redisUrl = redisUrl(env.REDIS_URL)
  const typed = (env.VOICEMAIL_ALLOWED_RECIPIENTS ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')
  config.voicemailAllowedRecipients = typed.map((entry) => {
    const allowed = allowEntry(entry)
    if (allowed === undefined) throw new ConfigError('VOICEMAIL_ALLOWED_RECIPIENTS', `"${entry}" is neither an address nor @domain`)
    return allowed
  })
  config.mailRetryMinMs = wholeNumber(env, 'MAIL_RETRY_MIN_MS', config.mailRetryMinMs)
  config.mailRetryMaxMs = wholeNumber(env, 'MAIL_RETRY_MAX_MS', config.mailRetryMaxMs)
  if (config.mailRetryMaxMs < config.mailRetryMinMs) {
    throw new ConfigError('MAIL_RETRY_MAX_MS', `${config.mailRetryMaxMs} is less than MAIL_RETRY_MIN_MS (${config.mailRetryMinMs})`)
  }
  config.voicemailTranscriptWaitMs = wholeNumber(env, 'VOICEMAIL_TRANSCRIPT_WAIT_MS', config.voicemailTranscriptWaitMs)
  config.voicemailRecipientQuota = wholeNumber(env, 'VOICEMAIL_RECIPIENT_QUOTA', config.voicemailRecipientQuota)
  config.voicemailCallerQuota = wholeNumber(env, 'VOICEMAIL_CALLER_QUOTA', config.voicemailCallerQuota)
  config.voicemailQuotaWindowMs = wholeNumber(env, 'VOICEMAIL_QUOTA_WINDOW_MS', config.voicemailQuotaWindowMs)
  config.voicemailQueuePerRecipient = wholeNumber(env, 'VOICEMAIL_QUEUE_PER_RECIPIENT', config.voicemailQueuePerRecipient)
  config.outboxDiskBudgetBytes = wholeNumber(env, 'OUTBOX_DISK_BUDGET_BYTES', config.outboxDiskBudgetBytes)
  return config
}

function publicUrl (text: string): string {
  const url = httpBase('PUBLIC_URL', text)
  if (url.username !== '') throw new ConfigError('PUBLIC_URL', `"${text}" must be a base URL, without credentials`)
  // Kept as typed, less a trailing slash: Twilio signs the URL exactly as configured.
  return text.replace(/\/+$/, '')
}

/** `true`, `false`, a number of proxies, or the proxies' addresses and CIDR ranges, comma-separated. */
function trustProxy (text: string): Config['trustProxy'] {
  const typed = text.trim().toLowerCase()
  if (typed === '' || typed === 'false' || typed === '0') return false
  if (typed === 'true') return true
  if (/^\d{1,2}$/.test(typed)) return Number(typed)
  const entries = typed.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')
  for (const entry of entries) {
    const [address = '', bits, ...rest] = entry.split('/')
    const family = isIP(address)
    const width = family === 4 ? 32 : 128
    if (family === 0 || rest.length > 0 || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= width))) {
      throw new ConfigError('TRUST_PROXY', `"${entry}" is not true, false, a number of proxies, or an IP address or CIDR range`)
    }
  }
  return entries
}

/** Below the open-files limit: the rest is kept for the outbox's files, logs and outgoing connections. */
export function connectionsFor (openFiles: number): number {
  return Math.max(1, Math.min(10_000, Math.floor(openFiles * 0.8)))
}

function readConnectionConfig (env: Record<string, string | undefined>, config: Config, openFiles: number | undefined): Config {
  config.requestTimeoutMs = wholeNumber(env, 'REQUEST_TIMEOUT_MS', config.requestTimeoutMs)
  config.keepAliveTimeoutMs = wholeNumber(env, 'KEEP_ALIVE_TIMEOUT_MS', config.keepAliveTimeoutMs)
  const fitting = openFiles === undefined ? config.maxConnections : connectionsFor(openFiles)
  config.maxConnections = wholeNumber(env, 'MAX_CONNECTIONS', fitting)
  if (openFiles !== undefined && config.maxConnections >= openFiles) {
    throw new ConfigError('MAX_CONNECTIONS', `${config.maxConnections} is not below the open-files limit (ulimit -n: ${openFiles}); at most ${fitting} leaves room for the outbox and outgoing connections`)
  }
  config.apiRateLimitPerMinute = wholeNumber(env, 'API_RATE_LIMIT_PER_MINUTE', config.apiRateLimitPerMinute)
  config.simulateConcurrency = wholeNumber(env, 'SIMULATE_CONCURRENCY', config.simulateConcurrency)
  return config
}

function readSecurityConfig (env: Record<string, string | undefined>, config: Config): Config {
  // The token never appears in a message.
  config.authTokens = (env.TWILIO_AUTH_TOKEN ?? '').split(',').map((token) => token.trim()).filter((token) => token !== '')
  if (config.authTokens.some((token) => !/^[\x21-\x7e]{8,}$/.test(token))) {
    throw new ConfigError('TWILIO_AUTH_TOKEN', 'each token (comma-separated) must be at least 8 visible characters')
  }
  if (env.PUBLIC_URL !== undefined && env.PUBLIC_URL !== '') config.publicUrl = publicUrl(env.PUBLIC_URL)
  config.trustProxy = trustProxy(env.TRUST_PROXY ?? '')
  config.rateLimitPerMinute = wholeNumber(env, 'RATE_LIMIT_PER_MINUTE', config.rateLimitPerMinute)
  config.shutdownGraceMs = wholeNumber(env, 'SHUTDOWN_GRACE_MS', config.shutdownGraceMs)
  config.responseCacheBytes = wholeNumber(env, 'RESPONSE_CACHE_BYTES', config.responseCacheBytes)
  return config
}

function mailLocale (text: string): string {
  let locale: string | undefined
  try {
    locale = Intl.getCanonicalLocales(text)[0]
  } catch {}
  if (locale === undefined || Intl.DateTimeFormat.supportedLocalesOf([locale]).length === 0) {
    throw new ConfigError('MAIL_LOCALE', `"${text}" is not a language tag this Node.js can format dates in, such as en-US or ja-JP`)
  }
  return locale
}

function timeZone (setting: string, text: string): string {
  const zone = timeZoneName(text)
  if (zone === undefined) throw new ConfigError(setting, `"${text}" is not an IANA time zone, such as Asia/Tokyo or America/New_York`)
  return zone
}

function readLocaleConfig (env: Record<string, string | undefined>, config: Config): Config {
  const set = (name: string): string | undefined => env[name] === undefined || env[name] === '' ? undefined : env[name]?.trim()
  const language = set('DEFAULT_LANGUAGE')
  if (language !== undefined) {
    config.defaultLanguage = languageCode(language)
    if (config.defaultLanguage === undefined) throw new ConfigError('DEFAULT_LANGUAGE', `"${language}" is not a Twilio language code, such as ja-JP or en-GB`)
  }
  const region = set('DEFAULT_REGION')
  if (region !== undefined) {
    config.defaultRegion = countryCode(region)
    if (config.defaultRegion === undefined) throw new ConfigError('DEFAULT_REGION', `"${region}" is not a two-letter country code, such as JP or US`)
  }
  const callerId = set('DEFAULT_CALLER_ID')
  if (callerId !== undefined) {
    const setting = parseCallerId(callerId, config.defaultRegion)
    if (setting.kind === 'invalid') throw new ConfigError('DEFAULT_CALLER_ID', `"${callerId}" ${setting.reason}`)
    config.defaultCallerId = setting.kind === 'fixed' ? setting.value : setting.kind
  }
  const locale = set('MAIL_LOCALE')
  if (locale !== undefined) config.mailLocale = mailLocale(locale)
  const zone = set('MAIL_TIME_ZONE')
  if (zone !== undefined) config.mailTimeZone = timeZone('MAIL_TIME_ZONE', zone)
  const hoursZone = set('DEFAULT_TIME_ZONE')
  if (hoursZone !== undefined) config.defaultTimeZone = timeZone('DEFAULT_TIME_ZONE', hoursZone)
  return config
}

export interface Machine {
  /** The process's open-files limit (`ulimit -n`), when known: connections are capped below it. */
  openFiles?: number
}

/** Builds the configuration from environment variables, refusing anything unusable. */
export function readConfig (env: Record<string, string | undefined>, machine: Machine = {}): Config {
  const config = { ...DEFAULTS }
  if (env.HOST !== undefined && env.HOST !== '') config.host = env.HOST
  if (env.PORT !== undefined && env.PORT !== '') {
    if (!/^\d{1,5}$/.test(env.PORT) || Number(env.PORT) > 65535) throw new ConfigError('PORT', `"${env.PORT}" is not a port number (0–65535)`)
    config.port = Number(env.PORT)
  }
  if (env.LOG_LEVEL !== undefined && env.LOG_LEVEL !== '') {
    if (!LOG_LEVELS.has(env.LOG_LEVEL)) throw new ConfigError('LOG_LEVEL', `"${env.LOG_LEVEL}" is not one of ${[...LOG_LEVELS].join(', ')}`)
    config.logLevel = env.LOG_LEVEL
  }
  if (env.S3_ENDPOINT !== undefined && env.S3_ENDPOINT !== '') config.s3Endpoint = s3Endpoint(env.S3_ENDPOINT)
  config.holdmusicTimeoutMs = wholeNumber(env, 'HOLDMUSIC_TIMEOUT_MS', config.holdmusicTimeoutMs)
  config.holdmusicCacheTtlMs = wholeNumber(env, 'HOLDMUSIC_CACHE_TTL_MS', config.holdmusicCacheTtlMs)
  config.holdmusicCacheMax = wholeNumber(env, 'HOLDMUSIC_CACHE_MAX', config.holdmusicCacheMax)
  config.holdmusicCacheBytes = wholeNumber(env, 'HOLDMUSIC_CACHE_BYTES', config.holdmusicCacheBytes)
  config.holdmusicMaxPages = wholeNumber(env, 'HOLDMUSIC_MAX_PAGES', config.holdmusicMaxPages)
  return readConnectionConfig(env, readLocaleConfig(env, readSecurityConfig(env, readMailConfig(env, config))), machine.openFiles)
}
