import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'
import t from 'tap'
import type { Config } from '../../src/config.js'
import { CALL, JP_CALL, loggedApp, request, resolve, type Answer } from '../fixtures/app.js'
import { dialOf, redirectOf } from '../fixtures/calls.js'
import { mailbox, sleep, type Mailbox } from '../fixtures/smtp.js'
import { find, parseTwiml, response } from '../fixtures/twiml.js'
import { partFolder, testFolder } from '../fixtures/folder.js'
import { emlFiles, eventually } from '../fixtures/wait.js'

const OWNER = 'owner@example.com'
const VOICEMAIL = `/voicemail?Email=${encodeURIComponent(OWNER)}`
const RETRY_MS = 80
const NO_EMAIL = 'Sorry, this voicemail box is not set up yet: it has no e-mail address to send messages to. Good bye.'

interface Teardown { teardown: (fn: () => unknown) => void, testdir: () => string }

interface Setup {
  /** Write .eml files instead of using SMTP. */
  files?: boolean
  down?: boolean
  allowed?: string[]
  waitMs?: number
  config?: Partial<Config>
}

async function setup (t: Teardown, options: Setup = {}): Promise<{ app: Awaited<ReturnType<typeof loggedApp>>['app'], lines: Array<Record<string, unknown>>, box: Mailbox, outboxDir: string }> {
  const box = await mailbox(t, { down: options.down })
  // Its own: a test may set up a second service beside the first.
  const outboxDir = partFolder(t)
  const { app, lines } = await loggedApp(t, {
    config: {
      smtpUrl: options.files === true ? undefined : box.url,
      mailFrom: 'Voicemail <voicemail@twimlets.test>',
      outboxDir,
      voicemailAllowedRecipients: options.allowed ?? [OWNER],
      mailRetryMinMs: 20,
      mailRetryMaxMs: RETRY_MS,
      voicemailTranscriptWaitMs: options.waitMs ?? 60_000,
      ...options.config
    }
  })
  return { app, lines, box, outboxDir }
}

/** Twilio's parameters for a recording of call `n`. */
function recording (n: number, seconds = 14): Record<string, string> {
  const sid = `RE0000000000000000000000000000000${n}`
  return {
    ...CALL,
    CallSid: `CA0000000000000000000000000000000${n}`,
    RecordingSid: sid,
    RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${CALL.AccountSid}/Recordings/${sid}`,
    RecordingDuration: String(seconds)
  }
}

function transcription (n: number, status: string, text?: string): Record<string, string> {
  const { RecordingDuration, ...rest } = recording(n)
  void RecordingDuration
  return { ...rest, TranscriptionSid: `TR0000000000000000000000000000000${n}`, TranscriptionStatus: status, ...(text === undefined ? {} : { TranscriptionText: text }) }
}

function mp3 (n: number): string {
  return `${recording(n).RecordingUrl as string}.mp3`
}

/** The <Record> of an answer, with its URLs exactly as written. */
function recordOf (answer: Answer): Record<string, string> {
  const record = find(answer.raw, 'Record')
  if (record === undefined) throw new Error(`no <Record> in ${answer.body}`)
  return record.attrs
}

async function queued (outboxDir: string): Promise<string[]> {
  return (await readdir(join(outboxDir, 'queue')).catch(() => [])).filter((name) => name.endsWith('.json'))
}

/** The queue once it has emptied, or as it still is after 15 s: a busy machine removes a sent file late. */
async function drained (outboxDir: string): Promise<string[]> {
  await eventually(async () => (await queued(outboxDir)).length === 0)
  return await queued(outboxDir)
}

const GOODBYE = response('<Say>Thanks. Good bye.</Say><Hangup/>')

t.test('greeting: the message, then <Record> transcribed, both callbacks back to voicemail', async (t) => {
  const { app } = await setup(t)
  for (const method of ['POST', 'GET'] as const) {
    const res = await request(app, VOICEMAIL, CALL, method)
    t.equal(res.status, 200)
    t.same(res.twiml, response(
      '<Say>Please leave a message after the beep.</Say>' +
      `<Record action="voicemail?Email=${OWNER}" transcribe="true" transcribeCallback="voicemail?Email=${OWNER}" recordingStatusCallback="voicemail?Email=${OWNER}"/>`), method)
  }
})

t.test('greeting: Message said or played, Transcribe=false, Language and Voice carried', async (t) => {
  const { app } = await setup(t)
  const played = await request(app, `${VOICEMAIL}&Message=${encodeURIComponent('https://example.com/greeting.mp3')}&Transcribe=false`, CALL)
  t.same(played.twiml, response(`<Play>https://example.com/greeting.mp3</Play><Record action="voicemail?Email=${OWNER}&amp;Transcribe=false" recordingStatusCallback="voicemail?Email=${OWNER}&amp;Transcribe=false"/>`))
  const said = await request(app, `${VOICEMAIL}&Message=Laissez%20un%20message&Language=fr-FR&Voice=Polly.Celine`, CALL, 'GET')
  // <Record> transcribes English only: French is transcribed in real time.
  t.same(said.twiml, response(
    '<Say language="fr-FR" voice="Polly.Celine">Laissez un message</Say>' +
    '<Start><Transcription languageCode="fr-FR" track="inbound_track" ' +
    `statusCallbackUrl="http://localhost/voicemail?Email=${OWNER}&amp;Language=fr-FR&amp;Voice=Polly.Celine"/></Start>` +
    `<Record action="voicemail?Email=${OWNER}&amp;Language=fr-FR&amp;Voice=Polly.Celine" recordingStatusCallback="voicemail?Email=${OWNER}&amp;Language=fr-FR&amp;Voice=Polly.Celine"/>`))
  const bye = await request(app, resolve(VOICEMAIL, recordOf(said).action as string), recording(1))
  t.same(bye.twiml, response('<Say language="fr-FR" voice="Polly.Celine">Merci. Au revoir.</Say><Hangup/>'))
})

t.test('no usable Email: a spoken configuration problem and a warning naming Email, at every stage', async (t) => {
  const { app, lines, outboxDir } = await setup(t)
  for (const [url, form] of [
    ['/voicemail', CALL],
    ['/voicemail?Email=owner', CALL],
    ['/voicemail?Email=a%40example.com%2Cb%40example.com', CALL],
    ['/voicemail?Email=owner', recording(1)],
    ['/voicemail?Email=owner', transcription(1, 'completed', 'hi')]
  ] as const) {
    const res = await request(app, url, form)
    t.same(res.twiml, response(`<Say>${NO_EMAIL}</Say><Hangup/>`), url)
  }
  const warnings = lines.filter((l) => l.code === 'TW_NO_EMAIL')
  t.equal(warnings.length, 5)
  t.match(warnings[0], { level: 40, param: 'Email', msg: 'configuration problem: Email: missing' })
  t.match(warnings[1], { msg: 'configuration problem: Email: "owner" is not an e-mail address' })
  t.same(await queued(outboxDir), [])
})

t.test('recording, then transcription: one e-mail with the transcript, over SMTP', async (t) => {
  const { app, box, outboxDir } = await setup(t)
  let n = 0
  for (const method of ['POST', 'GET'] as const) {
    n++
    const greeting = await request(app, VOICEMAIL, CALL, method)
    const record = recordOf(greeting)
    const bye = await request(app, resolve(VOICEMAIL, record.action as string), recording(n), method)
    t.same(bye.twiml, GOODBYE, method)
    t.equal((await queued(outboxDir)).length, 1, 'stored, waiting for the transcription')
    await sleep(RETRY_MS * 2)
    t.equal(box.received.length, n - 1, 'not sent before the transcription')

    const done = await request(app, resolve(VOICEMAIL, record.transcribeCallback as string), transcription(n, 'completed', 'Hi, it is Bob.\nCall me back <soon> & "quickly".'), method)
    t.same(done.twiml, response(''))
    const got = (await box.waitFor(n))[n - 1]
    t.same(got?.envelope, { from: 'voicemail@twimlets.test', to: [OWNER] })
    const mail = got?.mail
    t.match(mail?.subject, /^Voicemail from \(510\) 555-1212 \(\w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M\)$/)
    t.same(mail?.from?.value, [{ name: 'Voicemail', address: 'voicemail@twimlets.test' }])
    t.match(mail?.text, 'From:     (510) 555-1212 (+15105551212, United States)\n')
    t.notMatch(mail?.text, 'Length:', 'Twilio does not send the length with the transcription')
    t.match(mail?.text, '\nTranscript:\nHi, it is Bob.\nCall me back <soon> & "quickly".\n')
    t.match(mail?.text, `\nListen to the recording: ${mp3(n)}\n`)
    t.match(mail?.html, '>Hi, it is Bob.\nCall me back &lt;soon&gt; &amp; "quickly".</p>')
    t.match(mail?.html, `<a href="${mp3(n)}">Listen to the recording</a>`)
  }
  await sleep(RETRY_MS * 3)
  t.equal(box.received.length, 2, 'each voicemail once')
  t.same(await drained(outboxDir), [])
})

t.test('a failed transcription: the e-mail goes out without a transcript', async (t) => {
  const { app, box } = await setup(t)
  await request(app, VOICEMAIL, recording(1))
  await request(app, VOICEMAIL, transcription(1, 'failed'))
  const [got] = await box.waitFor(1)
  t.notMatch(got?.mail.text, 'Transcript:')
  t.match(got?.mail.text, '\nTwilio could not transcribe this message.\n')
  t.match(got?.mail.text, `\nListen to the recording: ${mp3(1)}\n`)
})

t.test('no transcription will come: the e-mail goes out with the recording', async (t) => {
  const { app, box } = await setup(t)
  const off = await request(app, `${VOICEMAIL}&Transcribe=false`, recording(1))
  t.same(off.twiml, GOODBYE)
  const [first] = await box.waitFor(1)
  t.notMatch(first?.mail.text, /Transcript|transcri/)
  t.match(first?.mail.text, `\nListen to the recording: ${mp3(1)}\n`)

  // Twilio transcribes 2 to 120 seconds only.
  for (const [n, seconds, length] of [[2, 1, '1 second'], [3, 121, '121 seconds']] as const) {
    t.same((await request(app, VOICEMAIL, recording(n, seconds), 'GET')).twiml, GOODBYE)
    const got = (await box.waitFor(n))[n - 1]
    t.match(got?.mail.text, `Length:   ${length}\n`)
    t.match(got?.mail.text, '\nNot transcribed: Twilio transcribes messages of 2 to 120 seconds.\n')
  }
})

t.test('a transcription that never arrives: the e-mail goes out without it after the wait', async (t) => {
  const { app, box } = await setup(t, { waitMs: 300 })
  const sent = Date.now()
  await request(app, VOICEMAIL, recording(1))
  const [got] = await box.waitFor(1)
  t.ok(Date.now() - sent >= 300, 'not before the wait')
  t.match(got?.mail.text, '\nThe transcription had not arrived ')
  // It comes after all: the e-mail is already out, so it is not sent again.
  await request(app, VOICEMAIL, transcription(1, 'completed', 'Late words'))
  await sleep(RETRY_MS * 3)
  t.equal(box.received.length, 1)
})

t.test('Twilio retrying a callback does not send the e-mail twice', async (t) => {
  const { app, box } = await setup(t)
  for (let i = 0; i < 2; i++) t.same((await request(app, VOICEMAIL, recording(1))).twiml, GOODBYE)
  for (let i = 0; i < 2; i++) await request(app, VOICEMAIL, transcription(1, 'completed', 'Once'))
  await box.waitFor(1)
  await request(app, VOICEMAIL, transcription(1, 'completed', 'Once'))
  await sleep(RETRY_MS * 3)
  t.equal(box.received.length, 1)
  t.match(box.received[0]?.mail.text, '\nTranscript:\nOnce\n')
})

t.test('stored before Twilio gets its answer; delivered once SMTP is back', async (t) => {
  const { app, box, outboxDir } = await setup(t, { down: true })
  t.same((await request(app, `${VOICEMAIL}&Transcribe=false`, recording(1))).twiml, GOODBYE)
  const [file] = await queued(outboxDir)
  t.ok(file !== undefined, 'the e-mail is on disk as soon as the caller hears good-bye')
  const stored = JSON.parse(await readFile(join(outboxDir, 'queue', file as string), 'utf8'))
  t.match((await simpleParser(stored.raw)).text, mp3(1))
  await sleep(RETRY_MS * 2)
  await box.up()
  await box.waitFor(1)
  await sleep(RETRY_MS * 3)
  t.equal(box.received.length, 1)
  t.same(await drained(outboxDir), [])
})

t.test('a recipient not on the allow-list is refused and logged; the caller hears nothing of it', async (t) => {
  const { app, box, lines, outboxDir } = await setup(t, { allowed: ['@example.com'] })
  const url = `/voicemail?Email=${encodeURIComponent('victim@elsewhere.example')}&Transcribe=false`
  t.same((await request(app, url, CALL)).twiml, response('<Say>Please leave a message after the beep.</Say><Record action="voicemail?Email=victim@elsewhere.example&amp;Transcribe=false" recordingStatusCallback="voicemail?Email=victim@elsewhere.example&amp;Transcribe=false"/>'))
  t.same((await request(app, url, recording(1))).twiml, GOODBYE)
  t.same(await queued(outboxDir), [])
  t.match(lines.filter((l) => l.level === 40 && l.to !== undefined), [{ to: 'victim@elsewhere.example', msg: 'e-mail to victim@elsewhere.example refused: not in VOICEMAIL_ALLOWED_RECIPIENTS' }])
  await request(app, `${VOICEMAIL}&Transcribe=false`, recording(2))
  await box.waitFor(1)
  t.same(box.recipients, [OWNER], 'only the allowed one reached the server')
})

t.test('without SMTP, the e-mail is an .eml file in the outbox, to any address', async (t) => {
  const { app, lines, outboxDir } = await setup(t, { files: true, allowed: [] })
  await request(app, `/voicemail?Email=${encodeURIComponent('anyone@anywhere.example')}&Transcribe=false`, recording(1), 'GET')
  const written = await emlFiles(join(outboxDir, 'mail'))
  t.equal(written.length, 1)
  const mail = await simpleParser(await readFile(join(outboxDir, 'mail', written[0] as string)))
  t.match(mail.to, { text: 'anyone@anywhere.example' })
  t.match(mail.text, mp3(1))
  // The file is in place a moment before the delivery is logged.
  const named = (): boolean => lines.some((l) => l.level === 30 && l.where === join(outboxDir, 'mail', written[0] as string))
  await eventually(named)
  t.ok(named(), 'the file is named in the log')
})

t.test('a whole call: findme finds nobody, its FailUrl is voicemail, the e-mail arrives', async (t) => {
  const { app, box } = await setup(t)
  const numbers = ['+14155551001', '+14155551002'].map((n) => `PhoneNumbers[]=${encodeURIComponent(n)}`).join('&')
  let url = `/findme?${numbers}&FailUrl=${encodeURIComponent(`voicemail?Email=${OWNER}`)}`
  let answer = await request(app, url, CALL)
  for (const number of ['+14155551001', '+14155551002']) {
    const dial = dialOf(answer)
    t.same(dial.legs.map((l) => l.target), [number])
    url = resolve(url, dial.action)
    answer = await request(app, url, { ...CALL, DialCallStatus: 'busy', DialCallSid: 'CA9', DialCallDuration: '0' })
  }
  url = resolve(url, redirectOf(answer))
  t.equal(url, `/voicemail?Email=${OWNER}`)
  answer = await request(app, url, CALL)
  const record = recordOf(answer)
  t.same(answer.twiml, response(
    `<Say>Please leave a message after the beep.</Say><Record action="voicemail?Email=${OWNER}" transcribe="true" transcribeCallback="voicemail?Email=${OWNER}" recordingStatusCallback="voicemail?Email=${OWNER}"/>`))
  const bye = await request(app, resolve(url, record.action as string), { ...recording(1), CallSid: CALL.CallSid })
  t.same(bye.twiml, GOODBYE)
  await request(app, resolve(url, record.transcribeCallback as string), { ...transcription(1, 'completed', 'Sorry I missed you.'), CallSid: CALL.CallSid })
  const [got] = await box.waitFor(1)
  t.same(got?.envelope.to, [OWNER])
  t.match(got?.mail.subject, /^Voicemail from \(510\) 555-1212 /)
  t.match(got?.mail.text, '\nTranscript:\nSorry I missed you.\n')
  t.match(got?.mail.text, `\nListen to the recording: ${mp3(1)}\n`)
})

t.test('in Japanese: the greeting and thanks are said in Japanese; the e-mail is in MAIL_LOCALE and MAIL_TIME_ZONE', async (t) => {
  const { app, box } = await setup(t, { config: { mailLocale: 'ja-JP', mailTimeZone: 'Asia/Tokyo' } })
  const greeting = await request(app, `${VOICEMAIL}&Language=ja-JP&Transcribe=false`, JP_CALL)
  t.same(greeting.twiml, response(
    '<Say language="ja-JP">発信音のあとに、メッセージをお話しください。</Say>' +
    `<Record action="voicemail?Email=${OWNER}&amp;Transcribe=false&amp;Language=ja-JP" recordingStatusCallback="voicemail?Email=${OWNER}&amp;Transcribe=false&amp;Language=ja-JP"/>`))
  const bye = await request(app, resolve(VOICEMAIL, recordOf(greeting).action as string), { ...recording(1), From: JP_CALL.From, Caller: JP_CALL.Caller, To: JP_CALL.To, Called: JP_CALL.Called })
  t.same(bye.twiml, response('<Say language="ja-JP">ありがとうございました。失礼いたします。</Say><Hangup/>'))
  const [got] = await box.waitFor(1)
  t.match(got?.mail.subject, /^090-1234-5678 からの留守番電話 \(\d{4}\/\d{2}\/\d{2} \d{1,2}:\d{2}\)$/)
  t.match(got?.mail.text, '090-1234-5678 からの留守番電話\n\n発信者:  090-1234-5678 (+819012345678, 日本)\n着信番号: 050-1234-5678\n')
  t.match(got?.mail.text, /\n受信日時: \d{4}年\d{1,2}月\d{1,2}日.曜日 \d{1,2}:\d{2}:\d{2} JST\n長さ: {3}14秒\n/)
  t.match(got?.mail.text, `\n録音を聞く: ${mp3(1)}\n`)
  t.match(got?.mail.html, '<html lang="ja-JP">')
})

const JA = `${VOICEMAIL}&Language=ja-JP&TimeZone=${encodeURIComponent('Asia/Tokyo')}`
const JA_GREETING = '<Say language="ja-JP">発信音のあとに、メッセージをお話しください。</Say>'
const JA_THANKS = response('<Say language="ja-JP">ありがとうございました。失礼いたします。</Say><Hangup/>')
const JA_WORDS = ['もしもし、田中です。', '明日の会議の件で、', '折り返しお電話ください。']

/** A recording of call `n` in Japan. */
function jaRecording (n: number, seconds = 14): Record<string, string> {
  return { ...recording(n, seconds), From: JP_CALL.From, Caller: JP_CALL.Caller, To: JP_CALL.To, Called: JP_CALL.Called }
}

/** One of Twilio's real-time transcription events about call `n`: its SIDs, no caller or callee. */
function event (n: number, kind: 'started' | 'content' | 'stopped' | 'error', sequence: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: CALL.AccountSid,
    CallSid: `CA0000000000000000000000000000000${n}`,
    TranscriptionSid: `GT0000000000000000000000000000000${n}`,
    Timestamp: '2026-12-01T09:00:00.000Z',
    TranscriptionEvent: `transcription-${kind}`,
    SequenceId: String(sequence),
    ...extra
  }
}

/** A final (or partial) utterance of the caller's. */
function words (n: number, sequence: number, text: string, final = true): Record<string, string> {
  return event(n, 'content', sequence, {
    LanguageCode: 'ja-JP', Track: 'inbound_track', TranscriptionData: JSON.stringify({ transcript: text, confidence: 0.93 }), Final: String(final)
  })
}

/** The later stages' path, from the greeting's <Record action>. */
async function jaStages (app: Awaited<ReturnType<typeof setup>>['app'], t: { equal: (found: unknown, wanted: unknown, message: string) => unknown }): Promise<{ action: string, callback: string }> {
  const greeting = await request(app, JA, JP_CALL)
  const transcription = find(greeting.raw, 'Transcription')
  t.equal(find(greeting.raw, 'Record')?.attrs.transcribe, undefined, 'not transcribed by <Record>')
  const callback = new URL(transcription?.attrs.statusCallbackUrl ?? '')
  return { action: resolve(JA, recordOf(greeting).action as string), callback: `${callback.pathname}${callback.search}` }
}

const JA_RECEIVED = /\n受信日時: \d{4}年\d{1,2}月\d{1,2}日.曜日 \d{1,2}:\d{2}:\d{2} JST\n/

t.test('in Japanese: transcribed in real time, <Start><Transcription> before <Record>, no transcribe attribute', async (t) => {
  const { app } = await setup(t)
  const link = 'voicemail?Email=owner@example.com&amp;TimeZone=Asia/Tokyo&amp;Language=ja-JP'
  for (const method of ['POST', 'GET'] as const) {
    const greeting = await request(app, JA, JP_CALL, method)
    t.same(greeting.twiml, response(JA_GREETING +
      `<Start><Transcription languageCode="ja-JP" track="inbound_track" statusCallbackUrl="http://localhost/${link}"/></Start>` +
      `<Record action="${link}" recordingStatusCallback="${link}"/>`), method)
  }
  // Behind a proxy, PUBLIC_URL says where Twilio reaches the service.
  const { app: proxied } = await setup(t, { config: { publicUrl: 'https://calls.example.com/lines' } })
  const greeting = await request(proxied, `${VOICEMAIL}&Language=ja`, JP_CALL)
  t.same(find(greeting.twiml, 'Transcription')?.attrs, {
    languageCode: 'ja-JP', track: 'inbound_track', statusCallbackUrl: 'https://calls.example.com/lines/voicemail?Email=owner@example.com&Language=ja-JP'
  }, 'a language typed alone is given its region')
  // English stays with <Record transcribe>.
  const english = await request(proxied, `${VOICEMAIL}&Language=en-GB`, CALL)
  t.equal(find(english.twiml, 'Start'), undefined)
  const stages = 'voicemail?Email=owner@example.com&Language=en-GB'
  t.same(find(english.twiml, 'Record')?.attrs, { action: stages, transcribe: 'true', transcribeCallback: stages, recordingStatusCallback: stages })
})

t.test('in Japanese, events in order: one e-mail in Japanese, times in Asia/Tokyo, the final utterances joined', async (t) => {
  const { app, box } = await setup(t)
  const { action, callback } = await jaStages(app, t)
  t.match(action, /^\/voicemail\?/)
  t.equal(callback, action, 'the events come to the same stage URL')
  t.same((await request(app, callback, event(1, 'started', 1, { LanguageCode: 'ja-JP', Track: 'inbound_track', ProviderName: 'Google' }))).twiml, response(''))
  t.same((await request(app, callback, words(1, 2, 'もしもし', false))).twiml, response(''), 'a partial result is not the transcript')
  t.same((await request(app, callback, words(1, 3, JA_WORDS[0] as string))).twiml, response(''))
  await request(app, callback, words(1, 4, JA_WORDS[1] as string))
  t.same((await request(app, action, jaRecording(1))).twiml, JA_THANKS)
  await request(app, callback, words(1, 5, JA_WORDS[2] as string))
  await sleep(RETRY_MS * 2)
  t.equal(box.received.length, 0, 'not sent while the transcription runs')
  await request(app, callback, event(1, 'stopped', 6))
  const [got] = await box.waitFor(1)
  const mail = got?.mail
  t.match(mail?.subject, /^090-1234-5678 からの留守番電話 \(\d{4}\/\d{2}\/\d{2} \d{1,2}:\d{2}\)$/)
  t.match(mail?.text, '090-1234-5678 からの留守番電話\n\n発信者:  090-1234-5678 (+819012345678, 日本)\n着信番号: 050-1234-5678\n')
  t.match(mail?.text, JA_RECEIVED)
  t.match(mail?.text, `\n文字起こし:\n${JA_WORDS.join('')}\n\n録音を聞く: ${mp3(1)}\n`)
  t.notMatch(mail?.text, 'もしもし\n')
  t.match(mail?.html, '<html lang="ja-JP">')
  await sleep(RETRY_MS * 3)
  t.equal(box.received.length, 1)
})

t.test('in Japanese, events out of order and retried: exactly one e-mail, its words in the order spoken', async (t) => {
  const { app, box, outboxDir } = await setup(t)
  const { action, callback } = await jaStages(app, t)
  await request(app, callback, event(1, 'stopped', 5))
  await request(app, callback, words(1, 4, JA_WORDS[2] as string))
  t.same((await request(app, action, jaRecording(1))).twiml, JA_THANKS)
  await request(app, callback, words(1, 4, JA_WORDS[2] as string))
  t.same((await request(app, action, jaRecording(1))).twiml, JA_THANKS, 'the recording callback retried')
  await request(app, callback, words(1, 2, JA_WORDS[0] as string))
  await sleep(RETRY_MS * 2)
  t.equal(box.received.length, 0, 'events 1 and 3 are still missing: it waits for them')
  t.equal((await queued(outboxDir)).length, 1)
  await request(app, callback, words(1, 3, JA_WORDS[1] as string))
  await request(app, callback, words(1, 3, JA_WORDS[1] as string))
  await request(app, callback, event(1, 'started', 1))
  const [got] = await box.waitFor(1)
  t.match(got?.mail.text, `\n文字起こし:\n${JA_WORDS.join('')}\n`)
  // Retried once more after it went out: nothing new.
  await request(app, callback, event(1, 'stopped', 5))
  await request(app, callback, words(1, 2, JA_WORDS[0] as string))
  await sleep(RETRY_MS * 3)
  t.equal(box.received.length, 1)
  t.same(await drained(outboxDir), [])
})

t.test('in Japanese, no transcription event at all: the e-mail goes after the wait, without a transcript', async (t) => {
  const { app, box } = await setup(t, { waitMs: 1000 })
  const { action, callback } = await jaStages(app, t)
  const sent = Date.now()
  t.same((await request(app, action, jaRecording(1))).twiml, JA_THANKS)
  // Call 2: some words came, the transcription never stopped.
  await request(app, action, jaRecording(2))
  await request(app, callback, words(2, 2, JA_WORDS[0] as string))
  const got = await box.waitFor(2)
  t.ok(Date.now() - sent >= 1000, 'not before the wait')
  const [none, partial] = [1, 2].map((n) => got.find((r) => r.mail.text?.includes(mp3(n)) === true)?.mail)
  t.notMatch(none?.text, '文字起こし:')
  t.match(none?.text, '\nメッセージが残されてから1秒たっても、文字起こしが届きませんでした。\n')
  t.match(none?.text, JA_RECEIVED)
  t.match(partial?.text, `\n文字起こし:\n${JA_WORDS[0] as string}\n\nメッセージが残されてから1秒たっても文字起こしが終わらなかったため、それまでに届いた分を載せています。\n`)
  // The rest arrives late: the e-mail is out, so it is not sent again.
  await request(app, callback, event(2, 'stopped', 3))
  await sleep(RETRY_MS * 3)
  t.equal(box.received.length, 2)
})

t.test('a transcription error: the e-mail goes at once, saying so', async (t) => {
  const { app, box } = await setup(t)
  const { action, callback } = await jaStages(app, t)
  await request(app, action, jaRecording(1))
  await request(app, callback, event(1, 'error', 2, { TranscriptionError: 'Internal error', TranscriptionErrorCode: '32650' }))
  const [got] = await box.waitFor(1)
  t.match(got?.mail.text, '\nTwilio はこのメッセージを文字起こしできませんでした。\n')
})

t.test('callbacks Twilio would not send are ignored, with a warning naming what is wrong', async (t) => {
  const { app, box, lines } = await setup(t)
  const { action, callback } = await jaStages(app, t)
  const english = resolve(VOICEMAIL, `voicemail?Email=${OWNER}`)
  for (const [url, form, param] of [
    [callback, { ...words(1, 2, '偽物'), CallSid: 'CA123' }, 'CallSid'],
    [callback, { ...words(1, 2, '偽物'), TranscriptionSid: 'TR00000000000000000000000000000001' }, 'TranscriptionSid'],
    [callback, { ...words(1, 2, '偽物'), SequenceId: '2.5' }, 'SequenceId'],
    [callback, { ...words(1, 2, '偽物'), SequenceId: '0' }, 'SequenceId'],
    [callback, { ...words(1, 2, '偽物'), TranscriptionEvent: 'transcription-deleted' }, 'TranscriptionEvent'],
    [callback, { ...words(1, 2, '偽物'), TranscriptionData: 'not json' }, 'TranscriptionData'],
    [english, words(1, 2, '偽物'), 'TranscriptionEvent']
  ] as const) {
    const res = await request(app, url, form)
    t.equal(res.status, 200)
    t.same(res.twiml, response(''), param)
    t.ok(lines.some((l) => l.level === 40 && l.param === param), `warned about ${param}`)
  }
  // Another transcription's events on the same call are not this message's.
  await request(app, callback, { ...words(1, 3, '別の文字起こし'), TranscriptionSid: 'GT00000000000000000000000000000009' })
  await request(app, callback, words(1, 3, JA_WORDS[0] as string))
  await request(app, callback, { ...words(1, 4, '相手の声'), Track: 'outbound_track' })
  await request(app, callback, event(1, 'started', 1))
  await request(app, callback, event(1, 'stopped', 5))
  await request(app, action, jaRecording(1))
  const [got] = await box.waitFor(1)
  t.match(got?.mail.text, `\n文字起こし:\n${JA_WORDS[0] as string}\n\n`)
  t.notMatch(got?.mail.text, /偽物|別の|相手/)
})

t.test('the utterances are on disk before Twilio hears back: a restart loses none', async (t) => {
  const box = await mailbox(t)
  const outboxDir = testFolder(t)
  const config = { smtpUrl: box.url, mailFrom: 'Voicemail <voicemail@twimlets.test>', outboxDir, voicemailAllowedRecipients: [OWNER], voicemailTranscriptWaitMs: 60_000 }
  const first = await loggedApp(t, { config })
  const { action, callback } = await jaStages(first.app, t)
  await request(first.app, callback, event(1, 'started', 1))
  await request(first.app, callback, words(1, 2, JA_WORDS[0] as string))
  await request(first.app, action, jaRecording(1))
  await first.app.close()
  const second = await loggedApp(t, { config })
  await request(second.app, callback, words(1, 3, JA_WORDS[1] as string))
  await request(second.app, callback, event(1, 'stopped', 4))
  const [got] = await box.waitFor(1)
  t.match(got?.mail.text, `\n文字起こし:\n${JA_WORDS[0] as string}${JA_WORDS[1] as string}\n`)
  t.match(got?.mail.text, `\n録音を聞く: ${mp3(1)}\n`)
})

t.test('TimeZone: the e-mail\'s times; an unknown zone is warned about and the default applies', async (t) => {
  const { app, box, lines } = await setup(t, { config: { mailTimeZone: 'America/New_York' } })
  const typo = `${VOICEMAIL}&Transcribe=false&TimeZone=Asia%2FTokio`
  const greeting = await request(app, typo, CALL)
  const stages = `voicemail?Email=${encodeURIComponent(OWNER)}&Transcribe=false`
  t.same(recordOf(greeting), { action: stages, recordingStatusCallback: stages }, 'an unknown zone is not carried')
  t.match(lines.filter((l) => l.param === 'TimeZone'), [{ level: 40, msg: 'TimeZone "Asia/Tokio" is not an IANA time zone, such as Asia/Tokyo; the e-mail\'s times are in America/New_York' }])
  await request(app, resolve(typo, recordOf(greeting).action as string), recording(1))
  const tokyo = `${VOICEMAIL}&Transcribe=false&TimeZone=asia%2Ftokyo`
  const action = recordOf(await request(app, tokyo, CALL)).action as string
  t.equal(action, `voicemail?Email=${encodeURIComponent(OWNER)}&Transcribe=false&TimeZone=Asia%2FTokyo`, 'spelled as Intl spells it')
  await request(app, resolve(tokyo, action), recording(2))
  const got = await box.waitFor(2)
  t.match(got[0]?.mail.text, /\nReceived: .* (EST|EDT)\n/, 'MAIL_TIME_ZONE')
  t.match(got[1]?.mail.text, /\nReceived: .* (GMT\+9|JST)\n/, 'the URL\'s TimeZone')
  t.match(got[1]?.mail.subject, /^Voicemail from /, 'in MAIL_LOCALE: the URL has no Language')
})

t.test('the real-time greeting names the host Twilio asked: given again only when PUBLIC_URL fixes it', async (t) => {
  const callbackFor = async (app: Awaited<ReturnType<typeof setup>>['app'], host: string): Promise<string | undefined> => {
    const res = await app.inject({ method: 'POST', url: JA, headers: { host, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(JP_CALL).toString() })
    return find(parseTwiml(res.body, true), 'Transcription')?.attrs.statusCallbackUrl
  }
  const { app } = await setup(t)
  // The cache keeps an answer the second time it sees a URL, and gives it from the third.
  for (const host of ['a.example.com', 'b.example.com', 'c.example.com']) {
    t.equal(await callbackFor(app, host), `http://${host}/voicemail?Email=owner%40example.com&TimeZone=Asia%2FTokyo&Language=ja-JP`, 'not an earlier request\'s answer')
  }
  const { app: fixed } = await setup(t, { config: { publicUrl: 'https://calls.example.com' } })
  for (const host of ['a.example.com', 'b.example.com', 'c.example.com']) t.match(await callbackFor(fixed, host), /^https:\/\/calls\.example\.com\/voicemail\?/)
  const hits = async (app: Awaited<ReturnType<typeof setup>>['app']): Promise<string | undefined> =>
    /twimlets_response_cache_total\{result="hit"\} (\d+)/.exec((await app.inject({ method: 'GET', url: '/metrics' })).body)?.[1]
  t.equal(await hits(fixed), '1', 'with PUBLIC_URL, the third was given from the cache')
  t.not(await hits(app), '1', 'without, never')
})

/** A forged recording callback: a RecordingUrl never seen before, from a number never seen before. */
function forged (n: number): Record<string, string> {
  return { ...recording(9000 + n), From: `+1202555${String(n).padStart(4, '0')}` }
}

async function notStored (app: Awaited<ReturnType<typeof loggedApp>>['app'], reason: string): Promise<number> {
  const body = (await app.inject({ method: 'GET', url: '/metrics' })).body
  return Number(new RegExp(`twimlets_mail_not_stored_total\\{reason="${reason}"\\} (\\d+)`).exec(body)?.[1] ?? 0)
}

t.test('a flood of forged recordings to one recipient: refused loudly, and a real message to another is stored and delivered', async (t) => {
  const { app, box, lines, outboxDir } = await setup(t, { allowed: ['@corp.example'], config: { voicemailRecipientQuota: 5 } })
  const flooded = '/voicemail?Email=flooded%40corp.example'
  for (let n = 1; n <= 8; n++) {
    const bye = await request(app, flooded, forged(n))
    // <Record>'s action is what the caller hears: always the good-bye, whatever the outbox did.
    t.same([bye.status, bye.twiml], [200, GOODBYE], `forged recording ${n}`)
  }
  t.equal((await queued(outboxDir)).length, 5, 'the quota of one recipient')
  const errors = lines.filter((l) => l.level === 50 && l.reason === 'recipient-quota')
  t.equal(errors.length, 3)
  t.match(errors[0], { to: 'flooded@corp.example', msg: /^could not store e-mail to flooded@corp\.example in the outbox \(5 e-mails to flooded@corp\.example were stored in the last 60 minutes \(VOICEMAIL_RECIPIENT_QUOTA\)\)/ })
  t.equal(await notStored(app, 'recipient-quota'), 3)

  // The transcription of a refused one: Twilio's callback beside the call gets the truth.
  const { RecordingDuration, ...transcribed } = forged(8)
  void RecordingDuration
  const late = await request(app, flooded, { ...transcribed, TranscriptionStatus: 'completed', TranscriptionText: 'spam' })
  t.equal(late.status, 503, 'a non-2xx: Twilio\'s debugger shows the failed callback')
  t.same(late.twiml, response(''))
  t.equal(await notStored(app, 'recipient-quota'), 4)

  // A real call to another recipient on the same domain, greeting to e-mail.
  const owner = '/voicemail?Email=owner%40corp.example'
  const record = recordOf(await request(app, owner, CALL))
  t.same((await request(app, resolve(owner, record.action as string), recording(1))).twiml, GOODBYE)
  const done = await request(app, resolve(owner, record.transcribeCallback as string), transcription(1, 'completed', 'A real message'))
  t.equal(done.status, 200)
  const [got] = await box.waitFor(1)
  t.same(got?.envelope.to, ['owner@corp.example'])
  t.match(got?.mail.text, '\nTranscript:\nA real message\n')
})

t.test('one calling number leaves at most VOICEMAIL_CALLER_QUOTA messages per window, to anyone', async (t) => {
  const { app, box, lines } = await setup(t, { allowed: ['@corp.example'], config: { voicemailCallerQuota: 2 } })
  for (let n = 1; n <= 3; n++) {
    const res = await request(app, `/voicemail?Email=box${n}%40corp.example&Transcribe=false`, recording(n))
    t.same([res.status, res.twiml], [200, GOODBYE])
  }
  await box.waitFor(2)
  await sleep(RETRY_MS * 2)
  t.same(box.received.map((r) => r.envelope.to[0]).sort(), ['box1@corp.example', 'box2@corp.example'])
  t.match(lines.filter((l) => l.level === 50 && l.reason === 'caller-quota'), [{ to: 'box3@corp.example', msg: /2 messages from \+15105551212 were stored in the last 60 minutes \(VOICEMAIL_CALLER_QUOTA\)/ }])
  t.equal(await notStored(app, 'caller-quota'), 1)
})

t.test('without SMTP, the outbox\'s disk budget: past it a message is refused loudly, and the callback gets a 503', async (t) => {
  const outboxDir = testFolder(t)
  await mkdir(join(outboxDir, 'mail'), { recursive: true })
  // .eml files the operator has not read yet fill the budget but for room for one message.
  await writeFile(join(outboxDir, 'mail', 'unread.eml'), 'x'.repeat(1024 * 1024 - 12 * 1024))
  const { app, lines } = await loggedApp(t, { config: { outboxDir, voicemailTranscriptWaitMs: 60_000, outboxDiskBudgetBytes: 1024 * 1024 } })
  t.same((await request(app, VOICEMAIL, recording(1))).twiml, GOODBYE)
  t.same((await request(app, VOICEMAIL, recording(2))).twiml, GOODBYE, 'the caller hears the good-bye')
  const done = await request(app, VOICEMAIL, transcription(2, 'completed', 'no room'))
  t.equal(done.status, 503)
  t.equal((await queued(outboxDir)).length, 1, 'the first fitted')
  t.match(lines.filter((l) => l.level === 50 && l.reason === 'disk-budget')[0], { msg: /1048576 bytes OUTBOX_DISK_BUDGET_BYTES allows/ })
  t.equal(await notStored(app, 'disk-budget'), 2)
})

t.test('look-alikes of an allowed domain\'s mailboxes are refused, said in the log and by /api/check', async (t) => {
  const { app, box, lines, outboxDir } = await setup(t, { allowed: ['@corp.example'] })
  for (const email of ['victim%evil.example@corp.example', 'evil.example!victim@corp.example']) {
    const url = `/voicemail?Email=${encodeURIComponent(email)}&Transcribe=false`
    t.equal((await request(app, url, CALL)).status, 200)
    t.same((await request(app, url, recording(1))).twiml, GOODBYE)
    t.ok(lines.some((l) => l.level === 50 && l.param === 'Email' && String(l.msg).startsWith(`Email e-mail to ${email} is refused, so messages left here are not sent: not matched against VOICEMAIL_ALLOWED_RECIPIENTS: its local part`)), email)
    const check = await app.inject({ method: 'POST', url: '/api/check', payload: { url: `https://calls.example.com${url}` } })
    t.match(check.json<{ problems: unknown[] }>().problems, [{ level: 'error', param: 'Email', message: /which some mail relays read as a route to another host/ }], `/api/check: ${email}`)
  }
  const quoted = await request(app, `/voicemail?Email=${encodeURIComponent('"victim@evil.example"@corp.example')}`, CALL)
  t.same(quoted.twiml, response(`<Say>${NO_EMAIL}</Say><Hangup/>`))
  t.ok(lines.some((l) => /is not an e-mail address this service writes to: its local part is a quoted string/.test(String(l.msg))))
  await sleep(RETRY_MS * 2)
  t.same(await queued(outboxDir), [])
  t.same(box.recipients, [])
})

t.test('in Japanese, past the quota: the caller hears the thanks, Twilio\'s transcription events get a 503', async (t) => {
  const { app, box, lines } = await setup(t, { config: { voicemailRecipientQuota: 1 } })
  const { action, callback } = await jaStages(app, t)
  t.same((await request(app, action, jaRecording(1))).twiml, JA_THANKS)
  t.equal((await request(app, callback, event(1, 'stopped', 1))).status, 200, 'stored: a 200')
  await box.waitFor(1)
  t.same((await request(app, action, jaRecording(2))).twiml, JA_THANKS, 'refused, and the caller still hears the thanks')
  const late = await request(app, callback, words(2, 1, JA_WORDS[0] as string))
  t.same([late.status, late.twiml], [503, response('')])
  t.equal(lines.filter((l) => l.level === 50 && l.reason === 'recipient-quota').length, 2)
  t.equal(await notStored(app, 'recipient-quota'), 2)
})

t.test('mail to one recipient does not wait behind a pile of mail to another: deliveries take recipients in turn', async (t) => {
  const { app, box } = await setup(t, { down: true, allowed: ['@corp.example'] })
  for (let n = 1; n <= 30; n++) {
    t.same((await request(app, '/voicemail?Email=flooded%40corp.example&Transcribe=false', forged(n))).twiml, GOODBYE)
  }
  const owner = '/voicemail?Email=owner%40corp.example&Transcribe=false'
  const record = recordOf(await request(app, owner, CALL))
  t.same((await request(app, resolve(owner, record.action as string), recording(1))).twiml, GOODBYE)
  await box.up()
  await box.waitFor(31, 20_000)
  const at = box.received.findIndex((r) => r.envelope.to[0] === 'owner@corp.example')
  t.ok(at >= 0 && at <= 1, `the real message is among the first two delivered (at ${at} of 31)`)
})

/** Twilio's recording status callback about call `n`'s recording: its SIDs and facts, none of the call's (no From, To, CallStatus or Digits). */
function recordingStatus (n: number, status = 'completed', seconds = 14): Record<string, string> {
  const { AccountSid = '', CallSid = '', RecordingSid = '', RecordingUrl = '' } = recording(n, seconds)
  return {
    AccountSid,
    CallSid,
    RecordingSid,
    RecordingUrl,
    RecordingStatus: status,
    RecordingDuration: String(seconds),
    RecordingChannels: '1',
    RecordingSource: 'RecordVerb',
    RecordingStartTime: 'Tue, 01 Dec 2026 09:00:00 +0000'
  }
}

/** Where the greeting at `url` sends <Record>'s action and each of its callbacks. */
async function stagesOf (app: Awaited<ReturnType<typeof setup>>['app'], url: string, form: Record<string, string> = CALL): Promise<Record<string, string>> {
  const record = recordOf(await request(app, url, form))
  return Object.fromEntries(Object.entries(record).filter(([name]) => name !== 'transcribe').map(([name, link]) => [name, resolve(url, link)]))
}

t.test('greeting, action, then the recording status callback: one e-mail, naming the caller; the callback retried is a duplicate', async (t) => {
  const { app, box, lines } = await setup(t)
  for (const [n, url] of [[1, `${VOICEMAIL}&Transcribe=false`], [2, VOICEMAIL]] as const) {
    const stages = await stagesOf(app, url)
    t.equal(stages.recordingStatusCallback, stages.action, 'the same stage URL')
    t.same((await request(app, stages.action as string, { ...recording(n), Digits: 'hangup' })).twiml, GOODBYE)
    for (let i = 0; i < 2; i++) {
      const status = await request(app, stages.recordingStatusCallback as string, recordingStatus(n))
      t.same([status.status, status.twiml], [200, response('')], 'the action\'s e-mail is stored: a 200')
    }
    if (stages.transcribeCallback !== undefined) await request(app, stages.transcribeCallback, transcription(n, 'completed', 'Call me back.'))
    const got = (await box.waitFor(n))[n - 1]
    t.match(got?.mail.subject, /^Voicemail from \(510\) 555-1212 /)
    t.match(got?.mail.text, '\nTo:       (415) 555-0100\n')
    t.match(got?.mail.text, `\nListen to the recording: ${mp3(n)}\n`)
  }
  t.match(box.received[1]?.mail.text, '\nTranscript:\nCall me back.\n')
  await sleep(RETRY_MS * 3)
  t.equal(box.received.length, 2, 'each message once')
  t.equal(lines.filter((l) => l.level === 30 && l.msg === 'e-mail already queued or sent; this one is a duplicate').length, 4)
  t.same(lines.filter((l) => Number(l.level) >= 40 && (l.param !== undefined || l.key !== undefined)), [], 'nothing to warn about')
})

t.test('the recording status callback before the action: its e-mail waits, and the action\'s, naming the caller, takes its place', async (t) => {
  const { app, box, outboxDir } = await setup(t)
  const stages = await stagesOf(app, `${VOICEMAIL}&Transcribe=false`)
  const before = Date.now()
  const status = await request(app, stages.recordingStatusCallback as string, recordingStatus(1))
  t.same([status.status, status.twiml], [200, response('')])
  const [file] = await queued(outboxDir)
  const stored = JSON.parse(await readFile(join(outboxDir, 'queue', file as string), 'utf8'))
  t.ok(stored.notBefore >= before + 60_000, 'it waits a minute for the action')
  t.match((await simpleParser(stored.raw)).subject, /^Voicemail from an unknown caller /)
  await sleep(RETRY_MS * 2)
  t.equal(box.received.length, 0)
  t.same((await request(app, stages.action as string, recording(1))).twiml, GOODBYE)
  const [got] = await box.waitFor(1)
  t.match(got?.mail.subject, /^Voicemail from \(510\) 555-1212 /)
  t.match(got?.mail.text, 'From:     (510) 555-1212 (+15105551212, United States)\nTo:       (415) 555-0100\n')
  t.match(got?.mail.text, `\nListen to the recording: ${mp3(1)}\n`)
  await sleep(RETRY_MS * 3)
  t.equal(box.received.length, 1)
  t.same(await drained(outboxDir), [])
})

t.test('only the recording status callback came: the e-mail goes after the wait, from an unknown caller', async (t) => {
  const { app, box } = await setup(t, { waitMs: 300 })
  const sent = Date.now()
  t.same((await request(app, VOICEMAIL, recordingStatus(1))).twiml, response(''))
  const [got] = await box.waitFor(1)
  t.ok(Date.now() - sent >= 300, 'not before the transcription\'s wait')
  t.match(got?.mail.subject, /^Voicemail from an unknown caller /)
  t.match(got?.mail.text, /^Voicemail from an unknown caller\n\nFrom: {5}an unknown caller\nReceived: [^\n]+\nLength: {3}14 seconds\n\nThe transcription had not arrived /)
  t.match(got?.mail.text, `\nListen to the recording: ${mp3(1)}\n`)
  // The action after all, later than the wait: the e-mail is out.
  t.same((await request(app, VOICEMAIL, recording(1))).twiml, GOODBYE)
  await sleep(RETRY_MS * 3)
  t.equal(box.received.length, 1)
})

t.test('the recording status callback is told from <Record>\'s action: RecordingStatus, and none of the call\'s parameters', async (t) => {
  const { app } = await setup(t)
  const url = `${VOICEMAIL}&Transcribe=false`
  for (const [form, what] of [
    [{ ...recording(1), Digits: '#' }, 'the action'],
    [{ ...recording(2), Digits: 'hangup', RecordingStatus: 'completed' }, 'an action saying RecordingStatus'],
    [{ ...recordingStatus(3), CallStatus: 'completed' }, 'with CallStatus'],
    [{ ...recordingStatus(4), Digits: '#' }, 'with Digits']
  ] as const) {
    t.same((await request(app, url, form)).twiml, GOODBYE, `${what}: the caller hears the thanks`)
  }
  t.same((await request(app, url, recordingStatus(5))).twiml, response(''), 'the callback: an empty answer')
})

t.test('a recording absent or failed: a 200, no e-mail, said in the log', async (t) => {
  const { app, lines, outboxDir } = await setup(t)
  const absent = await request(app, VOICEMAIL, { ...recordingStatus(1, 'absent', 0), ErrorCode: '16101' })
  t.same([absent.status, absent.twiml], [200, response('')])
  const failed = await request(app, VOICEMAIL, recordingStatus(2, 'failed'))
  t.same([failed.status, failed.twiml], [200, response('')])
  t.same(await queued(outboxDir), [])
  t.match(lines.filter((l) => l.param === 'RecordingStatus'), [
    { level: 30, msg: /absent: Twilio kept no recording \(too short, or silent\), so no message was left; no e-mail$/ },
    { level: 40, msg: /failed: Twilio could not keep the recording/ }
  ])
})

t.test('with Transcribe=false past the quota: the caller hears the thanks, the recording status callback gets a 503; the pair is one message', async (t) => {
  const { app, box, lines } = await setup(t, { config: { voicemailRecipientQuota: 2 } })
  const stages = await stagesOf(app, `${VOICEMAIL}&Transcribe=false`)
  const [action, callback] = [stages.action as string, stages.recordingStatusCallback as string]
  // Within the quota of two: message 1 action first, message 2 the callback first.
  t.same((await request(app, action, recording(1))).twiml, GOODBYE)
  t.equal((await request(app, callback, recordingStatus(1))).status, 200)
  t.equal((await request(app, callback, recordingStatus(2))).status, 200)
  t.same((await request(app, action, recording(2))).twiml, GOODBYE)
  await box.waitFor(2)
  const bye = await request(app, action, recording(3))
  t.same([bye.status, bye.twiml], [200, GOODBYE], 'past it, the caller still hears the thanks')
  const late = await request(app, callback, recordingStatus(3))
  t.same([late.status, late.twiml], [503, response('')], 'a non-2xx: Twilio\'s debugger shows the failed callback')
  const errors = lines.filter((l) => l.level === 50 && l.reason === 'recipient-quota')
  t.equal(errors.length, 2, 'the action and the callback each logged it')
  t.match(errors[1], { to: OWNER, text: new RegExp(`Listen to the recording: ${mp3(3).replace(/[.?]/g, '\\$&')}`), msg: /^could not store e-mail to owner@example\.com in the outbox/ })
  t.equal(await notStored(app, 'recipient-quota'), 2)
  await sleep(RETRY_MS * 3)
  t.same(box.received.map((r) => r.mail.text?.includes('(510) 555-1212')), [true, true], 'both named the caller')
})

t.test('in Japanese, the recording status callback: a duplicate of the action\'s e-mail, replaced by it when first, a 503 past the quota', async (t) => {
  const { app, box } = await setup(t, { waitMs: 1000, config: { voicemailRecipientQuota: 2 } })
  const stages = await stagesOf(app, JA, JP_CALL)
  const [action, callback] = [stages.action as string, stages.recordingStatusCallback as string]
  t.equal(callback, action)
  // Call 1: the action, then the callback; call 2 the other way round. No transcription event comes.
  t.same((await request(app, action, jaRecording(1))).twiml, JA_THANKS)
  t.same((await request(app, callback, recordingStatus(1))).twiml, response(''))
  t.same((await request(app, callback, recordingStatus(2))).twiml, response(''))
  t.same((await request(app, action, jaRecording(2))).twiml, JA_THANKS)
  const got = await box.waitFor(2)
  for (const n of [1, 2]) {
    const text = got.find((r) => r.mail.text?.includes(mp3(n)) === true)?.mail.text
    t.match(text, '\n発信者:  090-1234-5678 (+819012345678, 日本)\n着信番号: 050-1234-5678\n', `call ${n} names the caller`)
    t.match(text, '\nメッセージが残されてから1秒たっても、文字起こしが届きませんでした。\n')
  }
  t.same((await request(app, action, jaRecording(3))).twiml, JA_THANKS)
  const late = await request(app, callback, recordingStatus(3))
  t.same([late.status, late.twiml], [503, response('')])
  await sleep(RETRY_MS * 3)
  t.equal(box.received.length, 2)
})

t.test('an action retried after the transcription does not take the transcript\'s place', async (t) => {
  const { app, box } = await setup(t, { down: true })
  t.same((await request(app, VOICEMAIL, recording(1))).twiml, GOODBYE)
  await request(app, VOICEMAIL, transcription(1, 'completed', 'The words.'))
  // The mail server is down: the transcript's e-mail is waiting for its next try when the action comes again.
  await sleep(RETRY_MS * 2)
  t.same((await request(app, VOICEMAIL, recording(1))).twiml, GOODBYE)
  t.equal((await request(app, VOICEMAIL, recordingStatus(1))).status, 200)
  await box.up()
  const [got] = await box.waitFor(1)
  t.match(got?.mail.text, '\nTranscript:\nThe words.\n')
  await sleep(RETRY_MS * 3)
  t.equal(box.received.length, 1)
})
