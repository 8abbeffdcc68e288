import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { HoldMusicLibrary, listingBytes, MAX_PENDING, type LibraryOptions, type Lookup } from '../../../src/holdmusic/library.js'
import { startProxy, startS3 } from '../../fixtures/s3.js'
import { eventually } from '../../fixtures/wait.js'

const BUCKET = 'com.twilio.music.ambient'

interface Logged { details: object, message: string }

function library (t: { teardown: (fn: () => unknown) => void }, endpoint: string, more: Partial<LibraryOptions> = {}): { lib: HoldMusicLibrary, logged: Logged[], lookups: Lookup[] } {
  const logged: Logged[] = []
  const lookups: Lookup[] = []
  const lib = new HoldMusicLibrary({
    endpoint,
    // Generous: a loaded machine answers 150 listings in turn before the one a test waits for.
    timeoutMs: 20_000,
    maxPages: 10,
    ttlMs: 60_000,
    max: 10,
    log: { warn: (details, message) => logged.push({ details, message }) },
    onLookup: (result) => lookups.push(result),
    ...more
  })
  t.teardown(() => lib.close())
  return { lib, logged, lookups }
}

/** Waits until the proxy has seen `count` requests. */
async function requestsSeen (proxy: { requests: string[] }, count: number): Promise<void> {
  await eventually(() => proxy.requests.length >= count)
}

t.test('the audio of a bucket, as URLs at the endpoint', async (t) => {
  const s3 = await startS3(t, [BUCKET])
  const keys = ['a.mp3', 'b.WAV', 'c.wave', 'd.aif', 'e.aiff', 'f.aifc', 'g.gsm', 'h.ul', 'i.ulaw', 'sub dir/j & k.mp3',
    'cover.jpg', 'notes.txt', 'mp3', '.mp3', 'song.mp3.txt', 'k.ogg', 'l.flac', 'm.m4a']
  for (const key of keys) await s3.put(BUCKET, key)
  const { lib } = library(t, s3.endpoint)
  const audio = ['a.mp3', 'b.WAV', 'c.wave', 'd.aif', 'e.aiff', 'f.aifc', 'g.gsm', 'h.ul', 'i.ulaw', 'sub dir/j & k.mp3']
  t.same(await lib.tracks(BUCKET), { status: 'ok', urls: audio.map((key) => s3.objectUrl(BUCKET, key)) })

  const played = await fetch(s3.objectUrl(BUCKET, 'sub dir/j & k.mp3'))
  t.equal(played.status, 200, 'each URL serves its object')
  t.equal(await played.text(), 'audio')
})

t.test('a listing is fetched once, then served from the cache', async (t) => {
  const s3 = await startS3(t, [BUCKET, 'other-bucket'])
  await s3.put(BUCKET, 'a.mp3')
  await s3.put('other-bucket', 'b.mp3')
  const proxy = await startProxy(t, s3.endpoint)
  const { lib, lookups } = library(t, proxy.endpoint)

  const [first, second] = await Promise.all([lib.tracks(BUCKET), lib.tracks(BUCKET)])
  t.same(first, { status: 'ok', urls: [new URL(`${BUCKET}/a.mp3`, proxy.endpoint).href] })
  t.same(second, first)
  t.equal(proxy.requests.length, 1, 'callers arriving together share one listing')
  t.same(await lib.tracks(BUCKET), first)
  t.equal(proxy.requests.length, 1, 'the next request does not reach S3')
  t.same(await lib.tracks('other-bucket'), { status: 'ok', urls: [new URL('other-bucket/b.mp3', proxy.endpoint).href] })
  t.equal(proxy.requests.length, 2, 'each bucket is listed on its own')
  t.same(lookups, ['miss', 'miss', 'hit', 'miss'], 'for metrics')
})

t.test('after the TTL the old listing is served at once while a fresh one is fetched', async (t) => {
  const s3 = await startS3(t, [BUCKET])
  await s3.put(BUCKET, 'a.mp3')
  const proxy = await startProxy(t, s3.endpoint)
  // A TTL long enough that the refreshed listing is still fresh when last asked for, under load.
  const { lib, lookups } = library(t, proxy.endpoint, { ttlMs: 1000 })
  const old = { status: 'ok', urls: [new URL(`${BUCKET}/a.mp3`, proxy.endpoint).href] }
  t.same(await lib.tracks(BUCKET), old)

  await s3.put(BUCKET, 'b.mp3')
  await sleep(1100)
  proxy.mode = 'hold'
  t.same(await lib.tracks(BUCKET), old, 'answered from the stale listing')
  await requestsSeen(proxy, 2)
  t.equal(proxy.held(), 1, 'while the refresh waits on S3')
  t.same(await lib.tracks(BUCKET), old, 'again, without a second refresh')
  t.equal(proxy.requests.length, 2)

  proxy.mode = 'pass'
  proxy.release()
  const fresh = { status: 'ok', urls: ['a.mp3', 'b.mp3'].map((key) => new URL(`${BUCKET}/${key}`, proxy.endpoint).href) }
  let now = await lib.tracks(BUCKET)
  await eventually(async () => {
    now = await lib.tracks(BUCKET)
    return now.status !== 'ok' || now.urls.length !== 1
  })
  t.same(now, fresh, 'the refreshed listing replaces it')
  t.equal(proxy.requests.length, 2)
  t.same(lookups.slice(0, 3), ['miss', 'stale', 'stale'])
  t.equal(lookups.at(-1), 'hit')
})

t.test('a failed refresh keeps the old listing for a while', async (t) => {
  const s3 = await startS3(t, [BUCKET])
  await s3.put(BUCKET, 'a.mp3')
  const proxy = await startProxy(t, s3.endpoint)
  const { lib, logged, lookups } = library(t, proxy.endpoint, { ttlMs: 1000, retryMs: 3000 })
  const old = { status: 'ok', urls: [new URL(`${BUCKET}/a.mp3`, proxy.endpoint).href] }
  t.same(await lib.tracks(BUCKET), old)

  await sleep(1100)
  proxy.mode = 'error'
  t.same(await lib.tracks(BUCKET), old)
  await requestsSeen(proxy, 2)
  await eventually(() => logged.length > 0)
  t.same(await lib.tracks(BUCKET), old, 'still the old listing after the refresh failed')
  t.equal(lookups.at(-1), 'hit', 'and it is fresh again: no new request')
  t.same(logged, [{ details: { bucket: BUCKET, reason: 'HTTP 500 InternalError' }, message: 'holdmusic: listing the bucket failed; the previous listing is kept' }])
  // Fresh again for the shorter of the TTL and the retry time: the TTL here.
  await sleep(1100)
  t.same(await lib.tracks(BUCKET), old)
  t.equal(lookups.at(-1), 'stale', 'stale once the TTL has passed')
  await requestsSeen(proxy, 3)
  t.equal(proxy.requests.length, 3, 'and S3 is asked again')
})

t.test('a failure is remembered briefly, so callers do not each wait for S3', async (t) => {
  const proxy = await startProxy(t, 'http://127.0.0.1:9/')
  proxy.mode = 'hang'
  const { lib, lookups } = library(t, proxy.endpoint, { timeoutMs: 2000, retryMs: 60_000 })
  const failed = { status: 'failed', reason: 'no complete answer within 2000 ms' }
  t.same(await lib.tracks(BUCKET), failed)
  const started = Date.now()
  t.same(await lib.tracks(BUCKET), failed)
  t.ok(Date.now() - started < 1000, 'the second answer did not wait')
  t.same(lookups, ['miss', 'hit'], 'nor ask S3 again')
})

t.test('a failure is retried once its short TTL has passed', async (t) => {
  const s3 = await startS3(t, [BUCKET])
  await s3.put(BUCKET, 'a.mp3')
  const proxy = await startProxy(t, s3.endpoint)
  proxy.mode = 'error'
  const { lib, lookups } = library(t, proxy.endpoint, { retryMs: 1000 })
  const failed = { status: 'failed', reason: 'HTTP 500 InternalError' }
  t.same(await lib.tracks(BUCKET), failed)
  proxy.mode = 'pass'
  t.same(await lib.tracks(BUCKET), failed, 'within the retry time S3 is not asked')
  t.same(lookups, ['miss', 'hit'])

  await sleep(1100)
  t.same(await lib.tracks(BUCKET), failed, 'then the failure is served once more while S3 is asked again')
  await requestsSeen(proxy, 2)
  let now = await lib.tracks(BUCKET)
  await eventually(async () => {
    now = await lib.tracks(BUCKET)
    return now.status !== 'failed'
  })
  t.same(now, { status: 'ok', urls: [new URL(`${BUCKET}/a.mp3`, proxy.endpoint).href] })
  t.equal(proxy.requests.length, 2)
})

t.test('a bucket S3 refuses to list, and one with no audio', async (t) => {
  const s3 = await startS3(t, ['silent'])
  await s3.put('silent', 'readme.txt')
  const { lib } = library(t, s3.endpoint)
  t.same(await lib.tracks('missing-bucket'), { status: 'unlistable', reason: 'HTTP 404 NoSuchBucket' })
  t.same(await lib.tracks('silent'), { status: 'ok', urls: [] })
})

t.test('a bucket with more pages than are read plays what was read, with a warning', async (t) => {
  const s3 = await startS3(t, [BUCKET])
  for (const key of ['1.mp3', '2.mp3', '3.mp3']) await s3.put(BUCKET, key)
  const { lib, logged } = library(t, s3.endpoint, { pageSize: 1, maxPages: 2 })
  t.same(await lib.tracks(BUCKET), { status: 'ok', urls: ['1.mp3', '2.mp3'].map((key) => s3.objectUrl(BUCKET, key)) })
  t.same(logged, [{ details: { bucket: BUCKET, pages: 2 }, message: 'holdmusic: bucket has more pages than are read; the rest is not played' }])
})

t.test('invalid names are never fetched', async (t) => {
  const proxy = await startProxy(t, 'http://127.0.0.1:9/')
  const { lib } = library(t, proxy.endpoint)
  t.same(await lib.tracks('Not_A_Bucket'), { status: 'unlistable', reason: 'not a valid S3 bucket name' })
  t.same(await lib.tracks('x.example/../admin'), { status: 'unlistable', reason: 'not a valid S3 bucket name' })
  t.same(proxy.requests, [])
})

t.test('the cache holds at most `max` buckets', async (t) => {
  const s3 = await startS3(t, ['one', 'two', 'three'])
  const proxy = await startProxy(t, s3.endpoint)
  const { lib } = library(t, proxy.endpoint, { max: 2 })
  for (const bucket of ['one', 'two', 'three', 'one']) await lib.tracks(bucket)
  t.equal(proxy.requests.length, 4, '"one" was evicted by "three" and listed again')
})

t.test('a listing under way survives 150 requests for other buckets, and its caller gets the music', async (t) => {
  const s3 = await startS3(t, [BUCKET])
  await s3.put(BUCKET, 'a.mp3')
  const proxy = await startProxy(t, s3.endpoint)
  const { lib, lookups } = library(t, proxy.endpoint, { max: 2 })
  proxy.mode = 'hold'
  const waiting = lib.tracks(BUCKET)
  await requestsSeen(proxy, 1)
  const flood = Array.from({ length: 150 }, async (_, i) => await lib.tracks(`flood-${i}`))
  await requestsSeen(proxy, MAX_PENDING)
  t.equal(proxy.held(), MAX_PENDING, 'no more listings are under way than the bound')
  const busy = { status: 'failed', reason: 'too many bucket listings under way' }
  t.same(await Promise.race([flood[149], sleep(1000, 'waiting')]), busy, 'past the bound, answered at once')
  proxy.mode = 'pass'
  proxy.release()
  t.same(await waiting, { status: 'ok', urls: [new URL(`${BUCKET}/a.mp3`, proxy.endpoint).href] })
  const answers = await Promise.all(flood)
  t.same(answers.slice(0, MAX_PENDING - 1), Array.from({ length: MAX_PENDING - 1 }, () => ({ status: 'unlistable', reason: 'HTTP 404 NoSuchBucket' })))
  t.same(answers.slice(MAX_PENDING - 1), Array.from({ length: 150 - MAX_PENDING + 1 }, () => busy))
  t.same(lookups.filter((l) => l === 'busy').length, 150 - MAX_PENDING + 1, 'counted for metrics')

  const requests = proxy.requests.length
  t.same(await lib.tracks(BUCKET), { status: 'ok', urls: [new URL(`${BUCKET}/a.mp3`, proxy.endpoint).href] })
  t.equal(proxy.requests.length, requests, 'unlistable names did not push the music out of a cache of 2')
})

t.test('listings are bounded in bytes: long keys take their size, the oldest go first', async (t) => {
  const buckets = ['long-1', 'long-2', 'long-3', 'long-4', 'long-5']
  const s3 = await startS3(t, buckets)
  // Keys near S3's 1,024-byte limit, in folders (a file name on disk is at most 255 bytes).
  const keys = Array.from({ length: 100 }, (_, i) => `${'a'.repeat(240)}/${'b'.repeat(240)}/${'c'.repeat(240)}/${String(i).padStart(3, '0')}${'d'.repeat(200)}.mp3`)
  for (const bucket of buckets) await Promise.all(keys.map(async (key) => { await s3.put(bucket, key) }))
  const proxy = await startProxy(t, s3.endpoint)
  const budget = 250_000
  const { lib } = library(t, proxy.endpoint, { max: 100, maxBytes: budget })
  const one = await lib.tracks('long-1')
  t.equal(one.status === 'ok' ? one.urls.length : 0, 100)
  const bytes = listingBytes(one, 'long-1')
  t.ok(bytes > 100 * 950 && bytes < budget / 2 + 1, `one listing counts its URLs (${bytes} bytes)`)
  for (const bucket of buckets) {
    await lib.tracks(bucket)
    t.ok(lib.size <= budget, `${lib.size} bytes kept after ${bucket}, within ${budget}`)
  }
  t.equal(lib.size, 2 * bytes, 'two listings fit')
  const requests = proxy.requests.length
  await lib.tracks('long-5')
  await lib.tracks('long-4')
  t.equal(proxy.requests.length, requests, 'the last two are kept')
  await lib.tracks('long-1')
  t.equal(proxy.requests.length, requests + 1, 'the first was let go and is listed again')
})

t.test('closing abandons a listing under way', async (t) => {
  const proxy = await startProxy(t, 'http://127.0.0.1:9/')
  proxy.mode = 'hang'
  const { lib } = library(t, proxy.endpoint, { timeoutMs: 5000 })
  const pending = lib.tracks(BUCKET)
  await requestsSeen(proxy, 1)
  const started = Date.now()
  lib.close()
  t.same(await pending, { status: 'failed', reason: 'listing abandoned' })
  t.ok(Date.now() - started < 1000)
  t.same(await lib.tracks(BUCKET), { status: 'failed', reason: 'the service is shutting down' })
})
