import t from 'tap'
import { behindProxy, CALL, JP_CALL, loggedApp, request, resolve, testApp } from '../fixtures/app.js'
import { dialOf, redirectOf } from '../fixtures/calls.js'
import { response } from '../fixtures/twiml.js'

const A = '+14155551001'
const B = '+14155551002'
const C = '+14155551003'
const NUMBERS = [A, B, C].map((n) => `PhoneNumbers[]=${encodeURIComponent(n)}`).join('&')

t.test('dials the first number, screened, carrying the rest in the action URL', async (t) => {
  const app = await testApp(t)
  for (const method of ['POST', 'GET'] as const) {
    const res = await request(app, `/findme?${NUMBERS}&Message=Press%20any%20key&FailUrl=https%3A%2F%2Fexample.com%2Fvm`, CALL, method)
    t.same(res.twiml, response(
      '<Dial action="findme?Dial=true&amp;FailUrl=https://example.com/vm&amp;Timeout=60&amp;Message=Press any key&amp;HumanCheck=true&amp;AcceptPrompt=true' +
      `&amp;PhoneNumbers[]=${B}&amp;PhoneNumbers[]=${C}" timeout="60">` +
      `<Number url="whisper?Message=Press any key&amp;HumanCheck=true&amp;AcceptPrompt=true">${A}</Number></Dial>`), method)
  }
})

t.test('on each dial that did not connect, the next number; then FailUrl', async (t) => {
  const app = await testApp(t)
  const second = await request(app, `/findme?Dial=true&Timeout=15&HumanCheck=true&PhoneNumbers[]=${encodeURIComponent(B)}&PhoneNumbers[]=${encodeURIComponent(C)}&FailUrl=https%3A%2F%2Fexample.com%2Fvm`, { ...CALL, DialCallStatus: 'busy' })
  t.same(second.twiml, response(
    `<Dial action="findme?Dial=true&amp;FailUrl=https://example.com/vm&amp;Timeout=15&amp;HumanCheck=true&amp;PhoneNumbers[]=${C}" timeout="15">` +
    `<Number url="whisper?HumanCheck=true">${B}</Number></Dial>`))
  const last = await request(app, '/findme?Dial=true&Timeout=15&HumanCheck=true&FailUrl=https%3A%2F%2Fexample.com%2Fvm', { ...CALL, DialCallStatus: 'no-answer' })
  t.same(last.twiml, response('<Redirect>https://example.com/vm</Redirect>'))
  const noFail = await request(app, '/findme?Dial=true', { ...CALL, DialCallStatus: 'failed' })
  t.same(noFail.twiml, response('<Hangup/>'))
})

t.test('a connected dial hangs up, whatever numbers remain', async (t) => {
  const app = await testApp(t)
  for (const status of ['completed', 'answered']) {
    const res = await request(app, `/findme?Dial=true&PhoneNumbers[]=${encodeURIComponent(C)}`, { ...CALL, DialCallStatus: status })
    t.same(res.twiml, response('<Hangup/>'), status)
  }
  const legacy = await request(app, `/findme?Dial=true&PhoneNumbers[]=${encodeURIComponent(C)}`, { ...CALL, DialStatus: 'answered' })
  t.same(legacy.twiml, response('<Hangup/>'))
})

t.test('every status that is not a connection tries the next number', async (t) => {
  const app = await testApp(t)
  for (const status of ['busy', 'no-answer', 'failed', 'canceled']) {
    const res = await request(app, `/findme?Dial=true&PhoneNumbers[]=${encodeURIComponent(C)}`, { ...CALL, DialCallStatus: status })
    t.same(dialOf(res).legs.map((l) => l.target), [C], status)
  }
  const screenedOut = await request(app, `/findme?Dial=true&PhoneNumbers[]=${encodeURIComponent(C)}`, { ...CALL, DialCallStatus: 'completed', DialBridged: 'false' })
  t.same(dialOf(screenedOut).legs.map((l) => l.target), [C], 'answered but screened out')
})

t.test('keeps the first ten numbers (the hosted Twimlet kept the last ten)', async (t) => {
  const app = await testApp(t)
  const numbers = Array.from({ length: 13 }, (_, i) => `+1415555${2001 + i}`)
  const res = await request(app, `/findme?${numbers.map((n) => `PhoneNumbers[]=${encodeURIComponent(n)}`).join('&')}`, CALL)
  const dial = dialOf(res)
  t.same(dial.legs.map((l) => l.target), [numbers[0]])
  t.same(new URLSearchParams(dial.action.split('?')[1]).getAll('PhoneNumbers[]'), numbers.slice(1, 10))
})

t.test('HumanCheck=false, Language and Voice ride along the whole chain', async (t) => {
  const app = await testApp(t)
  const first = await request(app, `/findme?${NUMBERS}&HumanCheck=false&Language=fr-FR&Voice=alice`, CALL)
  const dial = dialOf(first)
  t.equal(dial.legs[0]?.url, 'whisper?HumanCheck=false&Language=fr-FR&Voice=alice')
  const next = await request(app, resolve('/findme', dial.action), { ...CALL, DialCallStatus: 'busy' })
  t.equal(dialOf(next).legs[0]?.url, 'whisper?HumanCheck=false&Language=fr-FR&Voice=alice')
})

t.test('no numbers: a spoken explanation', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/findme?Message=hi', CALL)
  t.same(res.twiml, response('<Say>Sorry, this line is not set up yet: it has no number to call. Good bye.</Say><Hangup/>'))
})

/**
 * Whole calls, requested exactly as Twilio would: the voice URL, each leg's whisper on answer,
 * the digits gathered, and the action URL when each <Dial> ends. The service sits behind a
 * proxy under /lines, so every URL must resolve to /lines/...
 */
t.test('a whole call: first busy, second answers but presses nothing, third accepts', async (t) => {
  const app = await testApp(t)
  const twilio = async (url: string, form: Record<string, string>) => await request(app, behindProxy('/lines', url), form)
  let url = `/lines/findme?${NUMBERS}&Message=Call%20for%20you&Timeout=20`

  // First number: busy.
  let dial = dialOf(await twilio(url, CALL))
  t.same(dial.legs.map((l) => l.target), [A])
  url = resolve(url, dial.action)

  // Second number: answers, hears the whisper, presses nothing: the whisper hangs up.
  dial = dialOf(await twilio(url, { ...CALL, DialCallStatus: 'busy', DialCallSid: 'CA-A' }))
  t.same(dial.legs.map((l) => l.target), [B])
  const whisperB = resolve(url, dial.legs[0]?.url ?? '')
  const promptB = await twilio(whisperB, { ...CALL, CallSid: 'CA-B', To: B })
  t.same(promptB.twiml, response('<Gather numDigits="1"><Say>Call for you</Say><Say>Press any key to accept.</Say></Gather><Hangup/>'))
  url = resolve(url, dial.action)

  // Third number: answers, presses 1 (the Gather posts to the whisper URL itself): bridged.
  dial = dialOf(await twilio(url, { ...CALL, DialCallStatus: 'completed', DialBridged: 'false', DialCallSid: 'CA-B' }))
  t.same(dial.legs.map((l) => l.target), [C])
  const whisperC = resolve(url, dial.legs[0]?.url ?? '')
  const promptC = await twilio(whisperC, { ...CALL, CallSid: 'CA-C', To: C })
  t.same(promptC.twiml, response('<Gather numDigits="1"><Say>Call for you</Say><Say>Press any key to accept.</Say></Gather><Hangup/>'))
  const accepted = await twilio(whisperC, { ...CALL, CallSid: 'CA-C', To: C, Digits: '1' })
  t.same(accepted.twiml, response(''), 'an empty document bridges the legs: C is connected')

  // The two talk, then hang up: the action ends the call.
  const end = await twilio(resolve(url, dial.action), { ...CALL, DialCallStatus: 'completed', DialBridged: 'true', DialCallSid: 'CA-C', DialCallDuration: '42' })
  t.same(end.twiml, response('<Hangup/>'))
})

t.test('a whole call where nobody connects ends at a FailUrl on this service', async (t) => {
  const app = await testApp(t)
  const twilio = async (url: string, form: Record<string, string>) => await request(app, behindProxy('/lines', url), form)
  const failUrl = encodeURIComponent('forward?PhoneNumber=+14155559999&Timeout=30')
  let url = `/lines/findme/?${NUMBERS}&FailUrl=${failUrl}`
  let answer = await twilio(url, CALL)
  const rung: string[] = []
  for (const status of ['busy', 'no-answer', 'failed']) {
    const dial = dialOf(answer)
    rung.push(...dial.legs.map((l) => l.target))
    url = resolve(url, dial.action)
    answer = await twilio(url, { ...CALL, DialCallStatus: status })
  }
  t.same(rung, [A, B, C])
  const target = resolve(url, redirectOf(answer))
  t.match(target, /^\/lines\/forward\?/, 'the relative FailUrl resolves to this service, under the prefix')
  const forwarded = await twilio(target, CALL)
  t.same(forwarded.twiml, response('<Dial action="forward?Dial=true" timeout="30"><Number>+14155559999</Number></Dial>'))
})

t.test('settings too long for the action URL Twilio must request: the caller hears why', async (t) => {
  const app = await testApp(t)
  const res = await request(app, `/findme?${NUMBERS}&Message=${'a'.repeat(4000)}`, CALL)
  t.same(res.twiml, response('<Say>Sorry, this line is set up with more information than a call can carry. Good bye.</Say><Hangup/>'))
  const fits = await request(app, `/findme?${NUMBERS}&Message=${'a'.repeat(1500)}`, CALL)
  t.equal(dialOf(fits).legs.length, 1)
})

const JA = 'Language=ja-JP&Voice=Polly.Mizuki'

t.test('in Japan: Region=JP dials numbers in national form as +81…, and the chain carries them so', async (t) => {
  const app = await testApp(t)
  const typed = ['090-1234-5678', '03-1234-5678', '0120-123-456'].map((n) => `PhoneNumbers[]=${encodeURIComponent(n)}`).join('&')
  const first = await request(app, `/findme?${typed}&Region=JP&${JA}&CallerId=called`, JP_CALL)
  t.same(first.twiml, response(
    '<Dial action="findme?Dial=true&amp;CallerId=called&amp;Timeout=60&amp;HumanCheck=true&amp;Language=ja-JP&amp;Voice=Polly.Mizuki' +
    '&amp;PhoneNumbers[]=+81312345678&amp;PhoneNumbers[]=+81120123456" timeout="60" callerId="+815012345678">' +
    '<Number url="whisper?HumanCheck=true&amp;Language=ja-JP&amp;Voice=Polly.Mizuki&amp;CallFrom=+819012345678">+819012345678</Number></Dial>'))
  const second = await request(app, resolve('/findme', dialOf(first).action), { ...JP_CALL, DialCallStatus: 'no-answer' })
  t.same(dialOf(second).legs.map((l) => l.target), ['+81312345678'])
  t.equal(dialOf(second).attrs.callerId, '+815012345678', 'the called number again, without a Region')
  // The answered leg's From is the callerId: the whisper names the caller from CallFrom.
  const whisper = await request(app, resolve('/findme', dialOf(second).legs[0]?.url ?? ''), { ...JP_CALL, From: '+815012345678', To: '+81312345678' })
  t.same(whisper.twiml, response(
    '<Gather numDigits="1"><Say language="ja-JP" voice="Polly.Mizuki">0 9 0、1 2 3 4、5 6 7 8 からお電話です。お受けになる場合は、いずれかのボタンを押してください。</Say></Gather><Hangup/>'))
})

t.test('numbers that cannot be valid in the Region are never dialed: alone, the caller hears why', async (t) => {
  const app = await testApp(t)
  const bad = await request(app, `/findme?PhoneNumbers[]=090-1234-567&PhoneNumbers[]=${encodeURIComponent('415-555-1001')}&Region=JP&Language=ja-JP`, JP_CALL)
  t.same(bad.twiml, response('<Say language="ja-JP">申し訳ございません。この回線には、発信できない電話番号が設定されています。失礼いたします。</Say><Hangup/>'))
  const mixed = await request(app, '/findme?PhoneNumbers[]=090-1234-567&PhoneNumbers[]=090-1234-5678&PhoneNumbers[]=090-1234-56789&Region=JP', JP_CALL)
  const dial = dialOf(mixed)
  t.same(dial.legs.map((l) => l.target), ['+819012345678'], 'the valid one is dialed')
  t.same(new URLSearchParams(dial.action.split('?')[1]).getAll('PhoneNumbers[]'), [], 'the invalid ones are not carried')
})

t.test('DEFAULT_REGION=JP: the same, for URLs without a Region; a URL\'s Region wins', async (t) => {
  const app = await testApp(t, { config: { defaultRegion: 'JP' } })
  const res = await request(app, '/findme?PhoneNumbers[]=090-1234-5678&PhoneNumbers[]=06-6123-4567', JP_CALL)
  t.same(dialOf(res).legs.map((l) => l.target), ['+819012345678'])
  t.equal(new URLSearchParams(dialOf(res).action.split('?')[1]).get('PhoneNumbers[]'), '+81661234567')
  const us = await request(app, `/findme?PhoneNumbers[]=${encodeURIComponent('(415) 555-1001')}&Region=US`, CALL)
  t.same(dialOf(us).legs.map((l) => l.target), ['+14155551001'])
})

const JA_GREETING = '発信音のあとに、メッセージをお話しください。'

t.test('a FailUrl typed with one level of encoding takes the caller to the voicemail meant, its Message intact', async (t) => {
  const { app, lines } = await loggedApp(t)
  // What people type: the voicemail URL encoded once, spaces and all.
  const typed = 'FailUrl=voicemail?Email=me%40example.com%26Message=Sorry,%20nobody%20can%20take%20your%20call'
  const first = await request(app, `/findme?PhoneNumbers[]=${encodeURIComponent(A)}&${typed}`, CALL)
  const action = resolve('/findme', dialOf(first).action)
  const failed = await request(app, action, { ...CALL, DialCallStatus: 'no-answer' })
  const written = redirectOf(failed)
  t.notMatch(written, /\s/, 'written percent-encoded')
  const meant = new URL(written, 'https://host/findme')
  t.equal(meant.pathname, '/voicemail')
  t.same([...meant.searchParams], [['Email', 'me@example.com'], ['Message', 'Sorry, nobody can take your call']])
  const greeting = await request(app, resolve(action, written), CALL)
  t.same(greeting.twiml, response('<Say>Sorry, nobody can take your call</Say>' +
    '<Record action="voicemail?Email=me@example.com" transcribe="true" transcribeCallback="voicemail?Email=me@example.com" recordingStatusCallback="voicemail?Email=me@example.com"/>'))
  t.notOk(lines.some((l) => l.param === 'FailUrl'), 'nothing to report')
})

t.test('a properly double-encoded FailUrl survives the chain unchanged', async (t) => {
  const app = await testApp(t)
  const failUrl = `voicemail?Email=${encodeURIComponent('me@example.com')}&Message=${encodeURIComponent('Sorry, nobody & no one')}`
  const first = await request(app, `/findme?PhoneNumbers[]=${encodeURIComponent(A)}&FailUrl=${encodeURIComponent(failUrl)}`, CALL)
  const failed = await request(app, resolve('/findme', dialOf(first).action), { ...CALL, DialCallStatus: 'busy' })
  t.equal(redirectOf(failed), failUrl)
})

t.test('a FailUrl that can never be fetched is an error in the log: callers would be hung up on', async (t) => {
  const { app, lines } = await loggedApp(t)
  await request(app, `/findme?PhoneNumbers[]=${encodeURIComponent(A)}&FailUrl=${encodeURIComponent('javascript:alert(1)')}`, CALL)
  t.match(lines.find((l) => l.param === 'FailUrl'), { level: 50, msg: /^FailUrl is a javascript: URL.*callers are hung up on instead of being sent there$/ })
})

t.test('nothing to dial with a FailUrl: the caller goes there, and the log says why', async (t) => {
  const { app, lines } = await loggedApp(t)
  const failUrl = encodeURIComponent('voicemail?Email=me%40example.com')
  const missing = await request(app, `/findme?FailUrl=${failUrl}`, CALL)
  t.same(missing.twiml, response('<Redirect>voicemail?Email=me@example.com</Redirect>'))
  t.match(lines.find((l) => l.param === 'PhoneNumbers'), { level: 40, msg: 'PhoneNumbers missing: nothing to dial, so callers are sent to the FailUrl' })
  const invalid = await request(app, `/findme/?PhoneNumbers[]=090-1234-567&Region=JP&FailUrl=${failUrl}`, JP_CALL)
  t.equal(redirectOf(invalid), '../voicemail?Email=me%40example.com', 'a sibling from /findme/ too')
  t.ok(lines.some((l) => l.msg === 'PhoneNumbers no number that can be valid in JP: nothing to dial, so callers are sent to the FailUrl'))
})

t.test('a whole call: a Japanese findme nobody answers ends at a voicemail greeting in Japanese', async (t) => {
  const app = await testApp(t, { config: { publicUrl: 'https://calls.example.com/lines' } })
  const twilio = async (url: string, form: Record<string, string>) => await request(app, behindProxy('/lines', url), form)
  const failUrl = encodeURIComponent(`voicemail?Email=${encodeURIComponent('owner@example.jp')}`)
  let url = `/lines/findme?PhoneNumbers[]=090-1111-2222&PhoneNumbers[]=090-3333-4444&Region=JP&Language=ja-JP&Voice=Polly.Mizuki&FailUrl=${failUrl}`
  let answer = await twilio(url, JP_CALL)
  for (const status of ['busy', 'no-answer']) {
    url = resolve(url, dialOf(answer).action)
    answer = await twilio(url, { ...JP_CALL, DialCallStatus: status })
  }
  const voicemail = resolve(url, redirectOf(answer))
  t.match(voicemail, /^\/lines\/voicemail\?/)
  const greeting = await twilio(voicemail, JP_CALL)
  // Twilio transcribes recordings in English only: a Japanese message is transcribed in real time.
  t.same(greeting.twiml, response(`<Say language="ja-JP" voice="Polly.Mizuki">${JA_GREETING}</Say>` +
    '<Start><Transcription languageCode="ja-JP" track="inbound_track" ' +
    'statusCallbackUrl="https://calls.example.com/lines/voicemail?Email=owner@example.jp&amp;Language=ja-JP&amp;Voice=Polly.Mizuki"/></Start>' +
    '<Record action="voicemail?Email=owner@example.jp&amp;Language=ja-JP&amp;Voice=Polly.Mizuki" recordingStatusCallback="voicemail?Email=owner@example.jp&amp;Language=ja-JP&amp;Voice=Polly.Mizuki"/>'))
})

t.test('a FailUrl with a Language of its own keeps it; an absolute one is untouched', async (t) => {
  const app = await testApp(t)
  const own = encodeURIComponent('voicemail?Email=a%40b.com&Language=en-US')
  const first = await request(app, `/findme?PhoneNumbers[]=${encodeURIComponent(A)}&Language=ja-JP&FailUrl=${own}`, CALL)
  t.equal(new URLSearchParams(dialOf(first).action.split('?')[1]).get('FailUrl'), 'voicemail?Email=a%40b.com&Language=en-US')
  const absolute = await request(app, `/findme?PhoneNumbers[]=${encodeURIComponent(A)}&Language=ja-JP&FailUrl=${encodeURIComponent('https://example.com/voicemail')}`, CALL)
  t.equal(new URLSearchParams(dialOf(absolute).action.split('?')[1]).get('FailUrl'), 'https://example.com/voicemail')
})

t.test('numbers typed on a Japanese keyboard are dialed', async (t) => {
  const app = await testApp(t)
  const res = await request(app, `/findme?PhoneNumbers[]=${encodeURIComponent('０９０ー１２３４ー５６７８')}&PhoneNumbers[]=${encodeURIComponent('０３－１２３４－５６７８')}&Region=JP`, JP_CALL)
  const dial = dialOf(res)
  t.same(dial.legs.map((l) => l.target), ['+819012345678'])
  t.same(new URLSearchParams(dial.action.split('?')[1]).getAll('PhoneNumbers[]'), ['+81312345678'])
})

t.test('Language=jp is read as ja-JP, said so, and carried so', async (t) => {
  const { app, lines } = await loggedApp(t)
  const res = await request(app, `/findme?PhoneNumbers[]=${encodeURIComponent(A)}&Language=jp`, CALL)
  t.equal(dialOf(res).legs[0]?.url, 'whisper?HumanCheck=true&Language=ja-JP')
  t.match(lines.find((l) => l.param === 'Language'), { level: 40, msg: 'Language "jp" is read as ja-JP (Japanese (Japan)), the code Twilio takes' })
})
