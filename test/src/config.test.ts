import t from 'tap'
import { ConfigError, DEFAULTS, readConfig } from '../../src/config.js'

t.test('defaults with an empty environment', async (t) => {
  t.same(readConfig({}), DEFAULTS)
  t.equal(DEFAULTS.host, '127.0.0.1')
  t.equal(DEFAULTS.port, 3000)
})

t.test('HOST, PORT and LOG_LEVEL', async (t) => {
  t.match(readConfig({ HOST: '0.0.0.0', PORT: '8080', LOG_LEVEL: 'warn' }), { host: '0.0.0.0', port: 8080, logLevel: 'warn' })
})

t.test('unusable settings are refused with the setting named', async (t) => {
  t.throws(() => readConfig({ PORT: 'eighty' }), new ConfigError('PORT', '"eighty" is not a port number (0–65535)'))
  t.throws(() => readConfig({ PORT: '70000' }), { name: 'ConfigError', message: /^PORT: / })
  t.throws(() => readConfig({ LOG_LEVEL: 'loud' }), { name: 'ConfigError', message: /^LOG_LEVEL: / })
})

t.test('mail settings', async (t) => {
  t.match(readConfig({}), { smtpUrl: undefined, outboxDir: './outbox', voicemailAllowedRecipients: [] })
  t.match(readConfig({
    SMTP_URL: 'smtp://user:pw@mail.example:587',
    MAIL_FROM: 'Office <voicemail@example.com>',
    OUTBOX_DIR: '/var/spool/twimlets',
    VOICEMAIL_ALLOWED_RECIPIENTS: ' Boss@Example.com, @Corp.Example ,',
    MAIL_RETRY_MIN_MS: '1000',
    MAIL_RETRY_MAX_MS: '60000',
    VOICEMAIL_TRANSCRIPT_WAIT_MS: '300000'
  }), {
    smtpUrl: 'smtp://user:pw@mail.example:587',
    mailFrom: 'Office <voicemail@example.com>',
    outboxDir: '/var/spool/twimlets',
    voicemailAllowedRecipients: ['boss@example.com', '@corp.example'],
    mailRetryMinMs: 1000,
    mailRetryMaxMs: 60000,
    voicemailTranscriptWaitMs: 300000
  })
})

t.test('voicemail limits: quotas, a recipient\'s share of the queue, the file outbox\'s disk budget', async (t) => {
  t.match(readConfig({}), {
    voicemailRecipientQuota: 100, voicemailCallerQuota: 10, voicemailQuotaWindowMs: 3_600_000, voicemailQueuePerRecipient: 1000, outboxDiskBudgetBytes: 256 * 1024 * 1024
  })
  t.match(readConfig({
    VOICEMAIL_RECIPIENT_QUOTA: '0',
    VOICEMAIL_CALLER_QUOTA: '3',
    VOICEMAIL_QUOTA_WINDOW_MS: '600000',
    VOICEMAIL_QUEUE_PER_RECIPIENT: '50',
    OUTBOX_DISK_BUDGET_BYTES: '1073741824'
  }), { voicemailRecipientQuota: 0, voicemailCallerQuota: 3, voicemailQuotaWindowMs: 600_000, voicemailQueuePerRecipient: 50, outboxDiskBudgetBytes: 1024 ** 3 })
  t.throws(() => readConfig({ VOICEMAIL_QUEUE_PER_RECIPIENT: '10000' }), new ConfigError('VOICEMAIL_QUEUE_PER_RECIPIENT', '"10000" is not a whole number from 1 to 5000'), 'below the whole outbox')
  t.throws(() => readConfig({ VOICEMAIL_QUEUE_PER_RECIPIENT: '0' }), { message: /^VOICEMAIL_QUEUE_PER_RECIPIENT: / })
  t.throws(() => readConfig({ OUTBOX_DISK_BUDGET_BYTES: '1000' }), { message: /^OUTBOX_DISK_BUDGET_BYTES: "1000" is not a whole number from 1048576 to 8589934592/ })
  t.throws(() => readConfig({ VOICEMAIL_CALLER_QUOTA: 'ten' }), { message: /^VOICEMAIL_CALLER_QUOTA: / })
  t.throws(() => readConfig({ VOICEMAIL_QUOTA_WINDOW_MS: '10' }), { message: /^VOICEMAIL_QUOTA_WINDOW_MS: / })
})

t.test('unusable mail settings are refused, naming the setting and never the password', async (t) => {
  const smtp = { SMTP_URL: 'smtp://mail.example', MAIL_FROM: 'voicemail@example.com' }
  t.throws(() => readConfig({ SMTP_URL: 'http://user:s3cret@mail.example' }), { message: /^SMTP_URL: has scheme "http:"/ })
  t.throws(() => readConfig({ SMTP_URL: 'smtp://user:s3cret@' }), { message: /^SMTP_URL: (?!.*s3cret)/ })
  t.throws(() => readConfig({ SMTP_URL: 'user s3cret at mail.example' }), { message: /^SMTP_URL: is not a URL(?!.*s3cret)/ })
  t.throws(() => readConfig({ SMTP_URL: 'smtp://mail.example' }), new ConfigError('MAIL_FROM', 'is required with SMTP_URL: the address voicemail e-mail is sent from'))
  t.throws(() => readConfig({ ...smtp, MAIL_FROM: 'voicemail' }), { message: /^MAIL_FROM: "voicemail" is not an address/ })
  t.throws(() => readConfig({ ...smtp, VOICEMAIL_ALLOWED_RECIPIENTS: 'boss@example.com, corp.example' }),
    new ConfigError('VOICEMAIL_ALLOWED_RECIPIENTS', '"corp.example" is neither an address nor @domain'))
  t.throws(() => readConfig({ MAIL_RETRY_MIN_MS: 'soon' }), { message: /^MAIL_RETRY_MIN_MS: / })
  t.throws(() => readConfig({ MAIL_RETRY_MIN_MS: '5000', MAIL_RETRY_MAX_MS: '1000' }), { message: /^MAIL_RETRY_MAX_MS: 1000 is less than MAIL_RETRY_MIN_MS/ })
  t.throws(() => readConfig({ VOICEMAIL_TRANSCRIPT_WAIT_MS: '10' }), { message: /^VOICEMAIL_TRANSCRIPT_WAIT_MS: / })
})

t.test('REDIS_URL names a Redis server, and an unusable one is refused without its password', async (t) => {
  t.equal(readConfig({}).redisUrl, undefined, 'none: the outbox stays in OUTBOX_DIR')
  t.equal(readConfig({ REDIS_URL: 'redis://default:s3cret@redis.internal:6379/2' }).redisUrl, 'redis://default:s3cret@redis.internal:6379/2')
  t.equal(readConfig({ REDIS_URL: 'rediss://cache.example.com' }).redisUrl, 'rediss://cache.example.com')
  t.throws(() => readConfig({ REDIS_URL: 'http://user:s3cret@redis.internal' }), { message: /^REDIS_URL: has scheme "http:"(?!.*s3cret)/ })
  t.throws(() => readConfig({ REDIS_URL: 'redis://user:s3cret@' }), { message: /^REDIS_URL: (?!.*s3cret)/ })
  t.throws(() => readConfig({ REDIS_URL: 'redis.internal:6379' }), { message: /^REDIS_URL: / })
  t.throws(() => readConfig({ REDIS_URL: 'redis://redis.internal/queue' }), { message: /^REDIS_URL: has path "\/queue"/ })
})

t.test('holdmusic settings', async (t) => {
  t.match(readConfig({}), { s3Endpoint: undefined, holdmusicTimeoutMs: 2000, holdmusicCacheTtlMs: 600_000, holdmusicCacheMax: 100, holdmusicCacheBytes: 32 * 1024 * 1024, holdmusicMaxPages: 10 })
  t.match(readConfig({
    S3_ENDPOINT: 'http://127.0.0.1:9000',
    HOLDMUSIC_TIMEOUT_MS: '1500',
    HOLDMUSIC_CACHE_TTL_MS: '60000',
    HOLDMUSIC_CACHE_MAX: '20',
    HOLDMUSIC_CACHE_BYTES: '8388608',
    HOLDMUSIC_MAX_PAGES: '3'
  }), { s3Endpoint: 'http://127.0.0.1:9000/', holdmusicTimeoutMs: 1500, holdmusicCacheTtlMs: 60000, holdmusicCacheMax: 20, holdmusicCacheBytes: 8 * 1024 * 1024, holdmusicMaxPages: 3 })
  t.equal(readConfig({ S3_ENDPOINT: 'https://minio.example.com/s3' }).s3Endpoint, 'https://minio.example.com/s3/')
})

t.test('unusable holdmusic settings are refused, naming the setting', async (t) => {
  t.throws(() => readConfig({ S3_ENDPOINT: 'minio:9000' }), new ConfigError('S3_ENDPOINT', '"minio:9000" is not an http(s) URL'))
  t.throws(() => readConfig({ S3_ENDPOINT: 'not a url' }), new ConfigError('S3_ENDPOINT', '"not a url" is not a URL'))
  t.throws(() => readConfig({ S3_ENDPOINT: 'https://key:secret@s3.example.com/' }), { message: /^S3_ENDPOINT: must not carry credentials(?!.*secret)/ })
  t.throws(() => readConfig({ S3_ENDPOINT: 'https://s3.example.com/?x=1' }), { message: /^S3_ENDPOINT: .* must not have a query or fragment$/ })
  t.throws(() => readConfig({ HOLDMUSIC_TIMEOUT_MS: '2s' }), new ConfigError('HOLDMUSIC_TIMEOUT_MS', '"2s" is not a whole number from 100 to 10000'))
  t.throws(() => readConfig({ HOLDMUSIC_TIMEOUT_MS: '60000' }), { message: /^HOLDMUSIC_TIMEOUT_MS: / })
  t.throws(() => readConfig({ HOLDMUSIC_CACHE_TTL_MS: '10' }), { message: /^HOLDMUSIC_CACHE_TTL_MS: / })
  t.throws(() => readConfig({ HOLDMUSIC_CACHE_MAX: '0' }), { message: /^HOLDMUSIC_CACHE_MAX: / })
  t.throws(() => readConfig({ HOLDMUSIC_CACHE_BYTES: '32MB' }), new ConfigError('HOLDMUSIC_CACHE_BYTES', '"32MB" is not a whole number from 4194304 to 1073741824'))
  t.throws(() => readConfig({ HOLDMUSIC_CACHE_BYTES: '1000' }), { message: /^HOLDMUSIC_CACHE_BYTES: / }, 'too small for the largest listing')
  t.throws(() => readConfig({ HOLDMUSIC_MAX_PAGES: '-1' }), { message: /^HOLDMUSIC_MAX_PAGES: / })
})

t.test('language, region and caller ID settings', async (t) => {
  t.match(readConfig({}), { defaultLanguage: undefined, defaultRegion: undefined, defaultCallerId: undefined, mailLocale: 'en-US', mailTimeZone: undefined })
  t.match(readConfig({ DEFAULT_LANGUAGE: 'ja-jp', DEFAULT_REGION: 'jp', DEFAULT_CALLER_ID: 'Called' }), { defaultLanguage: 'ja-JP', defaultRegion: 'JP', defaultCallerId: 'called' })
  t.match(readConfig({ DEFAULT_REGION: 'JP', DEFAULT_CALLER_ID: '050-1234-5678' }), { defaultCallerId: '+815012345678' }, 'a national number, in E.164')
  t.match(readConfig({ DEFAULT_CALLER_ID: '+14155550100' }), { defaultCallerId: '+14155550100' })
  t.match(readConfig({ DEFAULT_CALLER_ID: 'caller' }), { defaultCallerId: 'caller' })
  t.match(readConfig({ DEFAULT_REGION: 'uk' }), { defaultRegion: 'GB' })
})

t.test('unusable language, region and caller ID settings are refused, naming the setting', async (t) => {
  t.throws(() => readConfig({ DEFAULT_LANGUAGE: 'Klingon' }), new ConfigError('DEFAULT_LANGUAGE', '"Klingon" is not a Twilio language code, such as ja-JP or en-GB'))
  t.throws(() => readConfig({ DEFAULT_REGION: 'Japan' }), new ConfigError('DEFAULT_REGION', '"Japan" is not a two-letter country code, such as JP or US'))
  t.throws(() => readConfig({ DEFAULT_REGION: 'XX' }), { message: /^DEFAULT_REGION: / })
  t.throws(() => readConfig({ DEFAULT_REGION: 'JP', DEFAULT_CALLER_ID: '050-1234' }), new ConfigError('DEFAULT_CALLER_ID', '"050-1234" is not a valid phone number in JP'))
  t.throws(() => readConfig({ DEFAULT_CALLER_ID: 'my number' }), { message: /^DEFAULT_CALLER_ID: "my number" is not called, caller/ })
})

t.test('mail locale and time zone, validated at start-up', async (t) => {
  t.match(readConfig({ MAIL_LOCALE: 'ja-jp', MAIL_TIME_ZONE: 'asia/tokyo' }), { mailLocale: 'ja-JP', mailTimeZone: 'Asia/Tokyo' })
  t.match(readConfig({ MAIL_LOCALE: 'pt-BR', MAIL_TIME_ZONE: 'UTC' }), { mailLocale: 'pt-BR', mailTimeZone: 'UTC' })
  t.throws(() => readConfig({ MAIL_LOCALE: 'en_US' }), { message: /^MAIL_LOCALE: "en_US" is not a language tag/ })
  t.throws(() => readConfig({ MAIL_TIME_ZONE: 'Mars/Olympus' }), new ConfigError('MAIL_TIME_ZONE', '"Mars/Olympus" is not an IANA time zone, such as Asia/Tokyo or America/New_York'))
})

t.test('connection settings: timeouts, and a cap below the open-files limit', async (t) => {
  t.match(readConfig({}), { requestTimeoutMs: 5000, keepAliveTimeoutMs: 5000, maxConnections: 800, apiRateLimitPerMinute: 300, simulateConcurrency: 2 })
  t.match(readConfig({ REQUEST_TIMEOUT_MS: '2000', KEEP_ALIVE_TIMEOUT_MS: '65000', MAX_CONNECTIONS: '100', API_RATE_LIMIT_PER_MINUTE: '0', SIMULATE_CONCURRENCY: '4' }),
    { requestTimeoutMs: 2000, keepAliveTimeoutMs: 65000, maxConnections: 100, apiRateLimitPerMinute: 0, simulateConcurrency: 4 })
  t.equal(readConfig({}, { openFiles: 1024 }).maxConnections, 819, 'four fifths of ulimit -n')
  t.equal(readConfig({}, { openFiles: 1_048_576 }).maxConnections, 10_000, 'at most 10,000 unless set')
  t.equal(readConfig({ MAX_CONNECTIONS: '20000' }, { openFiles: 1_048_576 }).maxConnections, 20_000)
  t.throws(() => readConfig({ MAX_CONNECTIONS: '1024' }, { openFiles: 1024 }),
    new ConfigError('MAX_CONNECTIONS', '1024 is not below the open-files limit (ulimit -n: 1024); at most 819 leaves room for the outbox and outgoing connections'))
  t.throws(() => readConfig({ REQUEST_TIMEOUT_MS: '0' }), { name: 'ConfigError', message: /^REQUEST_TIMEOUT_MS: "0" is not a whole number from 100 to 120000/ })
  t.throws(() => readConfig({ SIMULATE_CONCURRENCY: '0' }), { name: 'ConfigError', message: /^SIMULATE_CONCURRENCY: / })
})

t.test('TRUST_PROXY: true, false, a number of proxies, or their addresses', async (t) => {
  t.equal(readConfig({ TRUST_PROXY: 'TRUE' }).trustProxy, true)
  t.equal(readConfig({ TRUST_PROXY: '0' }).trustProxy, false)
  t.equal(readConfig({ TRUST_PROXY: '1' }).trustProxy, 1)
  t.equal(readConfig({ TRUST_PROXY: '2' }).trustProxy, 2)
  t.same(readConfig({ TRUST_PROXY: ' 10.0.0.0/8, 192.168.1.5 ,fd00::/8' }).trustProxy, ['10.0.0.0/8', '192.168.1.5', 'fd00::/8'])
  for (const typed of ['yes', '10.0.0.0/33', 'fd00::/129', 'proxy.example', '10.0.0.1/8/8']) {
    t.throws(() => readConfig({ TRUST_PROXY: typed }), { name: 'ConfigError', message: /^TRUST_PROXY: ".*" is not true, false, a number of proxies, or an IP address or CIDR range$/ }, typed)
  }
})

t.test('DEFAULT_TIME_ZONE, the zone of hours URLs without one, validated at start-up', async (t) => {
  t.equal(readConfig({}).defaultTimeZone, undefined)
  t.equal(readConfig({ DEFAULT_TIME_ZONE: 'asia/tokyo' }).defaultTimeZone, 'Asia/Tokyo')
  t.throws(() => readConfig({ DEFAULT_TIME_ZONE: 'Tokyo' }), new ConfigError('DEFAULT_TIME_ZONE', '"Tokyo" is not an IANA time zone, such as Asia/Tokyo or America/New_York'))
})
