import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import type { Transcript } from '../../../src/simulator/transcript.js'
import { parseXml } from '../../../src/twiml/xml.js'
import { CALL, request, testApp } from '../../fixtures/app.js'
import { startProxy } from '../../fixtures/s3.js'
import { mailbox, sleep } from '../../fixtures/smtp.js'
import { testFolder } from '../../fixtures/folder.js'

/** The page at / and the JSON API behind it, through HTTP with inject. */

const A = '+14155551001'
const B = '+14155551002'
const C = '+14155551003'
const ORIGIN = 'https://calls.example.com/'
const FINDME = `${ORIGIN}findme?${[A, B, C].map((n) => `PhoneNumbers[]=${encodeURIComponent(n)}`).join('&')}`

interface Simulated { transcript: Transcript, text: string, summary: string, flow: string }

t.test('the page and its files, with headers that let nothing else run', async (t) => {
  const app = await testApp(t, { config: { outboxDir: testFolder(t) } })
  const page = await app.inject('/')
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.match(page.headers['content-security-policy'], /default-src 'none'; script-src 'self'/)
  t.equal(page.headers['x-content-type-options'], 'nosniff')
  t.match(page.body, /<script type="module" src="builder\.js"><\/script>/)
  t.match(page.body, /<meta name="viewport" content="width=device-width, initial-scale=1">/)
  t.notMatch(page.body, /https?:\/\/(?!.*example)/, 'nothing is loaded from elsewhere')
  const js = await app.inject('/builder.js')
  t.match(js.headers['content-type'], /^text\/javascript/)
  t.match(js.body, /api\/simulate/)
  t.match((await app.inject('/builder.css')).headers['content-type'], /^text\/css/)
  t.equal((await app.inject('/builder.html')).statusCode, 404)
})

t.test('the page and its API are for people: no Twilio signature is asked for, while twimlets still ask', async (t) => {
  const app = await testApp(t, { config: { outboxDir: testFolder(t), authTokens: ['0123456789abcdef'] } })
  t.equal((await app.inject('/')).statusCode, 200)
  t.equal((await app.inject(`/api/check?url=${encodeURIComponent(FINDME)}`)).statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url: '/api/simulate', payload: { url: FINDME } })).statusCode, 200)
  t.equal((await request(app, '/findme?PhoneNumbers[]=%2B14155551001', CALL)).status, 403)
})

t.test('the forms of the twimlets served, and the outcomes a phone can have', async (t) => {
  const app = await testApp(t, { config: { outboxDir: testFolder(t) } })
  const data = (await app.inject('/api/twimlets')).json<{ twimlets: Array<{ name: string }>, outcomes: string[], maxListRows: number }>()
  t.same(data.twimlets.map((f) => f.name), ['forward', 'simulring', 'findme', 'callme', 'whisper', 'holdmusic', 'voicemail', 'message', 'menu', 'conference', 'echo', 'hours'])
  t.same(data.outcomes, ['accept', 'busy', 'no-answer', 'fails', 'silent', 'voicemail'])
  t.equal(data.maxListRows, 20)
})

t.test('the forms and the page\'s words in the language asked for; English otherwise', async (t) => {
  const app = await testApp(t, { config: { outboxDir: testFolder(t) } })
  interface Described { lang: string, languages: string[], text: { page: Record<string, string>, ui: Record<string, string>, outcomes: Record<string, string> }, twimlets: Array<{ name: string, title: string }>, outcomes: string[] }
  const ja = (await app.inject('/api/twimlets?lang=ja')).json<Described>()
  t.match(ja, { lang: 'ja', languages: ['en', 'ja'], text: { page: { run: '通話を試す' }, outcomes: { busy: '話し中' } } })
  t.same(ja.twimlets.slice(0, 3).map((f) => f.title), ['転送', '同時呼び出し', '順次呼び出し'])
  t.notOk('fields' in ja.text, 'the field words come inside the forms, not twice')
  const en = (await app.inject('/api/twimlets')).json<Described>()
  t.match(en, { lang: 'en', text: { page: { run: 'Run the call' } } })
  t.same(ja.twimlets.map((f) => f.name), en.twimlets.map((f) => f.name))
  t.equal((await app.inject('/api/twimlets?lang=xx')).json<Described>().lang, 'en')
  t.equal((await app.inject('/api/twimlets?lang=ja-JP')).json<Described>().lang, 'ja')
})

t.test('a simulated findme: the first is busy, the second accepts', async (t) => {
  const app = await testApp(t, { config: { outboxDir: testFolder(t) } })
  const res = await app.inject({ method: 'POST', url: '/api/simulate', payload: { url: FINDME, parties: { [A]: 'busy', [B]: 'accept' } } })
  t.equal(res.statusCode, 200)
  const { transcript, text } = res.json<Simulated>()
  t.match(transcript, { url: FINDME, result: 'completed', bridged: [B], rang: [{ target: A, result: 'busy' }, { target: B, result: 'bridged' }], requests: 5 })
  t.match(text, /\n\nCall to POST https:\/\/calls\.example\.com\/findme\?/)
  t.match(text, /\+14155551001 is busy after 1 s\n/)
  t.match(text, /\+14155551002 is connected to the caller; they talk for 45 s\n/)
  t.match(text, /Result: completed; connected to \+14155551002; rang \+14155551001 \(busy\), \+14155551002 \(bridged\); 5 requests\n$/)
})

t.test('a simulation says what happened in a sentence, in the page\'s language, and draws it', async (t) => {
  const app = await testApp(t, { config: { outboxDir: testFolder(t) } })
  const payload = { url: `${FINDME}&FailUrl=${encodeURIComponent('voicemail?Email=owner@example.com')}`, parties: { [A]: 'busy', [B]: 'voicemail', [C]: 'no-answer' } }
  const english = (await app.inject({ method: 'POST', url: '/api/simulate', payload })).json<Simulated>()
  const summary = 'Rang +1 415 555 1001 (busy), +1 415 555 1002 (voicemail box, screened out), +1 415 555 1003 (no answer) → ' +
    'voicemail: e-mail to owner@example.com, transcript included'
  t.equal(english.summary, summary)
  t.ok(english.text.startsWith(`${summary}\n\nCall to POST ${payload.url}`), 'the text starts with the summary')
  const svg = parseXml(english.flow, { maxDepth: 8, instructions: 'refuse' })
  t.equal(svg.name, 'svg')
  t.match(english.flow, `<title id="flow-title">Call flow: ${summary}</title>`)

  const japanese = (await app.inject({ method: 'POST', url: '/api/simulate', payload: { ...payload, lang: 'ja' } })).json<Simulated>()
  t.equal(japanese.summary, '+1 415 555 1001（話し中）、+1 415 555 1002（留守番電話、承諾されず）、+1 415 555 1003（応答なし）を呼び出し → ' +
    '留守番電話: owner@example.comへメール、文字起こし付き')
  t.match(japanese.flow, '<title id="flow-title">通話の流れ: ')
  t.ok(japanese.text.startsWith(`${summary}\n`), 'the text, as the command line prints it, stays English')

  const other = await app.inject({ method: 'POST', url: '/api/simulate', payload: { ...payload, lang: 'de-DE' } })
  t.equal(other.json<Simulated>().summary, summary, 'a language without a summary: English')
  const wrong = await app.inject({ method: 'POST', url: '/api/simulate', payload: { ...payload, lang: 7 } })
  t.equal(wrong.statusCode, 400)
  t.match(wrong.json(), { message: /lang must be a language code/ })
})

t.test('a relative URL is simulated too, with every option of the script', async (t) => {
  const app = await testApp(t, { config: { outboxDir: testFolder(t) } })
  const res = await app.inject({
    method: 'POST',
    url: '/api/simulate',
    payload: { url: `menu?Message=Hi&Options[1]=${encodeURIComponent(`forward?PhoneNumber=${encodeURIComponent(C)}`)}`, method: 'GET', digits: ['1'], parties: [`${C}=accept@2`], talkSeconds: 7, from: '+15105550000' }
  })
  const { transcript } = res.json<Simulated>()
  t.match(transcript, { method: 'GET', url: /^http:\/\/sandbox\.invalid\/menu\?/, result: 'completed', bridged: [C] })
  t.match(transcript.events.find((e) => e.type === 'request'), { method: 'GET', form: { From: '+15105550000' } })
  t.match(transcript.events.find((e) => e.type === 'bridged'), { seconds: 7 })
})

t.test('a simulation that errors still answers 200: the error is in the transcript', async (t) => {
  const app = await testApp(t, { config: { outboxDir: testFolder(t) } })
  const { transcript } = (await app.inject({ method: 'POST', url: '/api/simulate', payload: { url: `${ORIGIN}nothing` } })).json<Simulated>()
  t.match(transcript, { result: 'error', error: { code: '11200', message: /HTTP 404/ } })
})

t.test('scripts and URLs the API cannot use: 400 with the reason', async (t) => {
  const app = await testApp(t, { config: { outboxDir: testFolder(t) } })
  const cases: Array<[unknown, RegExp]> = [
    [{}, /url is required/],
    [{ url: FINDME, parties: { [A]: 'perhaps' } }, /"perhaps" is not one of/],
    [{ url: FINDME, digits: ['x'] }, /not keys of a phone keypad/],
    [{ url: FINDME, maxRequests: 1000 }, /maxRequests/],
    [{ url: 'javascript:alert(1)' }, /must be an http\(s\) URL/],
    [{ url: `${ORIGIN}${'a'.repeat(9000)}` }, /at most 8192/]
  ]
  for (const [payload, message] of cases) {
    const res = await app.inject({ method: 'POST', url: '/api/simulate', payload: payload as object })
    t.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 60))
    t.match(res.json(), { statusCode: 400, message }, JSON.stringify(payload).slice(0, 60))
  }
  t.equal((await app.inject({ method: 'POST', url: '/api/simulate', payload: { url: FINDME, pad: 'x'.repeat(40_000) } })).statusCode, 413)
  t.equal((await app.inject({ method: 'GET', url: '/api/simulate' })).statusCode, 404)
})

t.test('simulating voicemail and hold music sends no e-mail and asks no S3, though the service is set up for both', async (t) => {
  const box = await mailbox(t)
  const proxy = await startProxy(t, 'http://127.0.0.1:9/')
  const outboxDir = testFolder(t)
  const app = await testApp(t, {
    config: { outboxDir, smtpUrl: box.url, mailFrom: 'Voicemail <vm@example.com>', voicemailAllowedRecipients: ['owner@example.com'], s3Endpoint: proxy.endpoint }
  })
  const voicemail = (await app.inject({ method: 'POST', url: '/api/simulate', payload: { url: `${ORIGIN}voicemail?Email=owner%40example.com` } })).json<Simulated>()
  t.equal(voicemail.transcript.result, 'completed')
  t.match(voicemail.text, /\(simulation: e-mail to owner@example\.com, "Voicemail from .*; not sent\)/)
  const music = (await app.inject({ method: 'POST', url: '/api/simulate', payload: { url: `${ORIGIN}conference?Music=classical` } })).json<Simulated>()
  t.match(music.text, /example-track-/)
  await app.inject(`/api/check?url=${encodeURIComponent(`${ORIGIN}holdmusic?Bucket=com.example.music`)}`)
  await sleep(100)
  t.same(box.recipients, [], 'the SMTP server was never asked')
  t.same(proxy.requests, [], 'S3 was never asked')
  t.same(await readdir(join(outboxDir, 'queue')), [], 'the service\'s own outbox holds nothing')
})
