import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import type { AppOptions } from '../../src/app.js'
import { MAX_PENDING } from '../../src/holdmusic/library.js'
import { Limits } from '../../src/params/limits.js'
import { CALL, loggedApp, request, testApp } from '../fixtures/app.js'
import { closedEndpoint, startProxy, startS3, type S3Proxy } from '../fixtures/s3.js'
import { response } from '../fixtures/twiml.js'
import { eventually } from '../fixtures/wait.js'

const CLASSICAL = 'com.twilio.music.classical'
const NO_MUSIC = '<Say>Sorry, there is no hold music for this line.</Say>'
const UNAVAILABLE = '<Say>Please hold. The music will be back in a moment.</Say><Pause length="20"/><Redirect/>'
/** Draws that leave every track in place: the listing's own (alphabetical) order. */
const IN_ORDER = (): number => 0.999999

const GENRES = ['classical', 'ambient', 'electronica', 'guitars', 'rock', 'soft-rock']
const STALE = 'com.example.stale'
const MANY = 'com.example.many'
const LONG = 'com.example.long'
const LONG_LISTINGS = ['com.example.long-1', 'com.example.long-2', 'com.example.long-3']

type Teardown = Parameters<typeof startS3>[0]

// One server for the whole file; each test reaches it through a proxy of its own.
const s3 = await startS3(t, [...GENRES.map((g) => `com.twilio.music.${g}`), STALE, MANY, LONG, ...LONG_LISTINGS, 'com.example.empty'])
for (const key of ['a.mp3', 'b & c.wav', 'd/e.ul', 'notes.txt']) {
  await s3.put(CLASSICAL, key)
  await s3.put(STALE, key)
}
for (const genre of GENRES.slice(1)) await s3.put(`com.twilio.music.${genre}`, `${genre}.mp3`)
await s3.put('com.example.empty', 'readme.txt')

/** The classical bucket (three tracks and a text file) behind a counting proxy. */
async function library (t: Teardown, bucket = CLASSICAL): Promise<{ proxy: S3Proxy, play: (key: string) => string }> {
  const proxy = await startProxy(t, s3.endpoint)
  const play = (key: string): string => {
    const url = new URL(proxy.endpoint)
    url.pathname = `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`
    return `<Play>${url.href}</Play>`
  }
  return { proxy, play }
}

/** What the operator is warned about while answering holdmusic requests. */
function warnings (lines: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return lines.filter((l) => l.level === 40 && l.twimlet === 'holdmusic')
}

function app (t: Teardown, endpoint: string, more: AppOptions = {}): ReturnType<typeof testApp> {
  return testApp(t, { random: IN_ORDER, ...more, config: { s3Endpoint: endpoint, ...more.config } })
}

t.test('plays every track with the message after each, then loops', async (t) => {
  const { proxy, play } = await library(t)
  const server = await app(t, proxy.endpoint)
  const res = await request(server, `/holdmusic?Bucket=${CLASSICAL}&Message=Thanks%20for%20holding.`, CALL)
  t.equal(res.status, 200)
  t.match(res.contentType, /^text\/xml/)
  const say = '<Say>Thanks for holding.</Say>'
  t.same(res.twiml, response(`${play('a.mp3')}${say}${play('b & c.wav')}${say}${play('d/e.ul')}${say}<Redirect/>`))
})

t.test('GET, without a message, and the redirect loops on the cached listing', async (t) => {
  const { proxy, play } = await library(t)
  const server = await app(t, proxy.endpoint)
  const url = `/holdmusic?Bucket=${CLASSICAL}`
  const expected = response(`${play('a.mp3')}${play('b & c.wav')}${play('d/e.ul')}<Redirect/>`)
  const first = await request(server, url, CALL, 'GET')
  t.same(first.twiml, expected)
  // <Redirect/> without a URL requests the same URL again.
  t.equal(first.raw.children.at(-1)?.text, '')
  t.same((await request(server, url, CALL, 'GET')).twiml, expected)
  t.same((await request(server, url, CALL)).twiml, expected)
  t.equal(proxy.requests.length, 1, 'S3 was asked once for the three requests')
  const metrics = (await server.inject('/metrics')).body
  t.match(metrics, 'twimlets_holdmusic_cache_total{result="miss"} 1')
  t.match(metrics, 'twimlets_holdmusic_cache_total{result="hit"} 2')
})

t.test('the order is shuffled', async (t) => {
  const { proxy, play } = await library(t)
  const tracks = [play('a.mp3'), play('b & c.wav'), play('d/e.ul')].map((xml) => response(xml).children[0])
  const playsOf = async (options: AppOptions): Promise<unknown[]> => {
    const res = await request(await app(t, proxy.endpoint, options), `/holdmusic?Bucket=${CLASSICAL}`, CALL)
    return res.twiml.children.filter((c) => c.name === 'Play')
  }
  const first = await playsOf({ random: () => 0 })
  t.equal(first.length, 3)
  t.same(new Set(first.map((p) => JSON.stringify(p))), new Set(tracks.map((p) => JSON.stringify(p))), 'every track once')
  t.notSame(first, tracks, 'in an order other than the listing')

  const any = await playsOf({ random: undefined })
  t.same(new Set(any.map((p) => JSON.stringify(p))), new Set(tracks.map((p) => JSON.stringify(p))), 'Math.random by default')
})

t.test('an audio message is played, a spoken one uses Language and Voice', async (t) => {
  const { proxy, play } = await library(t)
  const server = await app(t, proxy.endpoint)
  const audio = await request(server, `/holdmusic?Bucket=${CLASSICAL}&Message=https%3A%2F%2Fexample.com%2Fhold.mp3`, CALL)
  const message = '<Play>https://example.com/hold.mp3</Play>'
  t.same(audio.twiml, response(`${play('a.mp3')}${message}${play('b & c.wav')}${message}${play('d/e.ul')}${message}<Redirect/>`))

  const spoken = await request(server, `/holdmusic?Bucket=${CLASSICAL}&Message=Un%20momento&Language=es-MX&Voice=Polly.Mia`, CALL)
  const say = '<Say language="es-MX" voice="Polly.Mia">Un momento</Say>'
  t.same(spoken.twiml, response(`${play('a.mp3')}${say}${play('b & c.wav')}${say}${play('d/e.ul')}${say}<Redirect/>`))
})

t.test('every genre the conference twimlet offers is a bucket name holdmusic accepts', async (t) => {
  const server = await app(t, s3.endpoint)
  for (const genre of GENRES.slice(1)) {
    const bucket = `com.twilio.music.${genre}`
    const res = await request(server, `/holdmusic?Bucket=${bucket}`, CALL)
    t.same(res.twiml, response(`<Play>${s3.objectUrl(bucket, `${genre}.mp3`)}</Play><Redirect/>`), genre)
  }
})

t.test('no Bucket: a short explanation and a warning naming Bucket', async (t) => {
  const { app: server, lines } = await loggedApp(t)
  const res = await request(server, '/holdmusic?Message=Hello', CALL)
  t.equal(res.status, 200)
  t.same(res.twiml, response(NO_MUSIC))
  t.match(warnings(lines), [{ param: 'Bucket', msg: 'Bucket missing: there is no music to play' }])
})

t.test('an invalid bucket name is never fetched', async (t) => {
  const proxy = await startProxy(t, 'http://127.0.0.1:9/')
  const { app: server, lines } = await loggedApp(t, { config: { s3Endpoint: proxy.endpoint } })
  for (const bucket of ['evil.example.com%2Fx', 'Music_Bucket', '..%2F..%2Fadmin', '127.0.0.1', 'a%23b']) {
    const res = await request(server, `/holdmusic?Bucket=${bucket}`, CALL)
    t.same(res.twiml, response(NO_MUSIC), bucket)
  }
  t.same(proxy.requests, [])
  const warned = warnings(lines)
  t.equal(warned.length, 5)
  t.match(warned[0], { param: 'Bucket', msg: 'Bucket "evil.example.com/x" is not a valid S3 bucket name' })
})

t.test('a bucket without audio, and one that does not exist', async (t) => {
  const { app: server, lines } = await loggedApp(t, { config: { s3Endpoint: s3.endpoint } })
  t.same((await request(server, '/holdmusic?Bucket=com.example.empty', CALL)).twiml, response(NO_MUSIC))
  t.same((await request(server, '/holdmusic?Bucket=com.example.missing', CALL)).twiml, response(NO_MUSIC))
  t.match(warnings(lines), [
    { param: 'Bucket', msg: 'Bucket "com.example.empty" holds no audio (.mp3, .wav, .wave, .aif, .aiff, .aifc, .gsm, .ul, .ulaw)' },
    { param: 'Bucket', msg: 'Bucket "com.example.missing" cannot be listed: HTTP 404 NoSuchBucket' }
  ])
})

t.test('S3 that does not answer: the caller hears something once HOLDMUSIC_TIMEOUT_MS (2 s) has passed', async (t) => {
  const proxy = await startProxy(t, 'http://127.0.0.1:9/')
  for (const mode of ['hang', 'trickle'] as const) {
    proxy.mode = mode
    const { app: server, lines } = await loggedApp(t, { config: { s3Endpoint: proxy.endpoint } })
    const started = Date.now()
    const res = await request(server, `/holdmusic?Bucket=${CLASSICAL}`, CALL)
    const took = Date.now() - started
    // Bounds wide enough for a loaded machine; without the timeout the answer never comes.
    t.ok(took >= 1900 && took < 2000 + 3000, `${mode}: answered in ${took} ms`)
    t.same(res.twiml, response(UNAVAILABLE), mode)
    t.match(warnings(lines), [{ param: 'Bucket', msg: `Bucket "${CLASSICAL}" could not be listed: no complete answer within 2000 ms` }])
  }
})

t.test('S3 that fails: 500, a malformed listing, a refused connection', async (t) => {
  const proxy = await startProxy(t, 'http://127.0.0.1:9/')
  const cases = [
    { endpoint: proxy.endpoint, mode: 'error', reason: 'HTTP 500 InternalError' },
    { endpoint: proxy.endpoint, mode: 'malformed', reason: /^malformed listing / },
    { endpoint: await closedEndpoint(), mode: 'pass', reason: 'cannot reach the S3 endpoint (ECONNREFUSED)' }
  ] as const
  for (const { endpoint, mode, reason } of cases) {
    proxy.mode = mode
    const { app: server, lines } = await loggedApp(t, { config: { s3Endpoint: endpoint } })
    const res = await request(server, `/holdmusic?Bucket=${CLASSICAL}`, CALL)
    t.same(res.twiml, response(UNAVAILABLE), mode)
    const warning = warnings(lines)[0]
    t.equal(warning?.param, 'Bucket')
    t.match(String(warning?.msg).replace(`Bucket "${CLASSICAL}" could not be listed: `, ''), reason)
  }
})

t.test('a failed listing is not asked again on the next request of the loop', async (t) => {
  const proxy = await startProxy(t, 'http://127.0.0.1:9/')
  proxy.mode = 'hang'
  const server = await app(t, proxy.endpoint, { config: { holdmusicTimeoutMs: 2000 } })
  t.same((await request(server, `/holdmusic?Bucket=${CLASSICAL}`, CALL)).twiml, response(UNAVAILABLE))
  const started = Date.now()
  t.same((await request(server, `/holdmusic?Bucket=${CLASSICAL}`, CALL)).twiml, response(UNAVAILABLE))
  t.ok(Date.now() - started < 1000, 'the second answer did not wait for S3')
  t.equal(proxy.requests.length, 1)
})

t.test('once the listing is stale, callers hear it at once while it is refreshed', async (t) => {
  const { proxy, play } = await library(t, STALE)
  // A TTL long enough that the refreshed listing is still fresh when last asked for, and a
  // timeout the held refresh cannot reach, under load.
  const server = await app(t, proxy.endpoint, { config: { holdmusicCacheTtlMs: 1000, holdmusicTimeoutMs: 10_000 } })
  const url = `/holdmusic?Bucket=${STALE}`
  const old = response(`${play('a.mp3')}${play('b & c.wav')}${play('d/e.ul')}<Redirect/>`)
  t.same((await request(server, url, CALL)).twiml, old)

  await s3.put(STALE, 'f.gsm')
  await sleep(1100)
  proxy.mode = 'hold'
  const started = Date.now()
  t.same((await request(server, url, CALL)).twiml, old)
  t.ok(Date.now() - started < 5000, 'answered without waiting for S3 (10 s)')
  await eventually(() => proxy.held() > 0)
  t.equal(proxy.held(), 1, 'the refresh is under way')

  proxy.mode = 'pass'
  proxy.release()
  const fresh = response(`${play('a.mp3')}${play('b & c.wav')}${play('d/e.ul')}${play('f.gsm')}<Redirect/>`)
  let now = await request(server, url, CALL)
  await eventually(async () => {
    now = await request(server, url, CALL)
    return now.twiml.children.length !== 4
  })
  t.same(now.twiml, fresh)
  t.equal(proxy.requests.length, 2, 'the held refresh itself, not a retry after a timeout')
})

t.test('a large library is heard across documents: 50 tracks in each, shuffled anew', async (t) => {
  const keys = Array.from({ length: 60 }, (_, i) => `track-${String(i).padStart(2, '0')}.mp3`)
  await Promise.all(keys.map(async (key) => await s3.put(MANY, key)))
  // A fixed pseudo-random sequence (an LCG), so both documents are known to be drawn anew.
  let seed = 42
  const random = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31 }
  const server = await app(t, s3.endpoint, { random })
  const all = new Set(keys.map((key) => s3.objectUrl(MANY, key)))
  const documents: string[][] = []
  for (let loop = 0; loop < 2; loop++) {
    const res = await request(server, `/holdmusic?Bucket=${MANY}`, CALL)
    const plays = res.raw.children.filter((c) => c.name === 'Play').map((c) => c.text)
    t.equal(plays.length, 50)
    t.equal(new Set(plays).size, 50, 'none twice')
    t.ok(plays.every((url) => all.has(url)))
    t.equal(res.raw.children.at(-1)?.name, 'Redirect')
    documents.push(plays)
  }
  t.notSame(documents[1], documents[0], 'the next document is another draw')
})

t.test('long URLs and a long message: the document stays within what Twilio accepts', async (t) => {
  const folder = Array.from({ length: 4 }, (_, i) => `${i}`.repeat(200)).join('/')
  const keys = Array.from({ length: 40 }, (_, i) => `${folder}/track-${String(i).padStart(2, '0')}.mp3`)
  await Promise.all(keys.map(async (key) => await s3.put(LONG, key)))
  const server = await app(t, s3.endpoint, { random: undefined })
  const message = 'Please hold & stay on the line. '.repeat(120)
  const res = await request(server, `/holdmusic?Bucket=${LONG}&Message=${encodeURIComponent(message)}`, CALL)
  const verbs = res.raw.children
  const plays = verbs.filter((c) => c.name === 'Play').map((c) => c.text)
  t.ok(plays.length >= 1 && plays.length < keys.length, `${plays.length} of ${keys.length} tracks`)
  t.equal(new Set(plays).size, plays.length, 'none twice')
  t.ok(plays.every((url) => keys.some((key) => s3.objectUrl(LONG, key) === url)))
  t.same(verbs.map((v) => v.name), [...plays.flatMap(() => ['Play', 'Say']), 'Redirect'])
  t.ok(verbs.filter((v) => v.name === 'Say').every((say) => say.text === message.trim()))
  const bytes = Buffer.byteLength(res.body)
  t.ok(bytes <= Limits.twimlBytes, `the document is ${bytes} bytes`)
})

t.test('a caller waiting for the listing hears the music, though 150 callers ask for other buckets meanwhile', async (t) => {
  const { proxy, play } = await library(t)
  // The one listing waited for must outlast 150 requests and the listings they start, under load.
  const server = await app(t, proxy.endpoint, { config: { holdmusicTimeoutMs: 10_000 } })
  proxy.mode = 'hold'
  const waiting = request(server, `/holdmusic?Bucket=${CLASSICAL}`, CALL)
  await eventually(() => proxy.held() === 1)
  const flood = Array.from({ length: 150 }, async (_, i) => await request(server, `/holdmusic?Bucket=com.example.flood-${i}`, CALL))
  await eventually(() => proxy.held() === MAX_PENDING)
  proxy.mode = 'pass'
  proxy.release()
  t.same((await waiting).twiml, response(`${play('a.mp3')}${play('b & c.wav')}${play('d/e.ul')}<Redirect/>`), 'the music')
  const answers = await Promise.all(flood)
  t.ok(answers.every((answer) => answer.status === 200), 'every other caller got a document')
  const noMusic = answers.filter((answer) => JSON.stringify(answer.twiml) === JSON.stringify(response(NO_MUSIC)))
  const unavailable = answers.filter((answer) => JSON.stringify(answer.twiml) === JSON.stringify(response(UNAVAILABLE)))
  t.equal(noMusic.length, MAX_PENDING - 1, 'those listed: no such bucket')
  t.equal(unavailable.length, 150 - MAX_PENDING + 1, 'past the listings under way: please hold, then again')
  t.match((await server.inject('/metrics')).body, `twimlets_holdmusic_cache_total{result="busy"} ${150 - MAX_PENDING + 1}`)
})

t.test('listings of long keys are kept within HOLDMUSIC_CACHE_BYTES; a listing let go is listed again', async (t) => {
  const folder = Array.from({ length: 4 }, (_, i) => `${i}`.repeat(200)).join('/')
  const keys = Array.from({ length: 100 }, (_, i) => `${folder}/track-${String(i).padStart(3, '0')}.mp3`)
  for (const bucket of LONG_LISTINGS) await Promise.all(keys.map(async (key) => await s3.put(bucket, key)))
  const proxy = await startProxy(t, s3.endpoint)
  const budget = 200_000
  const server = await app(t, proxy.endpoint, { random: undefined, config: { holdmusicCacheBytes: budget } })
  const kept = async (): Promise<number> => Number(/^twimlets_holdmusic_cache_bytes (\d+)$/m.exec((await server.inject('/metrics')).body)?.[1])
  for (const bucket of LONG_LISTINGS) {
    const res = await request(server, `/holdmusic?Bucket=${bucket}`, CALL)
    t.equal(res.raw.children.filter((c) => c.name === 'Play').length, 50, `${bucket}: music`)
    const bytes = await kept()
    t.ok(bytes > 80_000 && bytes <= budget, `${bytes} bytes kept, within ${budget}`)
  }
  const requests = proxy.requests.length
  const first = await request(server, `/holdmusic?Bucket=${LONG_LISTINGS[0] ?? ''}`, CALL)
  t.equal(first.raw.children.filter((c) => c.name === 'Play').length, 50, 'the first line still has music')
  t.equal(proxy.requests.length, requests + 1, 'listed again: its listing had been let go')
})

t.test('in Japanese: no music, and music that will be back', async (t) => {
  const server = await app(t, await closedEndpoint())
  t.same((await request(server, '/holdmusic?Language=ja-JP', CALL)).twiml, response('<Say language="ja-JP">申し訳ございません。この回線には保留音がありません。</Say>'))
  t.same((await request(server, `/holdmusic?Bucket=${CLASSICAL}&Language=ja-JP`, CALL)).twiml,
    response('<Say language="ja-JP">そのままお待ちください。まもなく保留音に戻ります。</Say><Pause length="20"/><Redirect/>'))
})
