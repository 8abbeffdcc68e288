import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import type { Config } from '../../../src/config.js'
import { openDrafts } from '../../../src/mail/open-drafts.js'
import { DEFAULTS } from '../../../src/config.js'
import { JP_CALL, loggedApp, request } from '../../fixtures/app.js'
import { memoryLog } from '../../fixtures/log.js'
import { startRedis } from '../../fixtures/redis.js'
import { mailbox, sleep } from '../../fixtures/smtp.js'
import { testFolder } from '../../fixtures/folder.js'

const OWNER = 'owner@example.com'
const LINE = `/voicemail?Email=${encodeURIComponent(OWNER)}&Language=ja-JP`
const CALL_SID = 'CA00000000000000000000000000000007'
const WORDS = ['もしもし、田中です。', '折り返しお電話ください。']

interface Count { n: number }
const valid = (value: unknown): value is Count => typeof (value as Partial<Count> | null)?.n === 'number'

function event (kind: 'started' | 'content' | 'stopped', sequence: number, text?: string): Record<string, string> {
  return {
    AccountSid: JP_CALL.AccountSid,
    CallSid: CALL_SID,
    TranscriptionSid: 'GT00000000000000000000000000000007',
    TranscriptionEvent: `transcription-${kind}`,
    SequenceId: String(sequence),
    ...(text === undefined ? {} : { Track: 'inbound_track', Final: 'true', TranscriptionData: JSON.stringify({ transcript: text }) })
  }
}

function recording (): Record<string, string> {
  const sid = 'RE00000000000000000000000000000007'
  return { ...JP_CALL, CallSid: CALL_SID, RecordingSid: sid, RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${JP_CALL.AccountSid}/Recordings/${sid}`, RecordingDuration: '9' }
}

t.test('with REDIS_URL, the transcript\'s events on one replica and the recording on another make one e-mail, with the words', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const root = testFolder(t)
  const dirs: string[] = []
  const replica = async (): Promise<Awaited<ReturnType<typeof loggedApp>>> => {
    const outboxDir = join(root, `replica-${dirs.length}`)
    dirs.push(outboxDir)
    return await loggedApp(t, { config: { redisUrl: redis.url, smtpUrl: box.url, mailFrom: 'Voicemail <voicemail@twimlets.test>', voicemailAllowedRecipients: [OWNER], outboxDir } })
  }
  const a = await replica()
  const b = await replica()
  // Each replica's start-up says where drafts are kept.
  for (const { lines } of [a, b]) t.match(lines.filter((line) => line.store === 'redis'), [{ msg: 'voicemail drafts are kept in Redis, shared by every replica' }])
  for (const [n, text] of [[1], [2, WORDS[0]], [3, WORDS[1]]] as Array<[number, string?]>) {
    t.equal((await request(a.app, LINE, event(n === 1 ? 'started' : 'content', n, text))).status, 200)
  }
  t.equal((await request(b.app, LINE, event('stopped', 4))).status, 200, 'the stop reaches the second replica')
  t.match((await request(b.app, LINE, recording())).body, /<Hangup\/>/, 'so does the recording')
  const [got] = await box.waitFor(1)
  t.match(got?.mail.text, `\n文字起こし:\n${WORDS.join('')}\n`, 'the e-mail has every word, though they reached another replica')
  await sleep(200)
  t.equal(box.received.length, 1)
  // The outbox is in Redis too: a replica's folder is made only when it spools a letter.
  for (const dir of dirs) t.notOk((await readdir(dir).catch((): string[] => [])).includes('drafts'), 'no drafts folder is written')
})

t.test('without REDIS_URL, drafts are files in OUTBOX_DIR/drafts', async (t) => {
  const outboxDir = testFolder(t)
  const closers: Array<() => Promise<void>> = []
  const config: Config = { ...DEFAULTS, outboxDir }
  const drafts = await openDrafts(config, { valid, log: memoryLog() }, closers)
  t.same(await drafts.update('call', () => ({ n: 1 })), { n: 1 })
  t.equal((await readdir(join(outboxDir, 'drafts'))).length, 1)
  t.same(closers, [])
})

t.test('with REDIS_URL, drafts are in Redis; closing them closes the connection', async (t) => {
  const redis = await startRedis(t)
  const outboxDir = testFolder(t)
  const closers: Array<() => Promise<void>> = []
  const drafts = await openDrafts({ ...DEFAULTS, outboxDir, redisUrl: redis.url }, { valid, log: memoryLog() }, closers)
  t.same(await drafts.update('call', () => ({ n: 1 })), { n: 1 })
  t.same(await readdir(outboxDir), [])
  t.equal(closers.length, 1)
  for (const close of closers) await close()
})

t.test('with REDIS_URL and Redis down: the transcript\'s event is refused (503, logged), the recording\'s e-mail goes once Redis is back', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const { app, lines } = await loggedApp(t, {
    config: { redisUrl: redis.url, smtpUrl: box.url, mailFrom: 'Voicemail <voicemail@twimlets.test>', voicemailAllowedRecipients: [OWNER], outboxDir: testFolder(t) }
  })
  await redis.stop()
  const started = Date.now()
  const refused = await request(app, LINE, event('content', 2, WORDS[0]))
  t.equal(refused.status, 503, 'Twilio is told the event was not kept')
  t.match(refused.body, /^<\?xml version="1.0" encoding="UTF-8"\?><Response\/>$/)
  const thanks = await request(app, LINE, recording())
  t.equal(thanks.status, 200)
  t.match(thanks.body, /<Hangup\/>/, 'the caller hears the thanks')
  t.ok(Date.now() - started < 5_000, `both answered within seconds (${Date.now() - started} ms)`)
  await sleep(300)
  t.equal(box.received.length, 0, 'the e-mail waits in the spool while the outbox in Redis cannot be reached')
  await redis.start()
  const [got] = await box.waitFor(1, 20_000)
  t.notMatch(got?.mail.text, WORDS[0] as string)
  t.equal(lines.filter((line) => line.msg === 'could not store a voicemail draft').length, 2)
  t.equal(lines.filter((line) => line.redis === 'twimlets-drafts' && line.level === 50).length, 1, 'the outage is logged once')
})
