import { createHash } from 'node:crypto'
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { openRedisOutboxAdmin } from '../../../src/mail/redis-admin.js'
import { spoolDirOf } from '../../../src/mail/spool.js'
import { startRedis } from '../../fixtures/redis.js'
import { letter, OWNER, ready, replica } from '../../fixtures/redis-outbox.js'
import { mailbox, sleep } from '../../fixtures/smtp.js'
import { testFolder } from '../../fixtures/folder.js'
import { eventually } from '../../fixtures/wait.js'

/** The id of the letter with `key`, as the outbox names it: the start of its key's SHA-256. */
function idOf (key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32)
}

t.test('a letter set aside after a permanent refusal: listed, retried, dropped', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t, { reject: ['gone@example.com'] })
  const events: string[] = []
  const a = await replica(t, { url: redis.url, smtp: box.url, options: { allowed: ['gone@example.com'], onEvent: (e) => { events.push(e) } } })
  await ready(a)
  t.equal(await a.enqueue(letter(2, { to: 'gone@example.com' })), 'queued')
  await eventually(() => events.includes('set-aside'))
  const admin = await openRedisOutboxAdmin({ redisUrl: redis.url, outboxDir: testFolder(t) })
  t.teardown(async () => await admin.close())
  // The event comes a Redis round trip before the queue has the job among its failed ones.
  const setAside = async (): Promise<boolean> => (await admin.list())[0]?.state === 'set-aside'
  await eventually(setAside)
  const listed = await admin.list()
  t.equal(listed.length, 1)
  t.match(listed[0], { key: 'call 2', to: 'gone@example.com', state: 'set-aside', dueAt: undefined, error: /no such mailbox/ })
  const id = listed[0]?.id ?? ''
  t.equal(await admin.retry('nothing'), false)
  t.equal(await admin.retry(id), true)
  await eventually(async () => events.filter((e) => e === 'set-aside').length === 2 && await setAside())
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
  const admin = await openRedisOutboxAdmin({ redisUrl: redis.url, outboxDir: testFolder(t) })
  t.teardown(async () => await admin.close())
  const [waiting] = await admin.list()
  t.match(waiting, { key: 'call 1', to: OWNER, subject: 'Message 1', state: 'waiting', attempts: 0, error: undefined })
  t.ok(Math.abs((waiting?.dueAt ?? 0) - due) < 100)
  t.equal(await admin.retry(waiting?.id ?? ''), false, 'only a set-aside letter is retried')
  t.equal(await admin.drop(waiting?.id ?? ''), true)
  t.same(await admin.list(), [])
  t.equal(await a.enqueue(letter(1, { notBefore: due })), 'queued', 'a dropped letter is forgotten')
  t.equal(await a.enqueue(letter(2)), 'queued')
  await box.waitFor(1)
  // Sent, and recorded as sent: the job is done only a few Redis round trips after the mail arrived.
  await eventually(async () => !(await admin.list()).some((l) => l.key === 'call 2'))
  t.match(await admin.list(), [{ key: 'call 1', state: 'waiting' }])
  t.equal(await admin.drop(idOf('call 2')), false, 'a sent letter is not in the outbox')
  t.equal(await a.enqueue(letter(2)), 'duplicate', 'and its record stays: a retried callback is not mailed again')
})

t.test('without REDIS_URL there is no Redis outbox to administer', async (t) => {
  await t.rejects(openRedisOutboxAdmin({ redisUrl: undefined, outboxDir: '.' }), /REDIS_URL is not set/)
})

t.test('letters in this machine\'s spool: counted when Redis is down, listed once it answers, dropped for good', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const dir = testFolder(t)
  const a = await replica(t, { url: redis.url, smtp: box.url, dir })
  await ready(a)
  await redis.stop()
  const later = Date.parse('2030-01-01T09:00:00Z')
  for (const n of [1, 2]) t.equal(await a.enqueue(letter(n)), 'queued')
  t.equal(await a.enqueue(letter(3, { notBefore: later })), 'queued')
  await t.rejects(openRedisOutboxAdmin({ redisUrl: redis.url, outboxDir: dir }), /; 3 e-mails wait in .*spool on this machine until it answers$/)
  // Stopped while Redis was down: what it spooled waits for the next start.
  await a.close()
  await redis.start()
  const admin = await openRedisOutboxAdmin({ redisUrl: redis.url, outboxDir: dir })
  t.teardown(async () => await admin.close())
  // A write of the replica's under way, and a file torn by a crash.
  const torn = 'ab'.repeat(16)
  await writeFile(join(spoolDirOf(dir), '.tmp-underway'), '{')
  await writeFile(join(spoolDirOf(dir), `${torn}.json`), '{"version":1,')
  await writeFile(join(spoolDirOf(dir), 'notes.json'), 'the operator\'s own file')
  const all = await admin.list()
  t.match(all.filter((l) => l.id === torn), [{ state: 'spooled', key: '', error: /spool\/a+b.*\.json is not a spooled e-mail this service can read$/ }])
  t.notOk(all.some((l) => l.id === 'notes'), 'a file not named by an id is not listed')
  t.ok((await readdir(spoolDirOf(dir))).includes('.tmp-underway'), 'the command leaves a write under way alone')
  t.equal(await admin.drop(torn), true, 'the torn file can be dropped')
  t.equal(await admin.drop('../../etc'), false, 'an id names no other file')
  const listed = await admin.list()
  t.match(listed.map(({ key, state }) => ({ key, state })).sort((x, y) => x.key.localeCompare(y.key)), [
    { key: 'call 1', state: 'spooled' }, { key: 'call 2', state: 'spooled' }, { key: 'call 3', state: 'spooled' }
  ])
  t.match(listed.find((l) => l.key === 'call 3'), { to: OWNER, subject: 'Message 3', dueAt: later, attempts: undefined, error: undefined })
  const id = (key: string): string => listed.find((l) => l.key === key)?.id ?? ''
  t.equal(await admin.retry(id('call 2')), false, 'a spooled letter is not set aside')
  t.equal(await admin.drop(id('call 1')), true)
  t.equal(await admin.drop(id('call 1')), false)
  t.equal((await admin.list()).length, 2)
  await replica(t, { url: redis.url, smtp: box.url, dir })
  await box.waitFor(1, 15_000)
  await eventually(async () => !(await admin.list()).some((l) => l.state === 'spooled'))
  const moved = await admin.list()
  t.match(moved, [{ key: 'call 3', state: 'waiting' }], 'moved to Redis')
  t.ok(Math.abs((moved[0]?.dueAt ?? 0) - later) < 100, 'due when it was')
  await sleep(300)
  t.same(box.received.map((r) => r.mail.subject), ['Message 2'], 'the dropped letter is never sent')
})
