import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import type { Config } from '../../src/config.js'
import { CALL, request, resolve, testApp } from '../fixtures/app.js'
import { startRedis } from '../fixtures/redis.js'
import { mailbox, sleep } from '../fixtures/smtp.js'
import { testFolder } from '../fixtures/folder.js'
import { emlFiles, eventually } from '../fixtures/wait.js'

const OWNER = 'owner@example.com'
const VOICEMAIL = `/voicemail?Email=${OWNER}`
const RECORDING_URL = `https://api.twilio.com/2010-04-01/Accounts/${CALL.AccountSid}/Recordings/RE00000000000000000000000000000001`

interface Teardown { teardown: (fn: () => unknown) => void }

async function replica (t: Teardown, config: Partial<Config>): Promise<Awaited<ReturnType<typeof testApp>>> {
  return await testApp(t, {
    config: {
      mailFrom: 'Voicemail <voicemail@twimlets.test>',
      voicemailAllowedRecipients: [OWNER],
      mailRetryMinMs: 20,
      mailRetryMaxMs: 80,
      voicemailTranscriptWaitMs: 60_000,
      // Without outboxDir, testApp gives each replica its own folder, as on separate machines.
      ...config
    }
  })
}

t.test('REDIS_URL: a recording at one replica, its transcript and Twilio\'s retries at another, one e-mail with the transcript', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const a = await replica(t, { redisUrl: redis.url, smtpUrl: box.url })
  const b = await replica(t, { redisUrl: redis.url, smtpUrl: box.url })
  // Both reach Redis first: a replica that has not yet would keep the letter in its own spool.
  await eventually(async () => (await a.inject('/readyz')).json().redis === 'reachable' && (await b.inject('/readyz')).json().redis === 'reachable')
  const greeting = await request(a, VOICEMAIL, CALL)
  const record = greeting.raw.children.find((e) => e.name === 'Record')?.attrs ?? {}
  const recording = { ...CALL, RecordingSid: 'RE00000000000000000000000000000001', RecordingUrl: RECORDING_URL, RecordingDuration: '14' }
  const bye = await request(a, resolve(VOICEMAIL, record.action ?? ''), recording)
  t.equal(bye.status, 200)
  t.match(bye.body, '<Say>Thanks. Good bye.</Say><Hangup/>')
  t.equal((await request(b, resolve(VOICEMAIL, record.action ?? ''), recording)).status, 200, 'Twilio retried the recording at the other replica')
  const transcription = { ...CALL, RecordingSid: recording.RecordingSid, RecordingUrl: RECORDING_URL, TranscriptionSid: 'TR00000000000000000000000000000001', TranscriptionStatus: 'completed', TranscriptionText: 'Call me back.' }
  const done = await request(b, resolve(VOICEMAIL, record.transcribeCallback ?? ''), transcription)
  t.equal(done.status, 200)
  await box.waitFor(1)
  t.equal((await request(a, resolve(VOICEMAIL, record.transcribeCallback ?? ''), transcription)).status, 200, 'and retried the transcription after delivery')
  await sleep(500)
  t.equal(box.received.length, 1)
  t.match(box.received[0]?.mail.text, '\nTranscript:\nCall me back.\n')
})

t.test('REDIS_URL without SMTP: the replica\'s mail/ is kept within OUTBOX_DISK_BUDGET_BYTES, and a message past it gets Twilio a 503', async (t) => {
  const redis = await startRedis(t)
  const outboxDir = testFolder(t)
  await mkdir(join(outboxDir, 'mail'), { recursive: true })
  // .eml files the operator has not read yet fill the budget but for one block.
  await writeFile(join(outboxDir, 'mail', 'unread.eml'), 'x'.repeat(1024 * 1024 - 4096))
  const app = await replica(t, { redisUrl: redis.url, outboxDir, outboxDiskBudgetBytes: 1024 * 1024 })
  const url = `${VOICEMAIL}&Transcribe=false`
  const record = (await request(app, url, CALL)).raw.children.find((e) => e.name === 'Record')?.attrs ?? {}
  const recording = (n: number): Record<string, string> => ({ ...CALL, CallSid: `CA0000000000000000000000000000000${n}`, RecordingSid: `RE0000000000000000000000000000000${n}`, RecordingUrl: `${RECORDING_URL.slice(0, -1)}${n}`, RecordingDuration: '14' })
  const status = (n: number): Record<string, string> => {
    const { AccountSid, CallSid, RecordingSid, RecordingUrl } = recording(n)
    return { AccountSid, CallSid, RecordingSid, RecordingUrl, RecordingStatus: 'completed', RecordingDuration: '14' } as Record<string, string>
  }
  const action = resolve(url, record.action ?? '')
  const statusUrl = resolve(url, record.recordingStatusCallback ?? '')
  t.equal((await request(app, action, recording(1))).status, 200)
  t.equal((await request(app, statusUrl, status(1))).status, 200, 'the first message fits')
  t.equal((await emlFiles(join(outboxDir, 'mail'), 2)).length, 2, 'and is written')
  const bye = await request(app, action, recording(2))
  t.equal(bye.status, 200)
  t.match(bye.body, '<Say>Thanks. Good bye.</Say><Hangup/>', 'the caller hears the good-bye')
  t.equal((await request(app, statusUrl, status(2))).status, 503, 'the one past the budget: Twilio\'s log shows it')
  await sleep(300)
  t.equal((await readdir(join(outboxDir, 'mail'))).length, 2)
  t.match((await app.inject('/metrics')).body, /twimlets_mail_not_stored_total\{reason="disk-budget"\} 2/)
})

t.test('without REDIS_URL the outbox is the folder', async (t) => {
  const box = await mailbox(t)
  const dir = testFolder(t)
  const app = await replica(t, { smtpUrl: box.url, outboxDir: dir, voicemailTranscriptWaitMs: 60_000 })
  const recording = { ...CALL, RecordingSid: 'RE00000000000000000000000000000001', RecordingUrl: RECORDING_URL, RecordingDuration: '14' }
  await request(app, `/voicemail?Email=${OWNER}`, recording)
  t.equal((await readdir(join(dir, 'queue'))).length, 1)
})

t.test('REDIS_URL down: a recording is answered at once, kept in the spool, and sent once Redis is back', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const app = await replica(t, { redisUrl: redis.url, smtpUrl: box.url })
  await redis.stop()
  const recording = { ...CALL, RecordingSid: 'RE00000000000000000000000000000002', RecordingUrl: RECORDING_URL, RecordingDuration: '14' }
  const started = Date.now()
  const bye = await request(app, `/voicemail?Email=${OWNER}&Transcribe=false`, recording)
  t.equal(bye.status, 200)
  t.match(bye.body, '<Say>Thanks. Good bye.</Say><Hangup/>')
  t.ok(Date.now() - started < 1000, 'without waiting for Redis')
  t.match((await app.inject('/readyz')).json(), { status: 'ready', spooled: 1 })
  await redis.start()
  await box.waitFor(1, 15_000)
  await sleep(500)
  t.equal(box.received.length, 1)
})
