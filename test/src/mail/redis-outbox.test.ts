import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { RedisOutbox, spoolDirOf } from '../../../src/mail/redis-outbox.js'
import { fileTransport, smtpTransport } from '../../../src/mail/transport.js'
import { memoryLog } from '../../fixtures/log.js'
import { startRedis } from '../../fixtures/redis.js'
import { FROM, letter, OWNER, ready, replica, RETRY, twoReplicas } from '../../fixtures/redis-outbox.js'
import { mailbox, sleep } from '../../fixtures/smtp.js'
import { testFolder } from '../../fixtures/folder.js'
import { eventually } from '../../fixtures/wait.js'

// The TypeScript loader tap runs this test with, for the child replica.
const LOADER = process.execArgv.filter((arg) => arg.includes('@tapjs/typescript'))

t.test('a letter at one replica and its replacement at another: one e-mail, with the replacement', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const [a, b] = await twoReplicas(t, { url: redis.url, smtp: box.url })
  t.equal(await a.enqueue(letter(1, { subject: 'recording', notBefore: Date.now() + 60_000 })), 'queued')
  t.equal(await b.enqueue(letter(1, { subject: 'transcript', replace: true, revision: 1 })), 'replaced')
  await box.waitFor(1)
  await sleep(500)
  t.same(box.received.map((r) => r.mail.subject), ['transcript'])
  t.equal(await a.enqueue(letter(1, { subject: 'transcript', replace: true, revision: 1 })), 'duplicate', 'a retried callback after delivery')
  t.equal(await b.enqueue(letter(1, { subject: 'recording' })), 'duplicate')
})

t.test('the same letter at two replicas: the second is a duplicate, one e-mail once its time comes', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const [a, b] = await twoReplicas(t, { url: redis.url, smtp: box.url })
  // Far enough off that three admissions through Redis are over long before it, on a loaded machine too.
  const due = Date.now() + 3000
  t.equal(await a.enqueue(letter(1, { notBefore: due })), 'queued')
  t.equal(await b.enqueue(letter(1, { notBefore: due })), 'duplicate')
  t.equal(await a.enqueue(letter(1, { notBefore: due })), 'duplicate')
  await sleep(300)
  t.equal(box.received.length, 0, 'not before its time')
  await box.waitFor(1)
  t.ok(Date.now() >= due)
  await sleep(400)
  t.same(box.received.map((r) => r.mail.subject), ['Message 1'])
  t.match(box.received[0]?.mail.messageId, /@twimlets\.test>$/)
})

t.test('older news arriving late at another replica does not replace newer', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const [a, b] = await twoReplicas(t, { url: redis.url, smtp: box.url })
  const later = Date.now() + 60_000
  t.equal(await a.enqueue(letter(1, { subject: 'recording', notBefore: later })), 'queued')
  t.equal(await b.enqueue(letter(1, { subject: 'two words', replace: true, revision: 2, notBefore: later })), 'replaced')
  t.equal(await a.enqueue(letter(1, { subject: 'one word', replace: true, revision: 1 })), 'duplicate')
  t.equal(await a.enqueue(letter(1, { subject: 'all words', replace: true, revision: 3 })), 'replaced')
  await box.waitFor(1)
  await sleep(300)
  t.same(box.received.map((r) => r.mail.subject), ['all words'])
})

t.test('a replica killed mid-delivery: another delivers the letter, once', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const child = spawn(process.execPath, [...LOADER, 'test/fixtures/mail-replica.ts', redis.url, testFolder(t), 'call 7'], {
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk })
  t.teardown(() => { child.kill('SIGKILL') })
  const deadline = Date.now() + 20_000
  while (!out.includes('sending')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the child replica never started sending: ${out}`)
    await sleep(20)
  }
  t.match(out, /queued/)
  child.kill('SIGKILL')
  const killedAt = Date.now()
  await replica(t, { url: redis.url, smtp: box.url })
  await box.waitFor(1, 10_000)
  t.ok(Date.now() - killedAt < 5_000, 'taken over once the dead replica\'s lock lapsed')
  await sleep(1500)
  t.same(box.received.map((r) => r.mail.subject), ['cut off'])
})

t.test('Redis down: letters go to the local spool, then to Redis once it answers, each sent once', async (t) => {
  const redis = await startRedis(t, { appendOnly: true })
  const box = await mailbox(t)
  const dir = testFolder(t)
  const log = memoryLog()
  const a = await replica(t, { url: redis.url, smtp: box.url, dir, log })
  await ready(a)
  t.equal(await a.enqueue(letter(1, { subject: 'recording', notBefore: Date.now() + 1500 })), 'queued')
  t.equal(await a.enqueue(letter(2)), 'queued')
  await box.waitFor(1)
  await redis.stop()
  const started = Date.now()
  t.equal(await a.enqueue(letter(1, { subject: 'transcript', replace: true, revision: 1 })), 'queued', 'kept in the spool, to replace once moved')
  t.equal(await a.enqueue(letter(2)), 'queued', 'a retry of a letter already sent: Redis will know')
  t.equal(await a.enqueue(letter(3)), 'queued')
  t.equal(await a.enqueue(letter(3)), 'duplicate', 'the spool knows its own')
  t.ok(Date.now() - started < 1000, 'at once, without waiting for Redis')
  t.same((await readdir(spoolDirOf(dir))).length, 3, 'on disk')
  t.same(await a.redis(), { reachable: false, spooled: 3 })
  t.ok(log.at('error').some((l) => /Redis does not answer/.test(l.message)))
  await redis.start()
  await box.waitFor(3, 15_000)
  await sleep(2000)
  t.same(box.received.map((r) => r.mail.subject).sort(), ['Message 2', 'Message 3', 'transcript'])
  t.same(await readdir(spoolDirOf(dir)), [])
  t.same(await a.redis(), { reachable: true, spooled: 0 })
})

t.test('what the spool holds when its replica stops is moved by the next start', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const dir = testFolder(t)
  await redis.stop()
  const a = await RedisOutbox.open({ url: redis.url, spoolDir: spoolDirOf(dir), transport: smtpTransport(box.url), from: FROM, allowed: [OWNER], retry: RETRY, log: memoryLog() })
  t.equal(await a.enqueue(letter(1)), 'queued')
  await a.close()
  await redis.start()
  await replica(t, { url: redis.url, smtp: box.url, dir })
  await box.waitFor(1, 15_000)
  // The worker may deliver before the mover has removed the spool's file.
  await eventually(async () => (await readdir(spoolDirOf(dir))).length === 0)
  t.same(await readdir(spoolDirOf(dir)), [])
})

t.test('a letter dropped from the spool (outbox drop) while Redis is down is not moved, nor sent', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const dir = testFolder(t)
  const log = memoryLog()
  const a = await replica(t, { url: redis.url, smtp: box.url, dir, log })
  await ready(a)
  await redis.stop()
  t.equal(await a.enqueue(letter(1)), 'queued')
  t.equal(await a.enqueue(letter(2)), 'queued')
  const [first] = (await readdir(spoolDirOf(dir))).filter((name) => readFileSync(join(spoolDirOf(dir), name), 'utf8').includes('"call 1"'))
  await rm(join(spoolDirOf(dir), first as string))
  await redis.start()
  await box.waitFor(1, 15_000)
  await eventually(async () => (await readdir(spoolDirOf(dir))).length === 0)
  await sleep(300)
  t.same(box.received.map((r) => r.mail.subject), ['Message 2'])
  t.match(log.at('info').filter((line) => line.fields.key === 'call 1'), [{ message: /was removed from .*spool \(npx twimlets outbox drop\); not sent$/ }])
  t.same(await readdir(spoolDirOf(dir)), [])
})

t.test('Redis killed and restarted with its append-only file: no letter waiting is lost', async (t) => {
  const redis = await startRedis(t, { appendOnly: true })
  const box = await mailbox(t)
  const a = await replica(t, { url: redis.url, smtp: box.url })
  await ready(a)
  const due = Date.now() + 1500
  for (const n of [1, 2, 3]) t.equal(await a.enqueue(letter(n, { notBefore: due })), 'queued')
  await redis.kill()
  await redis.start()
  await box.waitFor(3, 15_000)
  await sleep(500)
  t.same(box.received.map((r) => r.mail.subject).sort(), ['Message 1', 'Message 2', 'Message 3'])
})

t.test('quotas and shares are counted for every replica together', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const reasons: string[] = []
  const quotas = { windowMs: 60_000, perRecipient: 3, perCaller: 2, queuedPerRecipient: 2 }
  const log = memoryLog()
  const options = { quotas, onNotStored: (reason: string) => { reasons.push(reason) } }
  const [a, b] = await twoReplicas(t, { url: redis.url, smtp: box.url, options, log })
  const later = Date.now() + 60_000
  t.equal(await a.enqueue(letter(1, { caller: '+15105551212', notBefore: later })), 'queued')
  t.equal(await b.enqueue(letter(2, { caller: '+15105551212', notBefore: later })), 'queued')
  t.equal(await a.enqueue(letter(3, { caller: '+15105551213', notBefore: later })), 'failed', 'the recipient\'s share of the queue is taken')
  t.equal(await b.enqueue(letter(4, { to: 'other@example.com', caller: '+15105551212' })), 'failed', 'the caller\'s quota is spent')
  t.equal(await a.enqueue(letter(5, { to: 'other@example.com', caller: 'anonymous' })), 'queued', 'withheld numbers are not one caller')
  t.equal(await b.enqueue(letter(1, { subject: 'transcript', replace: true, caller: '+15105551212' })), 'replaced', 'a replacement is no more mail')
  t.same(reasons, ['recipient-queue', 'caller-quota'])
  t.match(log.at('error')[0], { fields: { reason: 'recipient-queue', key: 'call 3', text: 'Body 3' } })
})

t.test('the outbox-wide cap holds across replicas', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const [a, b] = await twoReplicas(t, { url: redis.url, smtp: box.url, options: { maxQueued: 2 } })
  const later = Date.now() + 60_000
  t.equal(await a.enqueue(letter(1, { notBefore: later })), 'queued')
  t.equal(await b.enqueue(letter(2, { to: 'other@example.com', notBefore: later })), 'queued')
  t.equal(await a.enqueue(letter(3, { to: 'other@example.com', notBefore: later })), 'failed')
  t.equal(a.size, 2, 'the depth every replica sees')
})

t.test('with files for mail, each replica keeps its mail/ within the disk budget; a letter let in while there was room waits for it', async (t) => {
  const redis = await startRedis(t)
  const budget = 64 * 1024
  const root = testFolder(t)
  const dirs = [join(root, 'a'), join(root, 'b')]
  const mailDirs = dirs.map((dir) => join(dir, 'mail'))
  await mkdir(mailDirs[0] as string, { recursive: true })
  // What the operator has not cleared yet: 56 KiB, leaving room for two messages of a block each.
  await writeFile(join(mailDirs[0] as string, 'earlier.eml'), 'x'.repeat(56 * 1024))
  const reasons: string[] = []
  const log = memoryLog()
  const full = await replica(t, {
    url: redis.url,
    smtp: fileTransport(mailDirs[0] as string),
    dir: dirs[0],
    log,
    options: { disk: { bytes: budget, dirs: [mailDirs[0] as string] }, onNotStored: (reason) => { reasons.push(reason) } }
  })
  await ready(full)
  // Far enough that all three are let in before the first is written, on a loaded machine too.
  const soon = Date.now() + 2000
  t.equal(await full.enqueue(letter(1, { notBefore: soon })), 'queued')
  t.equal(await full.enqueue(letter(2, { notBefore: soon })), 'queued')
  t.equal(await full.enqueue(letter(3, { notBefore: soon })), 'queued', 'room is what the folder holds: letters waiting in Redis may be written at any replica')
  await eventually(async () => log.at('warn').length > 0)
  t.same((await readdir(mailDirs[0] as string)).length, 3, 'the earlier file and two new ones')
  t.match(log.at('warn')[0], { message: /not sent yet via files in .*; will retry$/, fields: { err: /already hold 65536 of the 65536 bytes OUTBOX_DISK_BUDGET_BYTES allows$/ } })
  t.equal(await full.enqueue(letter(4)), 'failed', 'a new letter is refused at once')
  t.same(reasons, ['disk-budget'])
  t.match(log.at('error'), [{ fields: { reason: 'disk-budget', key: 'call 4', text: 'Body 4' } }])
  t.equal(await full.enqueue(letter(1, { subject: 'transcript', replace: true, revision: 1 })), 'duplicate', 'a letter already sent is a duplicate, not a refusal')
  t.equal(await full.enqueue(letter(3)), 'duplicate', 'nor is one waiting')
  // A replica with room takes the letter that waited.
  await replica(t, { url: redis.url, smtp: fileTransport(mailDirs[1] as string), dir: dirs[1], options: { disk: { bytes: budget, dirs: [mailDirs[1] as string] } } })
  await eventually(async () => (await readdir(mailDirs[1] as string).catch(() => [])).length > 0)
  await sleep(300)
  t.equal((await readdir(mailDirs[1] as string).catch(() => [])).length, 1, 'written once, where there was room')
  t.equal((await readdir(mailDirs[0] as string)).length, 3)
  await redis.stop()
  t.equal(await full.enqueue(letter(5)), 'failed', 'Redis down, the spool asks the same')
  t.same(reasons, ['disk-budget', 'disk-budget'])
  t.equal(await full.enqueue(letter(6, { replace: true, revision: 1 })), 'queued', 'a replacement is kept: what it replaces is likely in Redis')
  t.equal((await readdir(spoolDirOf(dirs[0] as string))).length, 1, 'only it is spooled')
})

t.test('a refused recipient is refused before Redis is asked', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const events: string[] = []
  const a = await replica(t, { url: redis.url, smtp: box.url, options: { allowed: [OWNER], onEvent: (e) => { events.push(e) } } })
  t.equal(await a.enqueue(letter(1, { to: 'stranger@example.net' })), 'refused')
  t.same(events, ['refused'])
})

t.test('recipients take turns: a flood to one delays another\'s mail by little', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t, { down: true })
  const a = await replica(t, { url: redis.url, smtp: box.url })
  await ready(a)
  for (const n of [1, 2, 3, 4, 5]) t.equal(await a.enqueue(letter(n)), 'queued')
  t.equal(await a.enqueue(letter(6, { to: 'other@example.com' })), 'queued')
  await sleep(100)
  await box.up()
  await box.waitFor(6, 10_000)
  const order = box.received.map((r) => r.envelope.to[0])
  t.ok(order.indexOf('other@example.com') <= 2, `served in turn: ${order.join(' ')}`)
})

t.test('SMTP down, then up: retried with doubling waits, sent once; a permanent refusal is set aside', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t, { down: true, reject: ['gone@example.com'] })
  const events: string[] = []
  const log = memoryLog()
  const a = await replica(t, { url: redis.url, smtp: box.url, log, options: { allowed: [OWNER, 'gone@example.com'], onEvent: (e) => { events.push(e) } } })
  await ready(a)
  t.equal(await a.enqueue(letter(1)), 'queued')
  const failures = (): typeof log.lines => log.at('warn').filter((l) => /will retry/.test(l.message))
  await eventually(() => failures().length >= 2)
  const retries = failures()
  t.ok(retries.length >= 2)
  t.match(retries[0], { fields: { key: 'call 1', attempt: 1, retryInMs: RETRY.minMs } })
  t.match(retries[1], { fields: { attempt: 2, retryInMs: RETRY.minMs * 2 } })
  await box.up()
  await box.waitFor(1)
  t.equal(await a.enqueue(letter(2, { to: 'gone@example.com' })), 'queued')
  await eventually(() => events.includes('set-aside'))
  await sleep(300)
  t.same(box.received.map((r) => r.mail.subject), ['Message 1'])
  t.ok(events.includes('attempt-failed') && events.includes('delivered') && events.includes('set-aside'))
})
