import t from 'tap'
import type { Checked as Answer, Problem } from '../../../src/builder/check.js'
import { Problems } from '../../../src/params/problems.js'
import { twimlets } from '../../../twimlets/index.js'
import { testApp } from '../../fixtures/app.js'
import { parseTwiml, response } from '../../fixtures/twiml.js'
import { testFolder } from '../../fixtures/folder.js'

/** GET and POST /api/check: the problems of a URL, found by the server's own validation. */

const ORIGIN = 'https://calls.example.com/'
const enc = encodeURIComponent
const numbers = (...n: string[]): string => n.map((x) => `PhoneNumbers[]=${enc(x)}`).join('&')

type App = Awaited<ReturnType<typeof testApp>>
type Checked = Answer

let app: App
t.before(async () => { app = await testApp(t, { config: { outboxDir: testFolder(t) } }) })

async function check (url: string, base?: string): Promise<Checked> {
  const post = await app.inject({ method: 'POST', url: '/api/check', payload: { url, base } })
  const get = await app.inject({ method: 'GET', url: `/api/check?url=${enc(url)}${base === undefined ? '' : `&base=${enc(base)}`}` })
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

const FORWARD = `${ORIGIN}forward?PhoneNumber=${enc('+14155551001')}`
const nestedProblems = (result: Checked): Problem[] => result.problems.filter((p) => p.path.length > 1)

t.test('a nested URL naming no twimlet of this service is an error under its parameter, with the twimlet meant', async (t) => {
  const result = await check(`${FORWARD}&FailUrl=${enc('voicemal?Email=owner@example.com')}`)
  t.same(result.problems, [{ level: 'error', param: 'FailUrl', path: ['FailUrl'], message: 'names no twimlet of this service; did you mean voicemail?' }])
  t.same(result.nested, [])
})

t.test('a FailUrl to voicemail without Email: the nested configuration problem, and what the caller hears', async (t) => {
  const result = await check(`${FORWARD}&FailUrl=${enc('voicemail?Message=Hi')}`)
  t.same(result.problems, [{
    level: 'error', param: 'FailUrl → Email', path: ['FailUrl', 'Email'], message: 'missing', code: 'TW_NO_EMAIL', spoken: Problems.TW_NO_EMAIL
  }])
  t.same(result.nested, [{ param: 'FailUrl', url: 'https://calls.example.com/voicemail?Message=Hi', twimlet: 'voicemail' }])
  // As people paste it: spaces, not encoded. Twilio gets it percent-encoded.
  const spaced = await check(`${FORWARD}&FailUrl=${enc('voicemail?Message=Leave a message')}`)
  t.match(nestedProblems(spaced), [{ param: 'FailUrl → Email', code: 'TW_NO_EMAIL' }])
  t.same(spaced.nested, [{ param: 'FailUrl', url: 'https://calls.example.com/voicemail?Message=Leave%20a%20message', twimlet: 'voicemail' }])
})

t.test('a misspelt name inside a FailUrl: a warning under FailUrl with the name meant', async (t) => {
  const result = await check(`${FORWARD}&FailUrl=${enc('voicemail?Emial=owner@example.com')}`)
  t.same(result.problems, [
    { level: 'warning', param: 'FailUrl → Emial', path: ['FailUrl', 'Emial'], message: 'is not a parameter of voicemail, so it is ignored; did you mean Email?', suggestion: 'Email' },
    { level: 'error', param: 'FailUrl → Email', path: ['FailUrl', 'Email'], message: 'missing', code: 'TW_NO_EMAIL', spoken: Problems.TW_NO_EMAIL }
  ])
})

t.test('an e-mail address without @ inside a FailUrl', async (t) => {
  const result = await check(`${FORWARD}&FailUrl=${enc('voicemail?Email=owner.example.com')}`)
  t.same(result.problems, [{
    level: 'error', param: 'FailUrl → Email', path: ['FailUrl', 'Email'], message: '"owner.example.com" is not an e-mail address', code: 'TW_NO_EMAIL', spoken: Problems.TW_NO_EMAIL
  }])
  const good = await check(`${FORWARD}&FailUrl=${enc('voicemail?Email=owner@example.com')}`)
  t.same(good.problems, [])
  t.same(good.nested, [{ param: 'FailUrl', url: 'https://calls.example.com/voicemail?Email=owner@example.com', twimlet: 'voicemail' }])
})

t.test('every relative form of a nested URL, an absolute one on the same host, and a URL nested in a nested one', async (t) => {
  for (const url of ['voicemail?Email=x', './voicemail?Email=x', '/voicemail?Email=x', '../voicemail?Email=x', `${ORIGIN}voicemail?Email=x`]) {
    const result = await check(`${FORWARD}&FailUrl=${enc(url)}`)
    t.match(result.problems, [{ param: 'FailUrl → Email', code: 'TW_NO_EMAIL', message: '"x" is not an e-mail address' }], url)
  }
  const menu = `menu?Message=Hi&Options[1]=${enc(`forward?PhoneNumber=${enc('+14155551001')}&FailUrl=${enc('voicemail?Message=Hi')}`)}`
  const deep = await check(`${ORIGIN}${menu}`)
  t.same(deep.problems.map((p) => p.param), ['Options[1] → FailUrl → Email'])
  t.same(deep.nested.map((n) => [n.param, n.twimlet]), [['Options[1]', 'forward'], ['Options[1] → FailUrl', 'voicemail']])
  const recording = await check(`${FORWARD}&RecordingStatusCallback=${enc(`${ORIGIN}voicemal?Email=x`)}`)
  t.same(lines(recording.problems), ['error RecordingStatusCallback names no twimlet of this service; did you mean voicemail?'])
  const music = await check(`${ORIGIN}conference?Name=sales&Music=${enc(`${ORIGIN}holdmusic?Bucket=Not_A_Bucket`)}`)
  t.same(lines(music.problems), ['warning Music → Bucket "Not_A_Bucket" is not a valid S3 bucket name'])
})

t.test('values that are not URLs of this service are not followed', async (t) => {
  const result = await check(`${ORIGIN}findme?${numbers('+14155551001')}&Message=${enc('Press 1/2 now?')}&FailUrl=${enc('https://elsewhere.example.com/voicemal?Email=x')}`)
  t.same(result.problems.map((p) => `${p.level} ${p.param}`), ['info HumanCheck'], 'only how screening applies to the Message; nothing of the other host')
  t.same(result.nested, [])
  const words = await check(`${ORIGIN}conference?Name=voicemail&Music=classical&Message=menu`)
  t.same(words.nested, [], 'a bare word is a message or a setting, not a URL')
})

t.test('a menu: each option\'s own problems under Options[key], and an option leading back to the menu', async (t) => {
  const option1 = `findme?PhoneNumbrs[]=${enc('+14155551001')}&Timout=30`
  const result = await check(`${ORIGIN}menu?Message=Hi&Options[1]=${enc(option1)}&Options[2]=${enc('#')}&Options[3]=${enc('message?Message=Bye')}`)
  t.same(result.problems, [
    { level: 'warning', param: 'Options[1] → PhoneNumbrs', path: ['Options[1]', 'PhoneNumbrs'], message: 'is not a parameter of findme, so it is ignored; did you mean PhoneNumbers?', suggestion: 'PhoneNumbers' },
    { level: 'warning', param: 'Options[1] → Timout', path: ['Options[1]', 'Timout'], message: 'is not a parameter of findme, so it is ignored; did you mean Timeout?', suggestion: 'Timeout' },
    { level: 'error', param: 'Options[1] → PhoneNumbers', path: ['Options[1]', 'PhoneNumbers'], message: 'missing', code: 'TW_NO_TARGET', spoken: Problems.TW_NO_TARGET },
    { level: 'info', param: 'Options[2]', path: ['Options[2]'], message: 'leads back to this very URL; followed once' }
  ], 'the menu is checked once: the option that repeats it is not followed again')
  t.same(result.nested.map((n) => n.param), ['Options[1]', 'Options[3]'])
})

t.test('nested URLs are followed within bounds, and the check says when some were not', async (t) => {
  const options = Array.from({ length: 30 }, (_, i) => `Options[${i + 1}]=${enc(`message?Message=${i}`)}`).join('&')
  const wide = await check(`${ORIGIN}menu?Message=Hi&${options}`)
  t.equal(wide.nested.length, 24)
  t.match(wide.problems.at(-1), { level: 'info', param: 'URL', message: /nested URLs are followed 4 deep, at most 24 of them/ })
  let url = 'message?Message=bottom'
  for (let i = 0; i < 6; i++) url = `menu?Message=${i}&Options[1]=${enc(url)}`
  const deep = await check(url)
  t.equal(Math.max(...deep.nested.map((n) => n.param.split(' → ').length)), 4)
  t.match(deep.problems.at(-1), { level: 'info', param: 'URL' })
})

t.test('did you mean: misspelt names are matched by edit distance, case differences named as such', async (t) => {
  const result = await check(`${ORIGIN}findme?PhoneNumbrs[]=${enc('+14155551001')}&Timout=30&Messages=Hi&TimeOut=30`)
  t.same(result.problems.filter((p) => p.suggestion !== undefined).map((p) => [p.param, p.suggestion, p.message]), [
    ['PhoneNumbrs', 'PhoneNumbers', 'is not a parameter of findme, so it is ignored; did you mean PhoneNumbers?'],
    ['Timout', 'Timeout', 'is not a parameter of findme, so it is ignored; did you mean Timeout?'],
    ['Messages', 'Message', 'is not a parameter of findme, so it is ignored; did you mean Message?'],
    ['TimeOut', 'Timeout', 'is not a parameter of findme, so it is ignored; did you mean Timeout? Names are case-sensitive']
  ])
})

const TWELVE = Array.from({ length: 12 }, (_, i) => `+1415555${2001 + i}`)

t.test('a twimlets.com line: the same line on this service, nested twimlets.com URLs made relative, and the differences', async (t) => {
  const failUrl = `http://twimlets.com/voicemail?Email=${enc('owner@example.com')}`
  const typed = `https://twimlets.com/findme?${numbers(...TWELVE)}&FailUrl=${enc(failUrl)}`
  const result = await check(typed, 'https://calls.example.com/lines/')
  t.same(result.migration, {
    rewritten: `https://calls.example.com/lines/findme?${numbers(...TWELVE)}&FailUrl=${enc(`voicemail?Email=${enc('owner@example.com')}`)}`,
    differences: [
      'findme dials the first 10 of its 12 numbers, where twimlets.com dialed the last 10: numbers 11 to 12 are no longer dialed.',
      'When no one answers, findme sends the caller to the FailUrl with a TwiML <Redirect> (a POST with the call\'s parameters), not an HTTP redirect, so the FailUrl must answer POST.',
      'voicemail writes its e-mail to owner@example.com as a file in the outbox\'s mail/ folder, not sent: this service has no SMTP_URL.'
    ]
  })
  t.equal(result.twimlet, 'findme')
  t.same(result.nested, [{ param: 'FailUrl', url: 'https://calls.example.com/lines/voicemail?Email=owner%40example.com', twimlet: 'voicemail' }])
  t.same(lines(result.problems), ['warning PhoneNumbers has 12 entries; only the first 10 are used'], 'the rewritten line is what is checked')

  const three = await check(`http://www.twimlets.com/findme?${numbers(...TWELVE.slice(0, 3))}`, 'https://calls.example.com/lines/')
  t.same(three.migration, { rewritten: `https://calls.example.com/lines/findme?${numbers(...TWELVE.slice(0, 3))}`, differences: [] }, 'findme screened on twimlets.com too')
  t.same(three.problems, [])
})

t.test('a twimlets.com URL nested in a line of this service; the differences of simulring, callme and forward', async (t) => {
  const result = await check(`${FORWARD}&FailUrl=${enc('https://twimlets.com/simulring?PhoneNumbers[]=%2B14155551002')}`)
  t.same(result.migration, {
    rewritten: `${FORWARD}&FailUrl=${enc('simulring?PhoneNumbers[]=%2B14155551002')}`,
    differences: [
      'When no one answers, forward sends the caller to the FailUrl with a TwiML <Redirect> (a POST with the call\'s parameters), not an HTTP redirect, so the FailUrl must answer POST.',
      'forward keeps the FailUrl in its <Dial> action, so an unanswered call now reaches it, where twimlets.com dropped it and hung up.',
      'simulring screens every answered phone here: the person answering must press a key, so a voicemail box that answers first no longer takes the call (HumanCheck=false turns this off).'
    ]
  })
  const typedHumanCheck = await check('https://twimlets.com/callme?PhoneNumber=%2B14155551002&HumanCheck=false', ORIGIN)
  t.same(typedHumanCheck.migration?.differences, [])
  const noMove = await check(FORWARD)
  t.equal(noMove.migration, undefined)
})

t.test('the base of a rewritten line: the body\'s base, else PUBLIC_URL, else the origin asked', async (t) => {
  const typed = 'https://twimlets.com/message?Message=Hi'
  const origin = await app.inject({ method: 'POST', url: '/api/check', payload: { url: typed }, headers: { host: 'calls.example.org' } })
  t.equal(origin.json<Checked>().migration?.rewritten, 'http://calls.example.org/message?Message=Hi')
  const configured = await testApp(t, { config: { outboxDir: testFolder(t), publicUrl: 'https://calls.example.com/lines' } })
  const res = await configured.inject({ method: 'GET', url: `/api/check?url=${enc(typed)}` })
  t.equal(res.json<Checked>().migration?.rewritten, 'https://calls.example.com/lines/message?Message=Hi')
  const bad = await app.inject({ method: 'POST', url: '/api/check', payload: { url: typed, base: 'ftp://x/' } })
  t.match(bad.json(), { statusCode: 400, message: 'base must be an http(s) URL' })
})

t.test('the differences that depend on the operator\'s settings', async (t) => {
  const configured = await testApp(t, {
    config: { outboxDir: testFolder(t), smtpUrl: 'smtp://mail.example.com', voicemailAllowedRecipients: ['@example.com'], s3Endpoint: 'https://s3.example.net/', authTokens: ['0123456789abcdef'] }
  })
  const differencesOf = async (url: string): Promise<string[] | undefined> =>
    (await configured.inject({ method: 'POST', url: '/api/check', payload: { url, base: ORIGIN } })).json<Checked>().migration?.differences
  const signed = 'This service answers only requests Twilio signs with your account\'s auth token (TWILIO_AUTH_TOKEN is set), where twimlets.com answered anyone.'
  t.same(await differencesOf('https://twimlets.com/voicemail?Email=owner%40example.com'), [signed], 'signed requests: any address')
  t.same(await differencesOf('https://twimlets.com/holdmusic?Bucket=com.twilio.music.ambient'), [
    'holdmusic lists the bucket "com.twilio.music.ambient" at s3.example.net (S3_ENDPOINT), not at Amazon S3.', signed
  ])
  t.same(await differencesOf('https://twimlets.com/echo?Twiml=%3CResponse%2F%3E'), [
    'echo answers only a well-formed TwiML document, rebuilt rather than repeated: any other Twiml gets a spoken configuration problem.', signed
  ])
  const unsigned = await testApp(t, { config: { smtpUrl: 'smtp://mail.example.com', voicemailAllowedRecipients: ['@example.com'] } })
  const res = await unsigned.inject({ method: 'POST', url: '/api/check', payload: { url: 'https://twimlets.com/voicemail?Email=someone%40example.org', base: ORIGIN } })
  t.same(res.json<Checked>().migration?.differences, [
    'voicemail sends no e-mail to someone@example.org, where twimlets.com e-mailed any address: not in VOICEMAIL_ALLOWED_RECIPIENTS.'
  ])
})

t.test('a nested URL pasted without encoding: its parameters fall to the URL around it, and the check says which', async (t) => {
  const result = await check(`${FORWARD}&FailUrl=voicemail?Email=owner@example.com&Transcribe=false`)
  t.same(lines(result.problems), [
    'warning Transcribe is not a parameter of forward, so it is ignored; voicemail takes it: if it belongs to the URL in FailUrl, encode that URL (& as %26) so it stays inside it'
  ])
})
