import t from 'tap'
import { CALL, request, testApp } from '../fixtures/app.js'
import { response } from '../fixtures/twiml.js'

const DEFAULT = 'You are receiving a call from 1 5 1 0 5 5 5 1 2 1 2. Press any key to accept.'

t.test('stage 1: the default message reads the caller digit by digit; no HumanCheck by default', async (t) => {
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
