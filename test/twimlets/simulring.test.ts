import t from 'tap'
import { CALL, JP_CALL, request, testApp } from '../fixtures/app.js'
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
