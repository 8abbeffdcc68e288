import t from 'tap'
import { CALL, JP_CALL, loggedApp, request, testApp } from '../fixtures/app.js'
import { response } from '../fixtures/twiml.js'

const DEFAULT = 'You are receiving a call from 5 1 0, 5 5 5, 1 2 1 2. Press any key to accept.'

t.test('stage 1: the default message reads the caller\'s number as written at home; no HumanCheck by default', async (t) => {
  const app = await testApp(t)
  for (const method of ['POST', 'GET'] as const) {
    const res = await request(app, '/whisper', CALL, method)
    t.same(res.twiml, response(`<Gather numDigits="1"><Say>${DEFAULT}</Say></Gather>`), method)
  }
})

t.test('stage 1 with HumanCheck hangs up when no key is pressed', async (t) => {
  const app = await testApp(t)
  for (const value of ['1', 'true', 'TRUE']) {
    const res = await request(app, `/whisper?HumanCheck=${value}`, CALL)
    t.same(res.twiml, response(`<Gather numDigits="1"><Say>${DEFAULT}</Say></Gather><Hangup/>`), value)
  }
  const off = await request(app, '/whisper?HumanCheck=false', CALL)
  t.same(off.twiml, response(`<Gather numDigits="1"><Say>${DEFAULT}</Say></Gather>`))
})

t.test('a Message is said, or played when it is a URL, in the Language and Voice given', async (t) => {
  const app = await testApp(t)
  const said = await request(app, '/whisper?Message=Call%20for%20sales&HumanCheck=1&Language=en-GB&Voice=Polly.Amy', CALL)
  t.same(said.twiml, response('<Gather numDigits="1"><Say voice="Polly.Amy" language="en-GB">Call for sales</Say></Gather><Hangup/>'))
  const played = await request(app, '/whisper?Message=https%3A%2F%2Fexample.com%2Fpress-1.mp3', CALL)
  t.same(played.twiml, response('<Gather numDigits="1"><Play>https://example.com/press-1.mp3</Play></Gather>'))
})

t.test('AcceptPrompt: after a Message of the URL\'s own, the accept sentence in the call\'s language', async (t) => {
  const app = await testApp(t)
  const said = await request(app, '/whisper?Message=Call%20for%20Acme&HumanCheck=true&AcceptPrompt=true', CALL)
  t.same(said.twiml, response('<Gather numDigits="1"><Say>Call for Acme</Say><Say>Press any key to accept.</Say></Gather><Hangup/>'))
  const played = await request(app, '/whisper?Message=https%3A%2F%2Fexample.com%2Facme.mp3&HumanCheck=true&AcceptPrompt=true&Language=ja-JP', CALL)
  t.same(played.twiml, response('<Gather numDigits="1"><Play>https://example.com/acme.mp3</Play>' +
    '<Say language="ja-JP">お受けになる場合は、いずれかのボタンを押してください。</Say></Gather><Hangup/>'))
  const defaultMessage = await request(app, '/whisper?HumanCheck=true&AcceptPrompt=true', CALL)
  t.same(defaultMessage.twiml, response(`<Gather numDigits="1"><Say>${DEFAULT}</Say></Gather><Hangup/>`), 'the default message says it already')
  const old = await request(app, '/whisper?Message=Press%201%20for%20Acme&HumanCheck=true', CALL)
  t.same(old.twiml, response('<Gather numDigits="1"><Say>Press 1 for Acme</Say></Gather><Hangup/>'), 'an old whisper URL: the Message alone')
})

t.test('a caller without a number gets the message without one', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/whisper', { ...CALL, From: 'client:alice' })
  t.same(res.twiml, response('<Gather numDigits="1"><Say>You are receiving a call. Press any key to accept.</Say></Gather>'))
})

t.test('stage 2: a key bridges the legs; no key hangs up', async (t) => {
  const app = await testApp(t)
  t.same((await request(app, '/whisper?HumanCheck=true', { ...CALL, Digits: '5' })).twiml, response(''))
  t.same((await request(app, '/whisper?HumanCheck=true', { ...CALL, Digits: '#' })).twiml, response(''))
  t.same((await request(app, '/whisper?HumanCheck=true', { ...CALL, Digits: '' })).twiml, response('<Hangup/>'))
  const get = await request(app, '/whisper?HumanCheck=true', { ...CALL, Digits: '1' }, 'GET')
  t.same(get.twiml, response(''))
  t.equal(get.body, '<?xml version="1.0" encoding="UTF-8"?><Response/>')
})

const JA_PROMPT = 'からお電話です。お受けになる場合は、いずれかのボタンを押してください。'

t.test('in Japanese: the caller\'s number grouped as written in Japan, or with its country code from abroad', async (t) => {
  const app = await testApp(t)
  const home = await request(app, '/whisper?Language=ja-JP&Voice=Polly.Mizuki&HumanCheck=true', { ...JP_CALL, To: '+819011112222' })
  t.same(home.twiml, response(`<Gather numDigits="1"><Say language="ja-JP" voice="Polly.Mizuki">0 9 0、1 2 3 4、5 6 7 8 ${JA_PROMPT}</Say></Gather><Hangup/>`))
  const abroad = await request(app, '/whisper?Language=ja-JP', { ...CALL, To: '+819011112222' })
  t.same(abroad.twiml, response(`<Gather numDigits="1"><Say language="ja-JP">プラス 1、5 1 0、5 5 5、1 2 1 2 ${JA_PROMPT}</Say></Gather>`))
  const anonymous = await request(app, '/whisper?Language=ja-JP', { ...JP_CALL, From: 'anonymous' })
  t.same(anonymous.twiml, response('<Gather numDigits="1"><Say language="ja-JP">お電話です。お受けになる場合は、いずれかのボタンを押してください。</Say></Gather>'))
})

t.test('other languages, and a number libphonenumber-js does not know read digit by digit', async (t) => {
  const app = await testApp(t)
  const es = await request(app, '/whisper?Language=es-MX', { ...CALL, From: '+525512345678', To: '+525587654321' })
  t.same(es.twiml, response('<Gather numDigits="1"><Say language="es-MX">Tiene una llamada de 5 5, 1 2 3 4, 5 6 7 8. Pulse cualquier tecla para aceptarla.</Say></Gather>'))
  const unknown = await request(app, '/whisper?Language=fr-FR', { ...CALL, From: '+266696687' })
  t.same(unknown.twiml, response('<Gather numDigits="1"><Say language="fr-FR">Vous recevez un appel de 2 6 6 6 9 6 6 8 7. Appuyez sur une touche pour l\'accepter.</Say></Gather>'))
})

t.test('a Voice that cannot speak the Language is left out, named in the log', async (t) => {
  const { app, lines } = await loggedApp(t)
  const res = await request(app, '/whisper?Message=%E3%82%82%E3%81%97%E3%82%82%E3%81%97&Language=ja-JP&Voice=Polly.Joanna', JP_CALL)
  t.same(res.twiml, response('<Gather numDigits="1"><Say language="ja-JP">もしもし</Say></Gather>'))
  t.match(lines.find((l) => l.param === 'Voice'), { level: 40, msg: 'Voice "Polly.Joanna" speaks en-US, not ja-JP; ignored, so Twilio\'s own voice for ja-JP speaks' })
})

t.test('DEFAULT_LANGUAGE applies to URLs without a Language', async (t) => {
  const app = await testApp(t, { config: { defaultLanguage: 'ja-JP' } })
  const res = await request(app, '/whisper', { ...JP_CALL, To: '+819011112222' })
  t.same(res.twiml, response(`<Gather numDigits="1"><Say language="ja-JP">0 9 0、1 2 3 4、5 6 7 8 ${JA_PROMPT}</Say></Gather>`))
  const en = await request(app, '/whisper?Language=en-US', CALL)
  t.same(en.twiml, response(`<Gather numDigits="1"><Say language="en-US">${DEFAULT}</Say></Gather>`))
})

t.test('CallFrom names the caller when the leg\'s From is a CallerId', async (t) => {
  const app = await testApp(t)
  const res = await request(app, `/whisper?CallFrom=${encodeURIComponent('+819012345678')}&Language=ja-JP`, { ...JP_CALL, From: '+815012345678', To: '+819011112222' })
  t.same(res.twiml, response(`<Gather numDigits="1"><Say language="ja-JP">0 9 0、1 2 3 4、5 6 7 8 ${JA_PROMPT}</Say></Gather>`))
})
