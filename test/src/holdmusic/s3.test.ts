import t from 'tap'
import { bucketUrl, listObjects, objectUrl, type ListOptions } from '../../../src/holdmusic/s3.js'
import { closedEndpoint, startProxy, startS3 } from '../../fixtures/s3.js'

const BUCKET = 'com.twilio.music.classical'
const options = (endpoint: string, more: Partial<ListOptions> = {}): ListOptions => ({ endpoint, timeoutMs: 2000, maxPages: 10, ...more })

t.test('AWS addressing: dotless names as hosts, dotted names in the path', async (t) => {
  t.equal(bucketUrl(undefined, 'holdmusic').href, 'https://holdmusic.s3.amazonaws.com/')
  t.equal(bucketUrl(undefined, BUCKET).href, 'https://s3.amazonaws.com/com.twilio.music.classical/')
  t.equal(objectUrl(undefined, 'holdmusic', 'a b/c.mp3'), 'https://holdmusic.s3.amazonaws.com/a%20b/c.mp3')
  t.equal(objectUrl(undefined, BUCKET, 'ClockworkWaltz.mp3'), 'https://s3.amazonaws.com/com.twilio.music.classical/ClockworkWaltz.mp3')
})

t.test('other endpoints: path style under the endpoint path', async (t) => {
  t.equal(bucketUrl('http://127.0.0.1:9000', 'music').href, 'http://127.0.0.1:9000/music/')
  t.equal(bucketUrl('https://minio.example.com/s3/', 'music').href, 'https://minio.example.com/s3/music/')
  t.equal(bucketUrl('https://minio.example.com/s3', 'music').href, 'https://minio.example.com/s3/music/')
})

t.test('keys are encoded segment by segment', async (t) => {
  const at = (key: string): string | undefined => objectUrl('http://127.0.0.1:9000/', 'music', key)
  t.equal(at('jazz/Take Five.mp3'), 'http://127.0.0.1:9000/music/jazz/Take%20Five.mp3')
  t.equal(at('a?b#c&d+e%f.mp3'), 'http://127.0.0.1:9000/music/a%3Fb%23c%26d%2Be%25f.mp3')
  t.equal(at('é.mp3'), 'http://127.0.0.1:9000/music/%C3%A9.mp3')
  t.equal(at('/lead//slash.mp3'), 'http://127.0.0.1:9000/music//lead//slash.mp3')
  t.equal(at('../other/x.mp3'), undefined, 'a dot segment would name another object')
  t.equal(at('a/./x.mp3'), undefined)
  t.equal(at('..mp3'), 'http://127.0.0.1:9000/music/..mp3')
})

t.test('invalid bucket names never become URLs', async (t) => {
  t.throws(() => bucketUrl(undefined, 'evil.com/x'))
  t.throws(() => bucketUrl('http://127.0.0.1:9000/', '../admin'))
  t.throws(() => objectUrl(undefined, 'attacker.example#', 'a.mp3'))
})

t.test('lists a bucket from a real S3 server, entities and all', async (t) => {
  const s3 = await startS3(t, [BUCKET, 'empty'])
  const keys = ['a.mp3', 'b & <c>.wav', 'dir/d é.ul', "it's.txt"]
  for (const key of keys) await s3.put(BUCKET, key)
  const listing = await listObjects(BUCKET, options(s3.endpoint))
  t.same(listing, { ok: true, keys: ['a.mp3', 'b & <c>.wav', 'dir/d é.ul', "it's.txt"], complete: true })
  t.same(await listObjects('empty', options(s3.endpoint)), { ok: true, keys: [], complete: true })
})

t.test('follows continuation pages, up to the cap', async (t) => {
  const s3 = await startS3(t, ['paged'])
  const proxy = await startProxy(t, s3.endpoint)
  const keys = ['1.mp3', '2.mp3', '3.mp3', '4.mp3', '5.mp3']
  for (const key of keys) await s3.put('paged', key)

  t.same(await listObjects('paged', options(proxy.endpoint, { pageSize: 2 })), { ok: true, keys, complete: true })
  t.equal(proxy.requests.length, 3)
  const [first, second] = proxy.requests.map((r) => new URL(r, 'http://x').searchParams)
  t.equal(first?.get('list-type'), '2')
  t.equal(first?.get('max-keys'), '2')
  t.equal(first?.has('continuation-token'), false)
  t.ok(second?.get('continuation-token'), 'the second page asks to continue')

  proxy.requests.length = 0
  t.same(await listObjects('paged', options(proxy.endpoint, { pageSize: 2, maxPages: 2 })), { ok: true, keys: ['1.mp3', '2.mp3', '3.mp3', '4.mp3'], complete: false })
  t.equal(proxy.requests.length, 2)
})

t.test('a bucket S3 refuses to list is not worth asking again soon', async (t) => {
  const s3 = await startS3(t, [])
  t.same(await listObjects('no-such-bucket', options(s3.endpoint)), { ok: false, reason: 'HTTP 404 NoSuchBucket', retry: false })
})

t.test('failures that may pass', async (t) => {
  const s3 = await startS3(t, [BUCKET])
  await s3.put(BUCKET, 'a.mp3')
  const proxy = await startProxy(t, s3.endpoint)

  proxy.mode = 'error'
  t.same(await listObjects(BUCKET, options(proxy.endpoint)), { ok: false, reason: 'HTTP 500 InternalError', retry: true })

  proxy.mode = 'malformed'
  t.match(await listObjects(BUCKET, options(proxy.endpoint)), { ok: false, reason: /^malformed listing \(unclosed tag: ListBucketResult at offset \d+\)$/, retry: true })

  const refused = await listObjects(BUCKET, options(await closedEndpoint()))
  t.match(refused, { ok: false, reason: /^cannot reach the S3 endpoint \(ECONNREFUSED\)$/, retry: true })
})

t.test('a redirect is not followed', async (t) => {
  const proxy = await startProxy(t, 'http://127.0.0.1:9/')
  proxy.mode = 'redirect'
  t.same(await listObjects(BUCKET, options(proxy.endpoint)), { ok: false, reason: 'HTTP 301 PermanentRedirect', retry: false })
  t.equal(proxy.requests.length, 1)
})

t.test('the timeout covers waiting for headers and for the body', async (t) => {
  const proxy = await startProxy(t, 'http://127.0.0.1:9/')
  for (const mode of ['hang', 'trickle'] as const) {
    proxy.mode = mode
    const started = Date.now()
    const listing = await listObjects(BUCKET, options(proxy.endpoint, { timeoutMs: 300 }))
    const took = Date.now() - started
    t.same(listing, { ok: false, reason: 'no complete answer within 300 ms', retry: true }, mode)
    t.ok(took < 1500, `${mode}: gave up after ${took} ms`)
  }
})

t.test('an answer larger than the cap is refused', async (t) => {
  const s3 = await startS3(t, [BUCKET])
  for (let i = 0; i < 20; i++) await s3.put(BUCKET, `track-${i}.mp3`)
  t.match(await listObjects(BUCKET, options(s3.endpoint, { maxPageBytes: 1000 })), { ok: false, reason: /^answer of \d+ bytes is larger than 1000$/, retry: true })

  const proxy = await startProxy(t, s3.endpoint)
  proxy.mode = 'flood'
  t.same(await listObjects(BUCKET, options(proxy.endpoint, { maxPageBytes: 256 * 1024 })), { ok: false, reason: 'answer is larger than 262144 bytes', retry: true })
})

t.test('an invalid bucket name is never fetched', async (t) => {
  const proxy = await startProxy(t, 'http://127.0.0.1:9/')
  for (const name of ['Music', 'a', 'evil.example/x', '../x', '127.0.0.1', 'a..b', '']) {
    t.same(await listObjects(name, options(proxy.endpoint)), { ok: false, reason: 'not a valid S3 bucket name', retry: false }, name)
  }
  t.same(proxy.requests, [])
})
