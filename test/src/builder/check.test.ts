import t from 'tap'
import type { Problem } from '../../../src/builder/check.js'
import { twimlets } from '../../../twimlets/index.js'
import { testApp } from '../../fixtures/app.js'
import { parseTwiml, response } from '../../fixtures/twiml.js'

/** GET and POST /api/check: the problems of a URL, found by the server's own validation. */

const ORIGIN = 'https://calls.example.com/'
const enc = encodeURIComponent
const numbers = (...n: string[]): string => n.map((x) => `PhoneNumbers[]=${enc(x)}`).join('&')

type App = Awaited<ReturnType<typeof testApp>>
interface Checked { twimlet?: string, twiml?: string, problems: Problem[] }

let app: App
t.before(async () => { app = await testApp(t, { config: { outboxDir: t.testdir() } }) })

async function check (url: string): Promise<Checked> {
  const post = await app.inject({ method: 'POST', url: '/api/check', payload: { url } })
  const get = await app.inject({ method: 'GET', url: `/api/check?url=${enc(url)}` })
  t.equal(post.statusCode, 200)
  t.same(get.json(), post.json(), 'GET and POST agree')
  return post.json<Checked>()
}

const lines = (problems: Problem[]): string[] => problems.map((p) => `${p.level} ${p.param} ${p.message}`)

t.test('a good URL: no problems, and the TwiML Twilio gets on the first request', async (t) => {
  const result = await check(`${ORIGIN}findme?${numbers('+14155551001', '+14155551002')}&Timeout=15`)
  t.equal(result.twimlet, 'findme')
  t.same(result.problems, [])
  t.same(parseTwiml(result.twiml ?? ''), response(
    '<Dial action="findme?Dial=true&amp;Timeout=15&amp;HumanCheck=true&amp;PhoneNumbers[]=+14155551002" timeout="15">' +
    '<Number url="whisper?HumanCheck=true">+14155551001</Number></Dial>'))
  t.match(result.twiml, /\n {2}<Dial /, 'indented for reading')
})

t.test('unknown parameters, with a hint when only the case is wrong or Twilio sets it', async (t) => {
  const result = await check(`${ORIGIN}forward?phonenumber=${enc('+14155551001')}&PhoneNumber=${enc('+14155551001')}&Colour=red&Dial=true`)
  t.same(lines(result.problems.filter((p) => p.message.startsWith('is not a parameter'))), [
    'warning phonenumber is not a parameter of forward, so it is ignored; did you mean PhoneNumber? Names are case-sensitive',
    'warning Colour is not a parameter of forward, so it is ignored',
    'warning Dial is not a parameter of forward, so it is ignored; it is sent by Twilio, or set by the twimlet itself, during the call'
  ])
})

t.test('every parameter a twimlet declares is known to it', async (t) => {
  for (const twimlet of twimlets) {
    const query = (twimlet.params ?? []).map((name) => `${name}=x`).join('&')
    const result = await check(`${ORIGIN}${twimlet.name}?${query}`)
    t.same(result.problems.filter((p) => p.message.startsWith('is not a parameter')), [], twimlet.name)
  }
})

t.test('out-of-range values, numbers that are not phone numbers, too many targets', async (t) => {
  const many = Array.from({ length: 12 }, (_, i) => `+1415555${2001 + i}`)
  const result = await check(`${ORIGIN}simulring?${numbers(...many, '+1415555100', 'hello')}&Timeout=3&HumanCheck=maybe`)
  t.same(lines(result.problems), [
    'warning Timeout 3 is outside 5–600; using 5',
    'warning HumanCheck "maybe" is not true or false; ignored',
    'warning PhoneNumbers has 14 entries; only the first 10 are used'
  ], 'only the first ten are read, so the bad ones at the end are never looked at')
  const bad = await check(`${ORIGIN}simulring?${numbers('+1415555100', '415-555-100', 'hello')}`)
  t.same(lines(bad.problems), [
    'warning PhoneNumbers "415-555-100" is not a valid phone number as written; dialed anyway, but give it with its country code, such as +14155551212, or set Region',
    'warning PhoneNumbers "hello" is not a phone number, client:, sip:, queue:, conference: or SIM SID; skipped',
    'warning PhoneNumbers "+1415555100" is not a valid phone number: check its country code and digits'
  ], 'numbers in national form are checked on every call; numbers with their country code only here')
})

t.test('a URL that cannot make a call: the configuration problem, and what the caller hears', async (t) => {
  const result = await check(`${ORIGIN}findme?${numbers('hello')}`)
  t.match(result.problems, [
    { level: 'error', param: 'PhoneNumbers', code: 'TW_NO_TARGET', message: 'no usable target', spoken: 'Sorry, this line is not set up yet: it has no number to call. Good bye.' },
    { level: 'warning', param: 'PhoneNumbers' }
  ])
  t.same(parseTwiml(result.twiml ?? ''), response('<Say>Sorry, this line is not set up yet: it has no number to call. Good bye.</Say><Hangup/>'))
  const menu = await check(`${ORIGIN}menu?Message=Hi`)
  t.match(menu.problems, [{ level: 'error', param: 'Options', code: 'TW_NO_OPTIONS' }])
})

t.test('URLs too long for Twilio: the URL itself, or the next one the call would take', async (t) => {
  const long = await check(`${ORIGIN}message?Message=${'a'.repeat(4000)}`)
  t.match(lines(long.problems), [/^error URL is 40\d\d characters; Twilio accepts at most 4000$/])
  // findme carries its settings into the action URL, which comes out longer than the URL typed.
  const url = `${ORIGIN}findme?${numbers('+14155551001', '+14155551002')}&Message=`
  const carried = await check(`${url}${'a'.repeat(3990 - url.length)}`)
  t.match(lines(carried.problems), [/^info HumanCheck not set, so answered calls are screened/, /^error URL the next URL of the call would be 40\d\d characters; Twilio accepts at most 4000$/])
})

t.test('URLs that name no twimlet, or are no http(s) URL', async (t) => {
  t.match((await check(`${ORIGIN}nothing?a=1`)).problems, [{ level: 'error', param: 'URL', message: /names no twimlet of this service \(forward, simulring/ }])
  t.match((await check('ftp://calls.example.com/findme')).problems, [{ level: 'error', param: 'URL', message: 'must start with http:// or https://' }])
  const relative = await check(`findme?${numbers('+14155551001')}`)
  t.equal(relative.twimlet, 'findme')
  t.same(relative.problems, [])
})

t.test('the API refuses what is not a URL to check, as JSON', async (t) => {
  const missing = await app.inject({ method: 'GET', url: '/api/check' })
  t.equal(missing.statusCode, 400)
  t.match(missing.json(), { statusCode: 400, message: /url is required/ })
  const notJson = await app.inject({ method: 'POST', url: '/api/check', payload: '{url', headers: { 'content-type': 'application/json' } })
  t.match(notJson.json(), { statusCode: 400, message: 'the body is not JSON' })
  const list = await app.inject({ method: 'POST', url: '/api/check', payload: ['x'] })
  t.match(list.json(), { statusCode: 400, message: 'the body must be a JSON object' })
  const huge = await app.inject({ method: 'POST', url: '/api/check', payload: { url: `${ORIGIN}message?Message=${'a'.repeat(9000)}` } })
  t.match(huge.json(), { statusCode: 400, message: /at most 8192 are accepted/ })
  const tooBig = await app.inject({ method: 'POST', url: '/api/check', payload: { url: 'x', pad: 'a'.repeat(40_000) } })
  t.equal(tooBig.statusCode, 413)
})

t.test('Region=JP: numbers that cannot be valid in Japan are a configuration problem, said in the Language', async (t) => {
  const result = await check(`${ORIGIN}findme?${numbers('090-1234-567')}&Region=JP&Language=ja-JP`)
  t.match(result.problems, [
    { level: 'error', param: 'PhoneNumbers', code: 'TW_BAD_NUMBER', message: 'no number that can be valid in JP', spoken: '申し訳ございません。この回線には、発信できない電話番号が設定されています。失礼いたします。' },
    { level: 'warning', param: 'PhoneNumbers', message: '"090-1234-567" is not a valid phone number in JP; not dialed' }
  ])
  t.same(parseTwiml(result.twiml ?? ''), response('<Say language="ja-JP">申し訳ございません。この回線には、発信できない電話番号が設定されています。失礼いたします。</Say><Hangup/>'))
  const good = await check(`${ORIGIN}findme?${numbers('090-1234-5678', '03-1234-5678')}&Region=JP&CallerId=called&Language=ja-JP&Voice=Polly.Mizuki`)
  t.same(good.problems, [])
  t.match(good.twiml, '<Number url="whisper?HumanCheck=true&amp;Language=ja-JP&amp;Voice=Polly.Mizuki&amp;CallFrom=%2B15105551212">+819012345678</Number>')
})

t.test('a Region, Language or Voice that cannot work is named', async (t) => {
  const result = await check(`${ORIGIN}forward?PhoneNumber=${enc('+819012345678')}&Region=Japan&Language=Japanese&Voice=Polly.Mizuki`)
  t.same(lines(result.problems), [
    'warning Region "Japan" is not a two-letter country code such as JP, US or GB; numbers are dialed as typed',
    'warning Language "Japanese" is read as ja-JP (Japanese (Japan)), the code Twilio takes'
  ])
  const voice = await check(`${ORIGIN}message?Message=hi&Language=ja-JP&Voice=Polly.Joanna`)
  t.same(lines(voice.problems), ['warning Voice "Polly.Joanna" speaks en-US, not ja-JP; ignored, so Twilio\'s own voice for ja-JP speaks'])
})

t.test('every number field is checked here, with its country code too', async (t) => {
  const result = await check(`${ORIGIN}forward?PhoneNumber=${enc('+819012345678')}&AllowedCallers[]=${enc('+8190123')}&CallerId=${enc('+1415555')}`)
  t.same(lines(result.problems), [
    'warning AllowedCallers "+8190123" is not a valid phone number: check its country code and digits',
    'warning CallerId "+1415555" is not a valid phone number: check its country code and digits'
  ])
  const conference = await check(`${ORIGIN}conference?Moderators[]=${enc('+1415555')}`)
  t.same(lines(conference.problems), ['warning Moderators "+1415555" is not a valid phone number: check its country code and digits'])
})
