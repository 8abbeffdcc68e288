import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import t from 'tap'
import { idOf } from '../../../src/mail/drafts.js'
import { RedisDrafts, type RedisDraftOptions } from '../../../src/mail/redis-drafts.js'
import { memoryLog } from '../../fixtures/log.js'
import { startRedis } from '../../fixtures/redis.js'

interface Count { n: number }
const valid = (value: unknown): value is Count => typeof (value as Partial<Count> | null)?.n === 'number'
const add = (current: Count | undefined): Count => ({ n: (current?.n ?? 0) + 1 })

type Teardown = Parameters<typeof startRedis>[0]

/** A replica's drafts on `url`, closed at teardown. */
async function replica (t: Teardown, url: string, options: Partial<RedisDraftOptions<Count>> = {}) {
  const log = memoryLog()
  const drafts = await RedisDrafts.open({ url, valid, log, ...options })
  t.teardown(async () => { await drafts.close() })
  return { drafts, log }
}

/** A plain client, to look at what the drafts stored. */
function inspector (t: Teardown, url: string): Redis {
  const client = new Redis(url)
  t.teardown(async () => { await client.quit() })
  return client
}

t.test('two replicas share each draft: a change made on one is seen by the other', async (t) => {
  const redis = await startRedis(t)
  const a = await replica(t, redis.url)
  const b = await replica(t, redis.url)
  t.same(await a.drafts.update('call 1', add), { n: 1 })
  t.same(await b.drafts.update('call 1', add), { n: 2 })
  t.same(await a.drafts.update('call 1', add), { n: 3 })
  t.same(await b.drafts.update('call 2', add), { n: 1 }, 'another key is another draft')
  t.same([...a.log.lines, ...b.log.lines], [])
})

t.test('concurrent changes from two replicas to one draft are each applied once, none lost', async (t) => {
  const redis = await startRedis(t)
  const a = await replica(t, redis.url)
  const b = await replica(t, redis.url)
  const results = await Promise.all(Array.from({ length: 40 }, async (_, i) => await (i % 2 === 0 ? a : b).drafts.update('call', add)))
  t.same(results.map((r) => r?.n).sort((x, y) => (x ?? 0) - (y ?? 0)), Array.from({ length: 40 }, (_, i) => i + 1))
  t.same(await a.drafts.update('call', (current) => current ?? { n: -1 }), { n: 40 })
  t.same([...a.log.lines, ...b.log.lines], [])
})

t.test('each draft expires keepMs after its last change; the index of drafts too', async (t) => {
  const redis = await startRedis(t)
  const { drafts } = await replica(t, redis.url, { keepMs: 60_000 })
  await drafts.update('call', add)
  const client = inspector(t, redis.url)
  const key = `twimlets:{drafts}:${idOf('call')}`
  t.ok(await client.pttl(key) > 59_000, 'the draft expires')
  t.ok(await client.pttl('twimlets:{drafts}:index') > 59_000, 'the index expires')
  t.match(JSON.parse(await client.get(key) ?? ''), { key: 'call', changedAt: Number, value: { n: 1 } })

  const short = await replica(t, redis.url, { keepMs: 100 })
  await short.drafts.update('brief', add)
  await sleep(250)
  t.equal(await client.exists(`twimlets:{drafts}:${idOf('brief')}`), 0, 'gone from Redis')
  t.same(await short.drafts.update('brief', add), { n: 1 }, 'starts afresh')
})

t.test('bounded: past the most kept, a new draft is refused (logged); a known one still changes', async (t) => {
  const redis = await startRedis(t)
  const { drafts, log } = await replica(t, redis.url, { max: 2 })
  const other = await replica(t, redis.url, { max: 2 })
  await drafts.update('a', add)
  await other.drafts.update('b', add)
  t.equal(await drafts.update('c', add), undefined, 'two are kept, by either replica')
  t.match(log.at('error'), [{ message: 'could not store a voicemail draft', fields: { key: 'c', err: '2 voicemail drafts are already kept' } }])
  t.same(await drafts.update('a', add), { n: 2 })
  t.same(await other.drafts.update('b', add), { n: 2 })
})

t.test('a damaged draft in Redis is replaced, and logged', async (t) => {
  const redis = await startRedis(t)
  const client = inspector(t, redis.url)
  await client.set(`twimlets:{drafts}:${idOf('torn')}`, '{"key":')
  await client.set(`twimlets:{drafts}:${idOf('odd')}`, JSON.stringify({ key: 'odd', changedAt: 1, value: { n: 'no' } }))
  const { drafts, log } = await replica(t, redis.url)
  t.same(await drafts.update('torn', add), { n: 1 })
  t.same(await drafts.update('odd', add), { n: 1 })
  t.same(log.at('error').map((line) => line.message), ['unreadable voicemail draft in Redis replaced', 'unreadable voicemail draft in Redis replaced'])
})

t.test('Redis down: a change fails within seconds and is logged; once Redis is back, drafts change again', async (t) => {
  const redis = await startRedis(t, { appendOnly: true })
  const { drafts, log } = await replica(t, redis.url)
  t.same(await drafts.update('call', add), { n: 1 })
  await redis.stop()
  const started = Date.now()
  const results = await Promise.all([drafts.update('call', add), drafts.update('call', add), drafts.update('other', add)])
  t.same(results, [undefined, undefined, undefined])
  t.ok(Date.now() - started < 5_000, `answered in ${Date.now() - started} ms`)
  t.match(log.at('error'), [{ message: /^Redis \(twimlets-drafts\) cannot be reached/ }])
  t.equal(log.at('error').filter((line) => line.message === 'could not store a voicemail draft').length, 3)
  await redis.start()
  let after: Count | undefined
  for (let tries = 0; tries < 50 && after === undefined; tries++) {
    after = await drafts.update('call', add)
    if (after === undefined) await sleep(100)
  }
  t.same(after, { n: 2 }, 'what was stored before the outage is still there (append-only file)')
  t.match(log.at('info'), [{ message: 'Redis (twimlets-drafts) is reachable again' }])
})
