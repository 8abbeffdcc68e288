import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import type { Config } from '../../src/config.js'
import { CALL, request, resolve, testApp } from '../fixtures/app.js'
import { startRedis } from '../fixtures/redis.js'
import { mailbox, sleep } from '../fixtures/smtp.js'

const OWNER = 'owner@example.com'
const VOICEMAIL = `/voicemail?Email=${OWNER}`
const RECORDING_URL = `https://api.twilio.com/2010-04-01/Accounts/${CALL.AccountSid}/Recordings/RE00000000000000000000000000000001`

interface Teardown { teardown: (fn: () => unknown) => void, testdir: () => string }

async function replica (t: Teardown, config: Partial<Config>): Promise<Awaited<ReturnType<typeof testApp>>> {
  return await testApp(t, {
    config: {
      mailFrom: 'Voicemail <voicemail@twimlets.test>',
      outboxDir: t.testdir(),
      voicemailAllowedRecipients: [OWNER],
      mailRetryMinMs: 20,
      mailRetryMaxMs: 80,
      voicemailTranscriptWaitMs: 60_000,
      ...config
    }
  })
}

t.test('REDIS_URL: a recording at one replica, its transcript and Twilio\'s retries at another, one e-mail with the transcript', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const a = await replica(t, { redisUrl: redis.url, smtpUrl: box.url })
  const b = await replica(t, { redisUrl: redis.url, smtpUrl: box.url })
  await sleep(300)
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

t.test('without REDIS_URL the outbox is the folder', async (t) => {
  const box = await mailbox(t)
  const dir = t.testdir()
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
