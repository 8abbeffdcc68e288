import t from 'tap'
import { CALL, JP_CALL, loggedApp, request, resolve, testApp } from '../fixtures/app.js'
import { dialOf } from '../fixtures/calls.js'
import { response } from '../fixtures/twiml.js'

const WHISPER = 'whisper?HumanCheck=true'

t.test('rings every number at once, each screened, in the order given', async (t) => {
  const app = await testApp(t)
  for (const method of ['POST', 'GET'] as const) {
    const res = await request(app, '/simulring?PhoneNumbers[]=%2B14155551001&PhoneNumbers[]=%2B14155551002&PhoneNumbers[]=%2B14155551003', CALL, method)
    t.same(res.twiml, response(
      '<Dial action="simulring?Dial=true" timeout="20">' +
      `<Number url="${WHISPER}">+14155551001</Number>` +
      `<Number url="${WHISPER}">+14155551002</Number>` +
      `<Number url="${WHISPER}">+14155551003</Number></Dial>`), method)
  }
})

t.test('indexed lists are ordered by index; a single PhoneNumbers= works', async (t) => {
  const app = await testApp(t)
  const indexed = await request(app, '/simulring?PhoneNumbers[1]=%2B14155551002&PhoneNumbers[0]=%2B14155551001', CALL)
  t.same(indexed.twiml, response(
    `<Dial action="simulring?Dial=true" timeout="20"><Number url="${WHISPER}">+14155551001</Number><Number url="${WHISPER}">+14155551002</Number></Dial>`))
  const single = await request(app, '/simulring?PhoneNumbers=%2B14155551001&Message=Sales%20call', CALL)
  t.same(single.twiml, response(
    '<Dial action="simulring?Dial=true" timeout="20"><Number url="whisper?Message=Sales call&amp;HumanCheck=true&amp;AcceptPrompt=true">+14155551001</Number></Dial>'))
})

t.test('at most ten numbers, the first ten', async (t) => {
  const app = await testApp(t)
  const numbers = Array.from({ length: 12 }, (_, i) => `%2B1415555${String(1001 + i)}`)
  const res = await request(app, `/simulring?${numbers.map((n) => `PhoneNumbers[]=${n}`).join('&')}`, CALL)
  const dialed = res.twiml.children[0]?.children.map((n) => n.text)
  t.same(dialed, Array.from({ length: 10 }, (_, i) => `+1415555${1001 + i}`))
})

t.test('HumanCheck=false and the Message reach the whisper', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/simulring?PhoneNumbers[]=%2B14155551001&HumanCheck=false&Message=https%3A%2F%2Fexample.com%2Fa.mp3&Language=es-MX', CALL)
  t.same(res.twiml, response(
    '<Dial action="simulring?Dial=true" timeout="20"><Number url="whisper?Message=https://example.com/a.mp3&amp;HumanCheck=false&amp;Language=es-MX">+14155551001</Number></Dial>'))
})

t.test('after the dial: connected hangs up; otherwise FailUrl or hang up', async (t) => {
  const app = await testApp(t)
  const url = '/simulring?Dial=true&FailUrl=https%3A%2F%2Fexample.com%2Fnext'
  t.same((await request(app, url, { ...CALL, DialCallStatus: 'completed' })).twiml, response('<Hangup/>'))
  t.same((await request(app, url, { ...CALL, DialCallStatus: 'answered' })).twiml, response('<Hangup/>'))
  for (const status of ['busy', 'no-answer', 'failed', 'canceled']) {
    t.same((await request(app, url, { ...CALL, DialCallStatus: status })).twiml, response('<Redirect>https://example.com/next</Redirect>'), status)
  }
  t.same((await request(app, '/simulring?Dial=true', { ...CALL, DialCallStatus: 'no-answer' })).twiml, response('<Hangup/>'))
})

t.test('queue: and conference: cannot ring alongside others and are left out', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/simulring?PhoneNumbers[]=%2B14155551001&PhoneNumbers[]=conference%3Aroom&PhoneNumbers[]=client%3Aalice', CALL)
  t.same(res.twiml, response(
    `<Dial action="simulring?Dial=true" timeout="20"><Number url="${WHISPER}">+14155551001</Number><Client url="${WHISPER}">alice</Client></Dial>`))
})

t.test('no usable numbers: a spoken explanation', async (t) => {
  const app = await testApp(t)
  for (const url of ['/simulring', '/simulring?PhoneNumbers[]=&PhoneNumbers[]=', '/simulring?PhoneNumbers[]=not-a-number']) {
    const res = await request(app, url, CALL)
    t.equal(res.status, 200)
    t.same(res.twiml, response('<Say>Sorry, this line is not set up yet: it has no number to call. Good bye.</Say><Hangup/>'), url)
  }
})

t.test('in Japan: Region=JP dials national numbers as +81…, the whisper speaks Japanese', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/simulring?PhoneNumbers[]=090-1111-2222&PhoneNumbers[]=090-3333-4444&PhoneNumbers[]=0901111&Region=JP&Language=ja-JP', JP_CALL)
  t.same(res.twiml, response(
    '<Dial action="simulring?Dial=true" timeout="20">' +
    '<Number url="whisper?HumanCheck=true&amp;Language=ja-JP">+819011112222</Number>' +
    '<Number url="whisper?HumanCheck=true&amp;Language=ja-JP">+819033334444</Number></Dial>'))
  const none = await request(app, '/simulring?PhoneNumbers[]=0901111&Region=JP&Language=ja-JP', JP_CALL)
  t.same(none.twiml, response('<Say language="ja-JP">申し訳ございません。この回線には、発信できない電話番号が設定されています。失礼いたします。</Say><Hangup/>'))
  const missing = await request(app, '/simulring?Language=ja-JP', JP_CALL)
  t.same(missing.twiml, response('<Say language="ja-JP">申し訳ございません。この回線はまだ設定されていません。発信先の電話番号がありません。失礼いたします。</Say><Hangup/>'))
})

t.test('a Message of its own with screening on by default: the answerer also hears how to accept', async (t) => {
  const { app, lines } = await loggedApp(t)
  const res = await request(app, '/simulring?PhoneNumbers[]=%2B14155551001&Message=Call%20for%20Acme', CALL)
  t.equal(dialOf(res).legs[0]?.url, 'whisper?Message=Call%20for%20Acme&HumanCheck=true&AcceptPrompt=true')
  t.match(lines.find((l) => l.param === 'HumanCheck'), { level: 30, msg: 'HumanCheck not set, so answered calls are screened (the default): after the Message the person answering hears "Press any key to accept.", and is hung up on without a key press' })
  const typed = await request(app, '/simulring?PhoneNumbers[]=%2B14155551001&Message=Press%201%20for%20Acme&HumanCheck=true', CALL)
  t.equal(dialOf(typed).legs[0]?.url, 'whisper?Message=Press%201%20for%20Acme&HumanCheck=true', 'HumanCheck=true typed: the Message as typed')
  t.ok(lines.some((l) => l.level === 30 && l.param === 'HumanCheck' && String(l.msg).startsWith('HumanCheck true: the Message is said exactly as typed')))
  const after = lines.length
  await request(app, '/simulring?Dial=true', { ...CALL, DialCallStatus: 'completed' })
  t.equal(lines.filter((l) => l.param === 'HumanCheck').length, lines.slice(0, after).filter((l) => l.param === 'HumanCheck').length, 'not said again after the dial')
})

t.test('a whole call: simulring with Message=Call for Acme, the answered leg hears it and how to accept, presses 1, is bridged', async (t) => {
  const app = await testApp(t)
  const url = '/simulring?PhoneNumbers[]=%2B14155551001&PhoneNumbers[]=%2B14155551002&Message=Call%20for%20Acme&Language=ja-JP'
  const dial = dialOf(await request(app, url, CALL))
  const whisper = resolve(url, dial.legs[1]?.url ?? '')
  const prompt = await request(app, whisper, { ...CALL, CallSid: 'CA-B', To: '+14155551002' })
  t.same(prompt.twiml, response('<Gather numDigits="1"><Say language="ja-JP">Call for Acme</Say>' +
    '<Say language="ja-JP">お受けになる場合は、いずれかのボタンを押してください。</Say></Gather><Hangup/>'))
  // The Gather has no action: Twilio posts the digits to the whisper URL itself.
  const accepted = await request(app, whisper, { ...CALL, CallSid: 'CA-B', To: '+14155551002', Digits: '1' })
  t.same(accepted.twiml, response(''), 'an empty document bridges the legs')
  const end = await request(app, resolve(url, dial.action), { ...CALL, DialCallStatus: 'completed', DialBridged: 'true' })
  t.same(end.twiml, response('<Hangup/>'))
})

t.test('nothing to dial with a FailUrl: the caller goes there', async (t) => {
  const { app, lines } = await loggedApp(t)
  for (const numbers of ['', 'PhoneNumbers[]=not-a-number&']) {
    const res = await request(app, `/simulring?${numbers}FailUrl=${encodeURIComponent('https://example.com/closed.xml')}`, CALL)
    t.same(res.twiml, response('<Redirect>https://example.com/closed.xml</Redirect>'), numbers)
  }
  t.ok(lines.some((l) => l.msg === 'PhoneNumbers missing: nothing to dial, so callers are sent to the FailUrl'))
  t.ok(lines.some((l) => l.msg === 'PhoneNumbers no usable target: nothing to dial, so callers are sent to the FailUrl'))
})
