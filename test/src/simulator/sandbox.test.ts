import { readdir } from 'node:fs/promises'
import t from 'tap'
import { DEFAULTS, type Config } from '../../../src/config.js'
import { simulate } from '../../../src/simulator/call.js'
import { openSandbox } from '../../../src/simulator/sandbox.js'
import { readScript } from '../../../src/simulator/script.js'
import type { SimEvent } from '../../../src/simulator/transcript.js'
import { twimlets } from '../../../twimlets/index.js'
import { startProxy } from '../../fixtures/s3.js'
import { mailbox, sleep } from '../../fixtures/smtp.js'
import { testFolder } from '../../fixtures/folder.js'

/**
 * The sandbox runs the real twimlets, yet nothing leaves it: a real SMTP server and a counting
 * S3 proxy stand by to see anything that would.
 */

const OWNER = 'owner@example.com'
const BASE = 'https://calls.example.com/'

async function sandboxFor (t: Parameters<typeof mailbox>[0] & { testdir: () => string }, config: Partial<Config>): ReturnType<typeof openSandbox> {
  const sandbox = await openSandbox({ config: { ...DEFAULTS, outboxDir: testFolder(t), ...config }, twimlets })
  t.teardown(async () => await sandbox.close())
  return sandbox
}

function notes (events: SimEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'request' ? e.notes ?? [] : []))
}

t.test('voicemail: the e-mail is described, never queued or sent', async (t) => {
  const box = await mailbox(t)
  const outboxDir = testFolder(t)
  const sandbox = await sandboxFor(t, { smtpUrl: box.url, mailFrom: 'Voicemail <vm@example.com>', outboxDir, voicemailAllowedRecipients: [OWNER] })
  const transcript = await simulate(sandbox.service(BASE), `${BASE}voicemail?Email=${encodeURIComponent(OWNER)}`, readScript({ recordSeconds: 15 }))
  t.equal(transcript.result, 'completed')
  t.match(notes(transcript.events), [
    /^simulation: e-mail to owner@example\.com, "Voicemail from .*", held until the transcription arrives; not sent$/,
    /^simulation: e-mail to owner@example\.com, "Voicemail from an unknown caller .*" is a duplicate of the one already queued; not queued again$/,
    /^simulation: replacing the waiting one, e-mail to owner@example\.com, .*; not sent$/
  ])
  await sleep(100)
  t.same(box.recipients, [], 'the SMTP server was never asked')
  t.same(await readdir(outboxDir), [], 'nothing was written to the outbox')
})

t.test('voicemail in Japanese: the notes say what the e-mail carries of the transcription', async (t) => {
  const sandbox = await sandboxFor(t, { mailFrom: 'Voicemail <vm@example.com>' })
  const outboxDir = sandbox.services.config.outboxDir
  const base = 'https://calls.example.com/lines/'
  const transcript = await simulate(sandbox.service(base), `${base}voicemail?Email=${encodeURIComponent(OWNER)}&Language=ja-JP`,
    readScript({ recordSeconds: 15, transcription: 'もしもし。折り返しお願いします。' }))
  t.equal(transcript.result, 'completed')
  t.match(transcript.events.find((e) => e.type === 'request' && e.leg === 'transcription'), { url: /^https:\/\/calls\.example\.com\/lines\/voicemail\?/ })
  const said = notes(transcript.events)
  t.equal(said.length, 6, 'the recording, then each event, wrote the e-mail anew; the recording status callback\'s was a duplicate')
  t.match(said, [
    /^simulation: e-mail to owner@example\.com, ".* からの留守番電話 .*", transcript: "メッセージが残されてから10分たっても、文字起こしが届きませんでした。", held until the transcription arrives; not sent$/,
    /^simulation: replacing the waiting one, .*, transcript: "メッセージが残されてから10分たっても、文字起こしが届きませんでした。", held until/,
    /^simulation: e-mail to owner@example\.com, "不明な発信者 からの留守番電話 .*" is a duplicate of the one already queued; not queued again$/,
    /, transcript: "もしもし。", held until the transcription arrives; not sent$/,
    /, transcript: "もしもし。折り返しお願いします。", held until the transcription arrives; not sent$/,
    /^simulation: replacing the waiting one, e-mail to owner@example\.com, ".*", transcript: "もしもし。折り返しお願いします。"; not sent$/
  ])
  t.same(await readdir(outboxDir), [], 'nothing was written to the outbox')
})

t.test('voicemail to an address this service would refuse: the simulation says so', async (t) => {
  const box = await mailbox(t)
  const sandbox = await sandboxFor(t, { smtpUrl: box.url, mailFrom: 'Voicemail <vm@example.com>', voicemailAllowedRecipients: [OWNER] })
  const transcript = await simulate(sandbox.service(BASE), `${BASE}voicemail?Email=stranger%40example.net&Transcribe=false`, readScript())
  t.match(notes(transcript.events), [/^simulation: this service would refuse the e-mail to stranger@example\.net, .*: not in VOICEMAIL_ALLOWED_RECIPIENTS$/])
})

t.test('holdmusic and conference music: no bucket is listed; example tracks stand in', async (t) => {
  const proxy = await startProxy(t, 'http://127.0.0.1:9/')
  const sandbox = await sandboxFor(t, { s3Endpoint: proxy.endpoint })
  const music = await simulate(sandbox.service(BASE), `${BASE}holdmusic?Bucket=com.example.music`, readScript())
  t.same(music.events.filter((e) => e.type === 'play').map((e) => (e.type === 'play' ? e.url : '')).sort(), [1, 2, 3].map((n) => `https://s3.amazonaws.com/com.example.music/example-track-${n}.mp3`))
  t.match(notes(music.events), [/bucket "com\.example\.music" is not listed; 3 example tracks stand in/])
  await simulate(sandbox.service(BASE), `${BASE}conference?Music=rock`, readScript())
  t.same(proxy.requests, [], 'S3 was never asked')
})

t.test('no signature is asked for, though the service itself asks for one', async (t) => {
  const sandbox = await sandboxFor(t, { authTokens: ['0123456789abcdef'] })
  const transcript = await simulate(sandbox.service(BASE), `${BASE}forward?PhoneNumber=%2B14155551001`, readScript())
  t.equal(transcript.result, 'completed')
  t.same(transcript.bridged, ['+14155551001'])
})

t.test('notes are read once', async (t) => {
  const sandbox = await sandboxFor(t, {})
  await simulate(sandbox.service(BASE), `${BASE}holdmusic?Bucket=com.example.music`, readScript())
  t.same(sandbox.notes(), [], 'each answer took the notes made while it was answered')
})
