import { readFileSync } from 'node:fs'
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'
import t from 'tap'
import { Outbox, type Letter, type MailLog, type OutboxOptions } from '../../../src/mail/outbox.js'
import type { NotStored, Quotas } from '../../../src/mail/quotas.js'
import { fileTransport, smtpTransport } from '../../../src/mail/transport.js'
import { memoryLog } from '../../fixtures/log.js'
import { mailbox, sleep } from '../../fixtures/smtp.js'
import { partFolder, testFolder } from '../../fixtures/folder.js'
import { emlFiles, eventually } from '../../fixtures/wait.js'

const RETRY = { minMs: 20, maxMs: 80 }
const FROM = { name: 'Voicemail', address: 'voicemail@twimlets.test' }
const OWNER = 'owner@example.com'

interface Teardown { teardown: (fn: () => unknown) => void }

function letter (n: number, extra: Partial<Letter> = {}): Letter {
  return { key: `call ${n}`, to: OWNER, subject: `Message ${n}`, text: `Body ${n}`, html: `<p>Body ${n}</p>`, ...extra }
}

interface Setup {
  dir: string
  /** The SMTP server; without one, the file outbox. */
  url?: string
  allowed?: string[]
  log?: MailLog
  options?: Partial<OutboxOptions>
}

async function open (t: Teardown, setup: Setup): Promise<Outbox> {
  const transport = setup.url === undefined ? fileTransport(join(setup.dir, 'mail')) : smtpTransport(setup.url)
  const outbox = await Outbox.open({ dir: setup.dir, transport, from: FROM, allowed: setup.allowed ?? [OWNER], retry: RETRY, log: setup.log ?? memoryLog(), ...setup.options })
  t.teardown(async () => await outbox.close())
  return outbox
}

async function files (dir: string): Promise<string[]> {
  return await readdir(dir).catch(() => [])
}

t.test('a letter is on disk when enqueue resolves, whole, before any delivery', async (t) => {
  const box = await mailbox(t, { down: true })
  const dir = testFolder(t)
  const outbox = await open(t, { dir, url: box.url })
  t.equal(await outbox.enqueue(letter(1)), 'queued')
  const queued = await files(join(dir, 'queue'))
  t.equal(queued.length, 1)
  const stored = JSON.parse(await readFile(join(dir, 'queue', queued[0] as string), 'utf8'))
  t.match(stored, { key: 'call 1', to: OWNER, envelope: { from: FROM.address, to: [OWNER] } })
  const mail = await simpleParser(stored.raw)
  t.equal(mail.subject, 'Message 1')
  t.equal(mail.text?.trim(), 'Body 1')
})

t.test('SMTP down, then up: every message arrives exactly once', async (t) => {
  const box = await mailbox(t, { down: true })
  const dir = testFolder(t)
  const log = memoryLog()
  const outbox = await open(t, { dir, url: box.url, log })
  for (const n of [1, 2, 3]) t.equal(await outbox.enqueue(letter(n)), 'queued')
  await eventually(() => log.at('warn').length >= 3 && log.at('warn').some((l) => Number(l.fields.attempt) >= 2))
  t.equal(box.received.length, 0)
  const retries = log.at('warn')
  t.ok(retries.length >= 3, 'each failed attempt is logged')
  t.match(retries[0], { fields: { key: 'call 1', attempt: 1, retryInMs: RETRY.minMs } })
  t.ok(retries.some((l) => Number(l.fields.attempt) >= 2), 'and retried')
  t.equal((await files(join(dir, 'queue'))).length, 3, 'nothing leaves the queue while the server is down')

  await box.up()
  await box.waitFor(3)
  // Several more retry periods: a message sent twice would show up now.
  await sleep(RETRY.maxMs * 4)
  t.same(box.received.map((r) => r.mail.subject).sort(), ['Message 1', 'Message 2', 'Message 3'])
  t.same(box.received[0]?.envelope, { from: FROM.address, to: [OWNER] })
  t.same(box.received[0]?.mail.from?.value, [FROM])
  t.same(await files(join(dir, 'queue')), [])
  t.equal(outbox.size, 0)
  t.equal(log.at('info').filter((l) => /delivered/.test(l.message)).length, 3)
})

t.test('messages queued before a restart are sent after it, once', async (t) => {
  const box = await mailbox(t, { down: true })
  const dir = testFolder(t)
  const first = await open(t, { dir, url: box.url })
  t.equal(await first.enqueue(letter(1)), 'queued')
  t.equal(await first.enqueue(letter(2, { notBefore: Date.now() + 60_000 })), 'queued')
  await first.close()

  await box.up()
  const log = memoryLog()
  const second = await open(t, { dir, url: box.url, log })
  t.match(log.at('info')[0], { fields: { pending: 2 } })
  await box.waitFor(1)
  await sleep(RETRY.maxMs * 3)
  t.same(box.received.map((r) => r.mail.subject), ['Message 1'], 'the deferred one keeps its time')
  t.equal(second.size, 1)
  t.equal(await second.enqueue(letter(1)), 'duplicate', 'a sent key is remembered across the restart')
})

t.test('the same key is one e-mail: while queued and after it was sent', async (t) => {
  const box = await mailbox(t)
  const dir = testFolder(t)
  const outbox = await open(t, { dir, url: box.url })
  t.equal(await outbox.enqueue(letter(1)), 'queued')
  t.equal(await outbox.enqueue(letter(1, { subject: 'again' })), 'duplicate')
  await box.waitFor(1)
  t.equal(await outbox.enqueue(letter(1, { subject: 'later' })), 'duplicate')
  await sleep(RETRY.maxMs * 2)
  t.same(box.received.map((r) => r.mail.subject), ['Message 1'])
})

t.test('a waiting letter is replaced by one with replace set, and sent at its time', async (t) => {
  const box = await mailbox(t)
  const dir = testFolder(t)
  const outbox = await open(t, { dir, url: box.url })
  t.equal(await outbox.enqueue(letter(1, { subject: 'without transcript', notBefore: Date.now() + 60_000 })), 'queued')
  await sleep(100)
  t.equal(box.received.length, 0, 'not before its time')
  t.equal(await outbox.enqueue(letter(1, { subject: 'with transcript', replace: true })), 'replaced')
  await box.waitFor(1)
  await sleep(RETRY.maxMs * 2)
  t.same(box.received.map((r) => r.mail.subject), ['with transcript'])
})

t.test('a replacement that tells less than the waiting letter, arriving late, is a duplicate', async (t) => {
  const box = await mailbox(t)
  const outbox = await open(t, { dir: testFolder(t), url: box.url })
  const later = Date.now() + 60_000
  t.equal(await outbox.enqueue(letter(1, { subject: 'recording', notBefore: later })), 'queued')
  t.equal(await outbox.enqueue(letter(1, { subject: 'two words', replace: true, revision: 2, notBefore: later })), 'replaced')
  t.equal(await outbox.enqueue(letter(1, { subject: 'one word', replace: true, revision: 1 })), 'duplicate', 'the older news keeps out')
  t.equal(await outbox.enqueue(letter(1, { subject: 'all words', replace: true, revision: 3 })), 'replaced', 'newer news takes its place')
  await box.waitFor(1)
  await sleep(RETRY.maxMs * 2)
  t.same(box.received.map((r) => r.mail.subject), ['all words'])
})

t.test('a letter is sent once its time comes', async (t) => {
  const box = await mailbox(t)
  const outbox = await open(t, { dir: testFolder(t), url: box.url })
  const at = Date.now() + 300
  await outbox.enqueue(letter(1, { notBefore: at }))
  await box.waitFor(1)
  t.ok(Date.now() >= at)
})

t.test('a recipient the server refuses for good is set aside, not retried', async (t) => {
  const gone = 'gone@example.com'
  const box = await mailbox(t, { reject: [gone] })
  const dir = testFolder(t)
  const log = memoryLog()
  const outbox = await open(t, { dir, url: box.url, log, allowed: ['@example.com'] })
  await outbox.enqueue(letter(1, { to: gone }))
  await outbox.enqueue(letter(2))
  await box.waitFor(1)
  await sleep(RETRY.maxMs * 3)
  t.same(box.recipients.filter((r) => r === gone), [gone], 'asked once')
  t.equal((await files(join(dir, 'failed'))).length, 1)
  t.same(await files(join(dir, 'queue')), [])
  t.match(log.at('error'), [{ fields: { to: gone }, message: /refused by the mail server/ }])
})

t.test('over SMTP only allow-listed recipients are written to; refusals are logged', async (t) => {
  const box = await mailbox(t)
  const dir = testFolder(t)
  const log = memoryLog()
  const outbox = await open(t, { dir, url: box.url, log, allowed: ['boss@example.com', '@corp.example'] })
  t.equal(await outbox.enqueue(letter(1, { to: 'boss@example.com' })), 'queued')
  t.equal(await outbox.enqueue(letter(2, { to: 'Anyone@Corp.Example' })), 'queued')
  t.equal(await outbox.enqueue(letter(3, { to: 'victim@elsewhere.example' })), 'refused')
  t.equal(await outbox.enqueue(letter(4, { to: 'x@sub.corp.example' })), 'refused')
  t.match(log.at('warn'), [
    { fields: { to: 'victim@elsewhere.example' }, message: /refused: not in VOICEMAIL_ALLOWED_RECIPIENTS/ },
    { fields: { to: 'x@sub.corp.example' } }
  ])
  await box.waitFor(2)
  await sleep(RETRY.maxMs * 2)
  t.same(box.recipients.sort(), ['Anyone@corp.example', 'boss@example.com'])

  const noneLog = memoryLog()
  const none = await open(t, { dir: partFolder(t), url: box.url, log: noneLog, allowed: [] })
  t.equal(await none.enqueue(letter(5, { to: 'boss@example.com' })), 'refused', 'no list refuses everyone')
  t.match(noneLog.lines.at(-1), { level: 'warn', message: /VOICEMAIL_ALLOWED_RECIPIENTS is empty/ })
})

t.test('without SMTP, messages become .eml files and any address will do', async (t) => {
  const dir = testFolder(t)
  const log = memoryLog()
  const outbox = await open(t, { dir, log, allowed: [] })
  t.equal(await outbox.enqueue(letter(1, { to: 'anyone@anywhere.example' })), 'queued')
  t.equal(await outbox.enqueue(letter(2, { to: 'not an address' })), 'refused')
  const written = await emlFiles(join(dir, 'mail'))
  t.equal(written.length, 1)
  t.match(written[0], /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-[0-9a-f]{16}\.eml$/)
  const mail = await simpleParser(await readFile(join(dir, 'mail', written[0] as string)))
  t.equal(mail.subject, 'Message 1')
  t.match(mail.to, { text: 'anyone@anywhere.example' })
  // The file is in place a moment before the delivery is logged.
  await eventually(() => log.at('info').some((l) => /delivered/.test(l.message)))
  t.match(log.at('info').find((l) => /delivered/.test(l.message)), { fields: { where: join(dir, 'mail', written[0] as string) } })
})

t.test('start-up takes up what a crash left: half-written files, sent-but-queued, unreadable', async (t) => {
  const box = await mailbox(t, { down: true })
  const dir = testFolder(t)
  const first = await open(t, { dir, url: box.url })
  await first.enqueue(letter(1))
  await first.enqueue(letter(2))
  await first.close()
  const [one, two] = (await files(join(dir, 'queue'))).sort()
  // As if the process stopped after recording a delivery, before removing the queue entry.
  const sent = JSON.parse(await readFile(join(dir, 'queue', one as string), 'utf8')).key === 'call 1' ? one as string : two as string
  await mkdir(join(dir, 'delivered'), { recursive: true })
  await writeFile(join(dir, 'delivered', sent.replace(/\.json$/, '')), '')
  await writeFile(join(dir, 'queue', '.tmp-abc'), '{"half')
  await writeFile(join(dir, 'queue', 'ffff.json'), 'not json')

  await box.up()
  const log = memoryLog()
  await open(t, { dir, url: box.url, log })
  await box.waitFor(1)
  await sleep(RETRY.maxMs * 2)
  t.same(box.received.map((r) => r.mail.subject), ['Message 2'])
  t.same(await files(join(dir, 'queue')), [])
  t.same(await files(join(dir, 'failed')), ['ffff.json'])
  t.match(log.at('error'), [{ message: /unreadable outbox entry/ }])
})

t.test('close stops retrying at once and leaves the queue on disk', async (t) => {
  const box = await mailbox(t, { down: true })
  const dir = testFolder(t)
  const outbox = await open(t, { dir, url: box.url })
  await outbox.enqueue(letter(1))
  await sleep(50)
  const started = Date.now()
  await outbox.close()
  t.ok(Date.now() - started < 1000)
  await box.up()
  await sleep(RETRY.maxMs * 3)
  t.equal(box.received.length, 0)
  t.equal((await files(join(dir, 'queue'))).length, 1)
})

t.test('a full outbox takes no more, and logs what it could not keep', async (t) => {
  const box = await mailbox(t, { down: true })
  const log = memoryLog()
  const dir = testFolder(t)
  const outbox = await Outbox.open({ dir, transport: smtpTransport(box.url), from: FROM, allowed: [OWNER], retry: RETRY, log, maxQueued: 2 })
  t.teardown(async () => await outbox.close())
  const later = Date.now() + 60_000
  t.equal(await outbox.enqueue(letter(1, { notBefore: later })), 'queued')
  t.equal(await outbox.enqueue(letter(2, { notBefore: later })), 'queued')
  t.equal(await outbox.enqueue(letter(3)), 'failed')
  t.equal(await outbox.enqueue(letter(2, { subject: 'replacement', replace: true })), 'replaced', 'replacing takes no room')
  t.match(log.at('error'), [{ fields: { key: 'call 3', to: OWNER, subject: 'Message 3', text: 'Body 3' }, message: /its content is in this log entry/ }])
  t.equal((await files(join(dir, 'queue'))).length, 2)
})

const OTHER = 'other@example.com'
const THIRD = 'third@example.com'
const NO_QUOTAS: Quotas = { windowMs: 60_000, perRecipient: 0, perCaller: 0, queuedPerRecipient: 10 }

t.test('a flood to one recipient fills only its share of the queue: mail to another is still stored', async (t) => {
  const box = await mailbox(t, { down: true })
  const log = memoryLog()
  const reasons: NotStored[] = []
  const outbox = await open(t, { dir: testFolder(t), url: box.url, allowed: [OWNER, OTHER], log, options: { maxQueued: 20, quotas: NO_QUOTAS, onNotStored: (reason) => reasons.push(reason) } })
  const later = Date.now() + 60_000
  const flood = []
  for (let n = 1; n <= 20; n++) flood.push(await outbox.enqueue(letter(n, { notBefore: later })))
  t.same(flood.filter((r) => r === 'queued').length, 10, 'as many as its share')
  t.same(reasons, Array(10).fill('recipient-queue'))
  t.match(log.at('error')[0], { fields: { reason: 'recipient-queue', to: OWNER }, message: /10 e-mails to owner@example\.com are already waiting to be sent \(VOICEMAIL_QUEUE_PER_RECIPIENT\)/ })
  t.equal(await outbox.enqueue(letter(100, { to: OTHER })), 'queued', 'the global cap is never reached by one recipient')
  t.equal(await outbox.enqueue(letter(1, { notBefore: later, replace: true, subject: 'transcribed' })), 'replaced', 'a replacement is no new mail')
})

t.test('quotas per recipient and per calling number, over a window', async (t) => {
  const box = await mailbox(t, { down: true })
  const reasons: NotStored[] = []
  const quotas = { windowMs: 3000, perRecipient: 3, perCaller: 2, queuedPerRecipient: 100 }
  const outbox = await open(t, { dir: testFolder(t), url: box.url, allowed: [OWNER, OTHER, THIRD], options: { quotas, onNotStored: (reason) => reasons.push(reason) } })
  const results = []
  for (let n = 1; n <= 4; n++) results.push(await outbox.enqueue(letter(n, { caller: `+1510555000${n}` })))
  t.same(results, ['queued', 'queued', 'queued', 'failed'], 'three to one recipient per window')
  t.same(await outbox.enqueue(letter(10, { to: OTHER, caller: '+15105559999' })), 'queued')
  t.same(await outbox.enqueue(letter(11, { to: OTHER, caller: '+15105559999' })), 'queued')
  t.same(await outbox.enqueue(letter(12, { to: OTHER, caller: '+15105559999' })), 'failed', 'two from one number per window')
  t.same(await outbox.enqueue(letter(13, { to: THIRD, caller: 'anonymous' })), 'queued', 'withheld numbers are shared by many callers: not counted')
  t.same(await outbox.enqueue(letter(14, { to: THIRD, caller: 'anonymous' })), 'queued')
  t.same(await outbox.enqueue(letter(15, { to: THIRD, caller: 'Anonymous' })), 'queued')
  t.same(reasons, ['recipient-quota', 'caller-quota'])
  await sleep(3100)
  t.same(await outbox.enqueue(letter(5, { caller: '+15105550005' })), 'queued', 'a new window, new counts')
})

t.test('deliveries take recipients in turn: mail to B waits for one of the flood to A, not all of it', async (t) => {
  const box = await mailbox(t, { down: true })
  const outbox = await open(t, { dir: testFolder(t), url: box.url, allowed: [OWNER, OTHER], options: { quotas: { ...NO_QUOTAS, queuedPerRecipient: 100 } } })
  for (let n = 1; n <= 30; n++) await outbox.enqueue(letter(n))
  await outbox.enqueue(letter(100, { to: OTHER }))
  await box.up()
  await box.waitFor(31, 20_000)
  const order = box.received.map((r) => r.envelope.to[0])
  t.ok(order.indexOf(OTHER) <= 1, `B's message is among the first two delivered (at ${order.indexOf(OTHER)})`)

  // Queued while a long pass is under way, it still takes the next turn.
  for (let n = 200; n < 240; n++) await outbox.enqueue(letter(n))
  await box.waitFor(33, 20_000)
  await outbox.enqueue(letter(300, { to: OTHER }))
  const sentBefore = box.received.length
  await box.waitFor(72, 20_000)
  const at = box.received.findIndex((r) => r.envelope.to[0] === OTHER && r.mail.subject === 'Message 300')
  t.ok(at - sentBefore <= 1, `mail queued during the pass is sent next but one at most (${at - sentBefore} after it was queued, of ${72 - sentBefore} waiting)`)
})

t.test('the file outbox keeps mail/ and delivered/ within its disk budget', async (t) => {
  const dir = testFolder(t)
  const log = memoryLog()
  const reasons: NotStored[] = []
  const budget = 64 * 1024
  await mkdir(join(dir, 'mail'), { recursive: true })
  // What the operator has not cleared yet: 40 KiB of earlier messages.
  await writeFile(join(dir, 'mail', 'earlier.eml'), 'x'.repeat(40 * 1024))
  const outbox = await open(t, { dir, log, options: { quotas: NO_QUOTAS, disk: { bytes: budget, dirs: [join(dir, 'mail'), join(dir, 'delivered')] }, onNotStored: (reason) => reasons.push(reason) } })
  const results = []
  for (let n = 1; n <= 6; n++) results.push(await outbox.enqueue(letter(n, { to: `caller${n}@anywhere.example` })))
  // Each message costs a block in mail/ and one in delivered/: 24 KiB leave room for three.
  t.same(results, ['queued', 'queued', 'queued', 'failed', 'failed', 'failed'])
  t.same(reasons, ['disk-budget', 'disk-budget', 'disk-budget'])
  t.match(log.at('error')[0], { fields: { reason: 'disk-budget', key: 'call 4' }, message: /OUTBOX_DISK_BUDGET_BYTES/ })
  // Done once all three are written out and recorded as sent; a file being written is no message yet.
  await eventually(async () => outbox.size === 0 && (await files(join(dir, 'delivered'))).length === 3)
  t.equal((await files(join(dir, 'mail'))).filter((name) => name.endsWith('.eml')).length, 4, 'the earlier file and three new ones')
  t.equal((await files(join(dir, 'delivered'))).length, 3)
})

t.test('a letter whose queue file was removed (outbox drop) is not sent, and is forgotten', async (t) => {
  const box = await mailbox(t)
  const dir = testFolder(t)
  const log = memoryLog()
  const outbox = await open(t, { dir, url: box.url, log, options: { rescanMs: 60_000 } })
  t.equal(await outbox.enqueue(letter(1, { notBefore: Date.now() + 2000 })), 'queued')
  t.equal(await outbox.enqueue(letter(2, { notBefore: Date.now() + 2000 })), 'queued')
  const [first] = (await files(join(dir, 'queue'))).filter((name) => JSON.parse(readFileSync(join(dir, 'queue', name), 'utf8')).key === 'call 1')
  await rm(join(dir, 'queue', first as string))
  await box.waitFor(1)
  await sleep(200)
  t.same(box.received.map((r) => r.mail.subject), ['Message 2'], 'only the letter still in queue/ is sent')
  t.equal(outbox.size, 0)
  t.match(log.at('info'), [{ fields: { key: 'call 1' }, message: /was removed from .*queue \(npx twimlets outbox drop\); not sent$/ }])
})

t.test('queue/ is read again: a letter put back is sent without a restart, one removed leaves the count', async (t) => {
  const down = await mailbox(t, { down: true })
  const root = testFolder(t)
  const elsewhere = join(root, 'elsewhere')
  const writer = await open(t, { dir: elsewhere, url: down.url })
  t.equal(await writer.enqueue(letter(7)), 'queued')
  t.equal(await writer.enqueue(letter(8, { notBefore: Date.now() + 60_000 })), 'queued')
  const box = await mailbox(t)
  const dir = join(root, 'outbox')
  const log = memoryLog()
  const outbox = await open(t, { dir, url: box.url, log, options: { rescanMs: 50 } })
  t.equal(outbox.size, 0)
  await mkdir(join(dir, 'queue'), { recursive: true })
  const names = await files(join(elsewhere, 'queue'))
  // As `outbox retry` does: a letter's file appears whole, by rename.
  for (const name of names) {
    await copyFile(join(elsewhere, 'queue', name), join(dir, 'queue', `.tmp-${name}`))
    await rename(join(dir, 'queue', `.tmp-${name}`), join(dir, 'queue', name))
  }
  // A write still under way is not taken for a letter.
  await writeFile(join(dir, 'queue', '.tmp-unfinished'), '{')
  const [got] = await box.waitFor(1)
  t.equal(got?.mail.subject, 'Message 7', 'the letter due now is sent')
  // One reading of queue/ may come between the two renames, and the letter sent may still be counted.
  const adopted = (): number => log.at('info').reduce((sum, line) => sum + Number(line.fields.adopted ?? 0), 0)
  await eventually(() => adopted() >= 2 && outbox.size === 1)
  t.equal(outbox.size, 1, 'the other one waits')
  t.match(log.at('info')[0], { message: /^\d e-mails put back in .*queue will be sent$/ })
  t.equal(adopted(), 2, 'both are taken up')
  t.ok((await files(join(dir, 'queue'))).includes('.tmp-unfinished'), 'and the unfinished write is left alone')
  for (const name of await files(join(dir, 'queue'))) if (name.endsWith('.json')) await rm(join(dir, 'queue', name), { force: true })
  await eventually(() => outbox.size === 0)
  t.equal(outbox.size, 0, 'a letter removed is no longer counted as waiting')
  t.equal(box.received.length, 1)
})
