import t from 'tap'
import { openRedisOutboxAdmin } from '../../../src/mail/redis-admin.js'
import { startRedis } from '../../fixtures/redis.js'
import { letter, OWNER, ready, replica } from '../../fixtures/redis-outbox.js'
import { mailbox, sleep } from '../../fixtures/smtp.js'

t.test('a letter set aside after a permanent refusal: listed, retried, dropped', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t, { reject: ['gone@example.com'] })
  const events: string[] = []
  const a = await replica(t, { url: redis.url, smtp: box.url, options: { allowed: ['gone@example.com'], onEvent: (e) => { events.push(e) } } })
  await ready(a)
  t.equal(await a.enqueue(letter(2, { to: 'gone@example.com' })), 'queued')
  const deadline = Date.now() + 5000
  while (!events.includes('set-aside') && Date.now() < deadline) await sleep(20)
  const admin = await openRedisOutboxAdmin({ redisUrl: redis.url })
  t.teardown(async () => await admin.close())
  const listed = await admin.list()
  t.equal(listed.length, 1)
  t.match(listed[0], { key: 'call 2', to: 'gone@example.com', state: 'set-aside', dueAt: undefined, error: /no such mailbox/ })
  const id = listed[0]?.id ?? ''
  t.equal(await admin.retry('nothing'), false)
  t.equal(await admin.retry(id), true)
  await sleep(500)
  t.match(await admin.list(), [{ id, state: 'set-aside' }], 'refused again')
  t.equal(await admin.drop(id), true)
  t.same(await admin.list(), [])
  t.equal(await admin.drop(id), false)
})

t.test('the operator sees letters waiting, and can drop one', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const a = await replica(t, { url: redis.url, smtp: box.url })
  await ready(a)
  const due = Date.now() + 60_000
  t.equal(await a.enqueue(letter(1, { notBefore: due })), 'queued')
  const admin = await openRedisOutboxAdmin({ redisUrl: redis.url })
  t.teardown(async () => await admin.close())
  const [waiting] = await admin.list()
  t.match(waiting, { key: 'call 1', to: OWNER, subject: 'Message 1', state: 'waiting', attempts: 0, error: undefined })
  t.ok(Math.abs((waiting?.dueAt ?? 0) - due) < 100)
  t.equal(await admin.retry(waiting?.id ?? ''), false, 'only a set-aside letter is retried')
  t.equal(await admin.drop(waiting?.id ?? ''), true)
  t.same(await admin.list(), [])
  t.equal(await a.enqueue(letter(1, { notBefore: due })), 'queued', 'a dropped letter is forgotten')
})

t.test('without REDIS_URL there is no Redis outbox to administer', async (t) => {
  await t.rejects(openRedisOutboxAdmin({ redisUrl: undefined }), /REDIS_URL is not set/)
})
