import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'
import t from 'tap'
import { testApp } from '../../fixtures/app.js'
import { startS3 } from '../../fixtures/s3.js'
import { BASE, call, heard, matchEach, requests } from '../../fixtures/simulate.js'
import { testFolder } from '../../fixtures/folder.js'
import { emlFiles } from '../../fixtures/wait.js'

/**
 * Whole calls of every twimlet, played by the simulator against the real app (real outbox,
 * real S3-compatible server), the people scripted. Expected events are written from SPEC.md.
 */

const A = '+14155551001'
const B = '+14155551002'
const C = '+14155551003'
const enc = encodeURIComponent
const list = (name: string, ...values: string[]): string => values.map((v) => `${name}[]=${enc(v)}`).join('&')
const SCREEN = 'You are receiving a call from 5 1 0, 5 5 5, 1 2 1 2. Press any key to accept.'
const RESTRICTED = 'Sorry, you are calling from a restricted number. Good bye.'

const s3 = await startS3(t, ['com.twilio.music.classical', 'com.example.music'])
await s3.put('com.twilio.music.classical', 'a.mp3')
await s3.put('com.example.music', 'one.mp3')

function app (t: Parameters<typeof testApp>[0] & { testdir: () => string }, config = {}): ReturnType<typeof testApp> {
  return testApp(t, { config: { outboxDir: testFolder(t), s3Endpoint: s3.endpoint, ...config }, random: () => 0.999999 })
}

t.test('forward: the number answers, the caller is connected, the action hangs up', async (t) => {
  const transcript = await call(await app(t), `forward?PhoneNumber=${enc(A)}`, { parties: { [A]: 'accept' }, talkSeconds: 30 })
  t.same(heard(transcript), [
    { type: 'dial', leg: 'caller', targets: [A], timeout: 20 },
    { type: 'ring', leg: A, result: 'answered', after: 6 },
    { type: 'bridged', leg: A, seconds: 30, machine: false },
    { type: 'dial-end', leg: 'caller', status: 'completed', bridged: true },
    { type: 'hangup', leg: 'caller' }
  ])
  t.same(requests(transcript, 'DialCallStatus', 'DialCallDuration', 'DialBridged'), [
    `caller POST forward?PhoneNumber=${A} 200`,
    'caller POST forward?Dial=true 200 DialCallStatus=completed DialCallDuration=30 DialBridged=true'
  ])
  t.match(transcript, { result: 'completed', bridged: [A], rang: [{ target: A, result: 'bridged' }], requests: 2 })
})

t.test('forward: a caller not on AllowedCallers hears the refusal; nobody is dialed', async (t) => {
  const transcript = await call(await app(t), `forward?PhoneNumber=${enc(A)}&AllowedCallers[]=${enc(B)}`, { from: '+15105550000' })
  t.same(heard(transcript), [{ type: 'say', leg: 'caller', text: RESTRICTED, voice: undefined, language: undefined, loop: 1 }])
  t.equal(transcript.result, 'completed')
  t.same(transcript.rang, [])
})

t.test('forward, busy, FailUrl to voicemail: the message is recorded and e-mailed with its transcript', async (t) => {
  const outboxDir = testFolder(t)
  const service = await testApp(t, { config: { outboxDir, voicemailTranscriptWaitMs: 60_000 } })
  const failUrl = enc(`voicemail?Email=${enc('owner@example.com')}`)
  const transcript = await call(service, `forward?PhoneNumber=${enc(A)}&FailUrl=${failUrl}`, {
    parties: { [A]: 'busy' }, recordSeconds: 20, transcription: 'Call me back about the invoice.'
  })
  t.same(requests(transcript, 'DialCallStatus', 'RecordingDuration', 'RecordingStatus', 'TranscriptionStatus'), [
    `caller POST forward?PhoneNumber=${A}&FailUrl=voicemail?Email=owner%40example.com 200`,
    'caller POST forward?Dial=true&FailUrl=voicemail?Email=owner%40example.com 200 DialCallStatus=busy',
    'caller POST voicemail?Email=owner@example.com 200',
    'caller POST voicemail?Email=owner@example.com 200 RecordingDuration=20',
    'recording status POST voicemail?Email=owner@example.com 200 RecordingDuration=20 RecordingStatus=completed',
    'transcription POST voicemail?Email=owner@example.com 200 RecordingDuration=20 TranscriptionStatus=completed'
  ])
  const [status] = transcript.events.filter((e) => e.type === 'request' && e.leg === 'recording status')
  t.match(status?.type === 'request' ? status.form : {}, {
    AccountSid: /^AC0{32}$/,
    CallSid: /^CA[0-9a-f]{32}$/,
    RecordingSid: /^RE[0-9a-f]{32}$/,
    RecordingUrl: /^https:\/\/api\.twilio\.com\/2010-04-01\/Accounts\/AC0+\/Recordings\/RE[0-9a-f]{32}$/,
    RecordingChannels: '1',
    RecordingSource: 'RecordVerb',
    RecordingStartTime: /^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000$/
  })
  t.same(['From', 'To', 'CallStatus', 'Digits'].filter((name) => status?.type === 'request' && Object.hasOwn(status.form, name)), [], 'Twilio names the recording, not the call\'s parties')
  matchEach(t, heard(transcript), [
    { type: 'dial', targets: [A] },
    { type: 'ring', leg: A, result: 'busy', after: 1 },
    { type: 'dial-end', status: 'busy', bridged: false },
    { type: 'say', text: 'Please leave a message after the beep.' },
    { type: 'record', seconds: 20, recordingUrl: /^https:\/\/api\.twilio\.com\/2010-04-01\/Accounts\/AC0+\/Recordings\/RE[0-9a-f]{32}$/ },
    { type: 'transcription', leg: 'caller', language: 'en-US', mode: 'classic' },
    { type: 'say', text: 'Thanks. Good bye.' },
    { type: 'hangup', leg: 'caller' }
  ])
  t.equal(transcript.result, 'completed')
  // The transcription replaced the e-mail held for it, which goes out at once.
  const files = await emlFiles(join(outboxDir, 'mail'))
  t.equal(files.length, 1)
  const mail = await simpleParser(await readFile(join(outboxDir, 'mail', files[0] as string)))
  t.match(mail.text, /Call me back about the invoice\./)
  t.match(mail.text, /\.mp3/)
})

t.test('voicemail in Japanese: transcribed in real time, its events sent after the recording, the e-mail with the words', async (t) => {
  const outboxDir = testFolder(t)
  // The events' URL is absolute: PUBLIC_URL says the service answers at BASE.
  const service = await testApp(t, { config: { outboxDir, voicemailTranscriptWaitMs: 60_000, publicUrl: BASE.replace(/\/$/, '') } })
  const transcript = await call(service, `voicemail?Email=${enc('owner@example.com')}&Language=ja-JP`, {
    from: '+819012345678', to: '+815012345678', recordSeconds: 15, transcription: 'もしもし、田中です。折り返しお電話ください。'
  })
  const stage = 'voicemail?Email=owner@example.com&Language=ja-JP'
  t.same(requests(transcript, 'RecordingDuration', 'RecordingStatus', 'TranscriptionEvent', 'SequenceId', 'Final'), [
    `caller POST ${stage} 200`,
    `caller POST ${stage} 200 RecordingDuration=15`,
    `transcription POST ${stage} 200 TranscriptionEvent=transcription-started SequenceId=1`,
    `recording status POST ${stage} 200 RecordingDuration=15 RecordingStatus=completed`,
    `transcription POST ${stage} 200 TranscriptionEvent=transcription-content SequenceId=2 Final=true`,
    `transcription POST ${stage} 200 TranscriptionEvent=transcription-content SequenceId=3 Final=true`,
    `transcription POST ${stage} 200 TranscriptionEvent=transcription-stopped SequenceId=4`
  ])
  const events = transcript.events.filter((e) => e.type === 'request' && e.leg === 'transcription')
  t.match(events.map((e) => e.type === 'request' ? e.form : {}), [
    { CallSid: /^CA[0-9a-f]{32}$/, TranscriptionSid: /^GT[0-9a-f]{32}$/, LanguageCode: 'ja-JP', Track: 'inbound_track' },
    { TranscriptionData: JSON.stringify({ transcript: 'もしもし、田中です。', confidence: 0.95 }), Track: 'inbound_track' },
    { TranscriptionData: JSON.stringify({ transcript: '折り返しお電話ください。', confidence: 0.95 }) },
    {}
  ])
  t.notOk(events.some((e) => e.type === 'request' && Object.hasOwn(e.form, 'From')), 'Twilio names the call, not the caller')
  matchEach(t, heard(transcript), [
    { type: 'say', text: '発信音のあとに、メッセージをお話しください。', language: 'ja-JP' },
    { type: 'transcription', leg: 'caller', language: 'ja-JP', mode: 'realtime' },
    { type: 'record', seconds: 15 },
    { type: 'say', text: 'ありがとうございました。失礼いたします。' },
    { type: 'hangup', leg: 'caller' }
  ])
  t.equal(transcript.result, 'completed')
  const files = await emlFiles(join(outboxDir, 'mail'))
  t.equal(files.length, 1, 'one e-mail, sent once the transcription stopped')
  const mail = await simpleParser(await readFile(join(outboxDir, 'mail', files[0] as string)))
  t.match(mail.subject, /^090-1234-5678 からの留守番電話 /)
  t.match(mail.text, '\n文字起こし:\nもしもし、田中です。折り返しお電話ください。\n')
})

t.test('a <Transcription> without an absolute statusCallbackUrl: Twilio sends it nothing', async (t) => {
  const transcript = await call(await app(t), `message?Message=${enc('https://calls.example.com/lines/relative.xml')}`)
  t.equal(transcript.result, 'completed')
  const doc = '<Response><Start><Transcription languageCode="ja-JP" statusCallbackUrl="voicemail"/><Stream url="wss://x.example"/></Start><Say>Hi</Say></Response>'
  const { simulate } = await import('../../../src/simulator/call.js')
  const { readScript } = await import('../../../src/simulator/script.js')
  const served = await simulate({
    owns: () => true,
    request: async () => ({ status: 200, contentType: 'text/xml', body: doc })
  }, 'https://calls.example.com/lines/doc', readScript({ maxRequests: 3 }))
  matchEach(t, heard(served), [
    { type: 'transcription', language: 'ja-JP', mode: 'realtime' },
    { type: 'note', text: 'the <Transcription> statusCallbackUrl "voicemail" is not an absolute http(s) URL: Twilio sends it nothing (error 17585)' },
    { type: 'note', text: '<Start><Stream> is not simulated; skipped' },
    { type: 'say', text: 'Hi' }
  ])
  t.equal(served.requests, 1)
})

t.test('<Record recordingStatusCallback>: requested after the call, resolved against the document, for the completed event only', async (t) => {
  const { simulate } = await import('../../../src/simulator/call.js')
  const { readScript } = await import('../../../src/simulator/script.js')
  const docs: Record<string, string> = {
    '/lines/doc': '<Response><Record action="next" recordingStatusCallback="status?n=1" recordingStatusCallbackMethod="GET"/></Response>',
    '/lines/next': '<Response><Record action="last" recordingStatusCallback="status" recordingStatusCallbackEvent="in-progress absent"/></Response>',
    '/lines/last': '<Response><Record action="end" recordingStatusCallback="javascript:alert(1)"/></Response>',
    '/lines/end': '<Response><Hangup/></Response>'
  }
  const served = await simulate({
    owns: () => true,
    request: async ({ url }) => ({ status: 200, contentType: 'text/xml', body: docs[new URL(url).pathname] ?? '<Response/>' })
  }, 'https://calls.example.com/lines/doc', readScript({ recordSeconds: 5 }))
  t.same(served.events.flatMap((e) => e.type === 'request' ? [`${e.leg} ${e.method} ${e.url} ${e.form.RecordingStatus ?? ''}`.trim()] : []), [
    'caller POST https://calls.example.com/lines/doc',
    'caller POST https://calls.example.com/lines/next',
    'caller POST https://calls.example.com/lines/last',
    'caller POST https://calls.example.com/lines/end',
    'recording status GET https://calls.example.com/lines/status?n=1 completed'
  ])
  t.match(served.events.filter((e) => e.type === 'note'), [
    { text: 'the <Record> recordingStatusCallback "javascript:alert(1)" is not a URL Twilio can request: Twilio sends it nothing (warning 13256)' }
  ])
  t.equal(served.result, 'completed')
})

t.test('simulring: a voicemail box answers first and is screened out; the person who accepts is connected', async (t) => {
  const transcript = await call(await app(t), `simulring?${list('PhoneNumbers', A, B, C)}&Message=${enc('Call for you')}`, {
    parties: { [A]: 'voicemail', [B]: 'accept', [C]: 'no-answer' }
  })
  t.same(heard(transcript), [
    { type: 'dial', leg: 'caller', targets: [A, B, C], timeout: 20 },
    { type: 'ring', leg: A, result: 'answered', after: 3 },
    { type: 'say', leg: A, text: 'Call for you', voice: undefined, language: undefined, loop: 1 },
    { type: 'say', leg: A, text: 'Press any key to accept.', voice: undefined, language: undefined, loop: 1 },
    { type: 'gather', leg: A, digits: undefined },
    { type: 'hangup', leg: A },
    { type: 'screened-out', leg: A },
    { type: 'ring', leg: B, result: 'answered', after: 6 },
    { type: 'say', leg: B, text: 'Call for you', voice: undefined, language: undefined, loop: 1 },
    { type: 'say', leg: B, text: 'Press any key to accept.', voice: undefined, language: undefined, loop: 1 },
    { type: 'gather', leg: B, digits: '1' },
    { type: 'bridged', leg: B, seconds: 45, machine: false },
    { type: 'ring', leg: C, result: 'canceled', after: 20 },
    { type: 'dial-end', leg: 'caller', status: 'completed', bridged: true },
    { type: 'hangup', leg: 'caller' }
  ])
  t.same(transcript.rang, [{ target: A, result: 'screened-out' }, { target: B, result: 'bridged' }, { target: C, result: 'canceled' }])
  t.same(requests(transcript, 'Digits', 'To'), [
    `caller POST simulring?${list('PhoneNumbers', A, B, C).replace(/%2B/g, '+')}&Message=Call for you 200 To=+14155550100`,
    `${A} POST whisper?Message=Call for you&HumanCheck=true&AcceptPrompt=true 200 To=${A}`,
    `${B} POST whisper?Message=Call for you&HumanCheck=true&AcceptPrompt=true 200 To=${B}`,
    `${B} POST whisper?Message=Call for you&HumanCheck=true&AcceptPrompt=true 200 Digits=1 To=${B}`,
    'caller POST simulring?Dial=true 200 To=+14155550100'
  ])
})

t.test('findme: busy, no answer, then the third accepts; each action carries the numbers left', async (t) => {
  const transcript = await call(await app(t), `findme?${list('PhoneNumbers', A, B, C)}&Timeout=15`, {
    parties: { [A]: 'busy', [B]: 'no-answer', [C]: 'accept@4' }
  })
  t.same(transcript.rang, [{ target: A, result: 'busy' }, { target: B, result: 'no-answer' }, { target: C, result: 'bridged' }])
  t.same(requests(transcript, 'DialCallStatus', 'DialBridged').filter((r) => r.startsWith('caller')), [
    `caller POST findme?${list('PhoneNumbers', A, B, C).replace(/%2B/g, '+')}&Timeout=15 200`,
    `caller POST findme?Dial=true&Timeout=15&HumanCheck=true&PhoneNumbers[]=${B}&PhoneNumbers[]=${C} 200 DialCallStatus=busy DialBridged=false`,
    `caller POST findme?Dial=true&Timeout=15&HumanCheck=true&PhoneNumbers[]=${C} 200 DialCallStatus=no-answer DialBridged=false`,
    'caller POST findme?Dial=true&Timeout=15&HumanCheck=true 200 DialCallStatus=completed DialBridged=true'
  ])
  matchEach(t, heard(transcript).filter((e) => e.type === 'ring'), [
    { leg: A, result: 'busy', after: 1 }, { leg: B, result: 'no-answer', after: 15 }, { leg: C, result: 'answered', after: 4 }
  ])
  t.equal(transcript.result, 'completed')
})

t.test('findme in Japan: parties named in national form are the numbers dialed as +81…, the whisper in Japanese', async (t) => {
  const [mobile, office] = ['090-1111-2222', '03-1234-5678']
  const transcript = await call(await app(t), `findme?${list('PhoneNumbers', mobile, office)}&Region=JP&Language=ja-JP&CallerId=called`, {
    from: '+819012345678', to: '+815012345678', parties: { [mobile]: 'busy', [office]: 'accept' }
  })
  t.same(transcript.rang, [{ target: '+819011112222', result: 'busy' }, { target: '+81312345678', result: 'bridged' }])
  t.match(heard(transcript).find((e) => e.type === 'say'), { leg: '+81312345678', language: 'ja-JP', text: /^0 9 0、1 2 3 4、5 6 7 8 からお電話です。/ })
})

t.test('callme: the phone answers but presses nothing; the FailUrl elsewhere is named, not fetched', async (t) => {
  const transcript = await call(await app(t), `callme?PhoneNumber=${enc(A)}&FailUrl=${enc('https://example.com/after-hours')}`, { parties: { [A]: 'silent' } })
  matchEach(t, heard(transcript), [
    { type: 'dial', targets: [A] },
    { type: 'ring', leg: A, result: 'answered' },
    { type: 'say', leg: A, text: SCREEN },
    { type: 'gather', leg: A, digits: undefined },
    { type: 'hangup', leg: A },
    { type: 'screened-out', leg: A },
    { type: 'dial-end', status: 'completed', bridged: false },
    { type: 'external', leg: 'caller', url: 'https://example.com/after-hours' }
  ])
  t.match(requests(transcript, 'DialCallStatus', 'DialBridged').at(-1), /DialCallStatus=completed DialBridged=false$/)
  t.equal(transcript.result, 'external')
})

t.test('whisper on its own: the person presses a key and the document ends, which connects them', async (t) => {
  const transcript = await call(await app(t), `whisper?Message=${enc('Sales call')}&HumanCheck=true`, { digits: ['5'] })
  t.same(heard(transcript), [
    { type: 'say', leg: 'caller', text: 'Sales call', voice: undefined, language: undefined, loop: 1 },
    { type: 'gather', leg: 'caller', digits: '5' }
  ])
  t.same(requests(transcript, 'Digits'), ['caller POST whisper?Message=Sales call&HumanCheck=true 200', 'caller POST whisper?Message=Sales call&HumanCheck=true 200 Digits=5'])
  t.equal(transcript.result, 'completed')
})

t.test('menu: a wrong key, then a right one; the option is another twimlet of this service', async (t) => {
  const option = enc(`message?Message=${enc('Our hours are nine to five.')}`)
  const transcript = await call(await app(t), `menu?Message=${enc('For hours press 1.')}&Options[1]=${option}`, { digits: ['7', '1'] })
  t.same(heard(transcript).map((e) => (e.type === 'say' ? e.text : e.type === 'gather' ? `keys ${e.digits ?? 'none'}` : e.type)), [
    'For hours press 1.', 'keys 7', "I'm sorry, that wasn't a valid option.", 'For hours press 1.', 'keys 1', 'Our hours are nine to five.'
  ])
  matchEach(t, requests(transcript, 'Digits'), [/^caller POST menu\?/, /Round=1 200 Digits=7$/, /Round=2 200 Digits=1$/, /^caller POST message\?Message=Our hours are nine to five\. 200$/])
  t.equal(transcript.result, 'completed')
})

t.test('menu: a silent caller is asked three times, then hears goodbye', async (t) => {
  const transcript = await call(await app(t), `menu?Message=${enc('Press 1.')}&Options[1]=message`)
  t.same(heard(transcript).map((e) => (e.type === 'say' ? e.text : e.type)), ['Press 1.', 'gather', 'Press 1.', 'gather', 'Press 1.', 'gather', 'Good bye.', 'hangup'])
  t.equal(transcript.requests, 3)
  t.equal(transcript.result, 'completed')
})

t.test('message: said and played in order, then the call ends', async (t) => {
  const transcript = await call(await app(t), `message?Message[]=${enc('Hello')}&Message[]=${enc('https://example.com/a.mp3')}`)
  t.same(heard(transcript), [
    { type: 'say', leg: 'caller', text: 'Hello', voice: undefined, language: undefined, loop: 1 },
    { type: 'play', leg: 'caller', url: 'https://example.com/a.mp3', loop: 1 }
  ])
  t.equal(transcript.result, 'completed')
})

t.test('holdmusic: the bucket\'s tracks play, then the loop is named instead of followed forever', async (t) => {
  const transcript = await call(await app(t), `holdmusic?Bucket=com.example.music&Message=${enc('Thanks for holding.')}`)
  t.same(heard(transcript), [
    { type: 'play', leg: 'caller', url: s3.objectUrl('com.example.music', 'one.mp3'), loop: 1 },
    { type: 'say', leg: 'caller', text: 'Thanks for holding.', voice: undefined, language: undefined, loop: 1 },
    { type: 'loop', leg: 'caller', url: `${BASE}holdmusic?Bucket=com.example.music&Message=${enc('Thanks for holding.')}` }
  ])
  t.equal(transcript.result, 'loop')
  t.equal(transcript.requests, 1)
})

t.test('conference: a wrong pass code, the right one, then the room with its wait music', async (t) => {
  const transcript = await call(await app(t), 'conference?Name=standup&Password=4321&Music=classical', { digits: ['1111', '4321'] })
  matchEach(t, heard(transcript), [
    { type: 'say', text: 'Please enter your conference pass code.' },
    { type: 'gather', digits: '1111' },
    { type: 'say', text: 'That pass code is not correct.' },
    { type: 'say', text: 'Please enter your conference pass code.' },
    { type: 'gather', digits: '4321' },
    { type: 'say', text: 'You are now entering the conference line.' },
    { type: 'conference', leg: 'caller', name: 'standup', startsOnEnter: true },
    { type: 'play', leg: 'wait music', url: s3.objectUrl('com.twilio.music.classical', 'a.mp3') },
    { type: 'note', leg: 'wait music' },
    { type: 'note', leg: 'caller', text: /stays in the conference/ }
  ])
  t.match(requests(transcript).at(-1), /^wait music GET holdmusic\?Bucket=com\.twilio\.music\.classical 200$/)
  t.equal(transcript.result, 'completed')
})

t.test('echo: any TwiML is played as Twilio would, verb by verb', async (t) => {
  const twiml = '<Response><Pause length="2"/><Gather numDigits="1" action="message?Message=Thanks"><Say voice="alice">Press a key</Say></Gather>' +
    `<Dial>${A}</Dial><Say>Still here</Say><Reject reason="busy"/></Response>`
  const service = await app(t)
  const pressed = await call(service, `echo?Twiml=${enc(twiml)}`, { digits: ['3'] })
  matchEach(t, heard(pressed), [
    { type: 'pause', seconds: 2 },
    { type: 'say', text: 'Press a key', voice: 'alice' },
    { type: 'gather', digits: '3' },
    { type: 'say', text: 'Thanks' }
  ])
  // Silence falls through the <Gather>; a <Dial> without action goes on with the next verb.
  const silent = await call(service, `echo?Twiml=${enc(twiml)}`, { parties: { [A]: 'busy' } })
  t.same(heard(silent).map((e) => e.type), ['pause', 'say', 'gather', 'dial', 'ring', 'dial-end', 'say', 'reject'])
  t.equal(silent.result, 'rejected')
})

t.test('GET: Twilio\'s parameters are appended to the query, and the chain stays GET where the TwiML says nothing', async (t) => {
  const transcript = await call(await app(t), `forward?PhoneNumber=${enc(A)}`, { method: 'GET', parties: { [A]: 'busy' } })
  const [first, action] = transcript.events.filter((e) => e.type === 'request')
  t.match(first, { method: 'GET', status: 200, form: { CallSid: /^CA/, From: '+15105551212', To: '+14155550100', CallStatus: 'ringing', Direction: 'inbound' } })
  t.match(action, { method: 'POST', form: { DialCallStatus: 'busy', CallStatus: 'in-progress' } }, '<Dial> action is requested by POST, its default')
})

t.test('configuration problems are heard as the caller hears them', async (t) => {
  const transcript = await call(await app(t), 'findme?Message=hi')
  matchEach(t, heard(transcript), [{ type: 'say', text: /no number to call/ }, { type: 'hangup' }])
})
