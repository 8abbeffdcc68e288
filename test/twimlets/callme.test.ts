import t from 'tap'
import { CALL, request, testApp } from '../fixtures/app.js'
import { response } from '../fixtures/twiml.js'

t.test('dials PhoneNumber with a screening whisper (HumanCheck on by default)', async (t) => {
  const app = await testApp(t)
  for (const method of ['POST', 'GET'] as const) {
    const res = await request(app, '/callme?PhoneNumber=%2B14155551001&Message=Press%20a%20key', CALL, method)
    t.same(res.twiml, response(
      '<Dial action="callme?Dial=true" timeout="20">' +
      '<Number url="whisper?Message=Press a key&amp;HumanCheck=true">+14155551001</Number></Dial>'), method)
  }
})

t.test('HumanCheck=false turns screening off; FailUrl rides on the action', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/callme?PhoneNumber=%2B14155551001&HumanCheck=false&FailUrl=https%3A%2F%2Fexample.com%2Fvm&Timeout=12', CALL)
  t.same(res.twiml, response(
    '<Dial action="callme?Dial=true&amp;FailUrl=https://example.com/vm" timeout="12">' +
    '<Number url="whisper?HumanCheck=false">+14155551001</Number></Dial>'))
})

t.test('after the dial', async (t) => {
  const app = await testApp(t)
  t.same((await request(app, '/callme?Dial=true&FailUrl=https%3A%2F%2Fexample.com%2Fvm', { ...CALL, DialCallStatus: 'completed' })).twiml, response('<Hangup/>'))
  t.same((await request(app, '/callme?Dial=true&FailUrl=https%3A%2F%2Fexample.com%2Fvm', { ...CALL, DialCallStatus: 'no-answer' })).twiml, response('<Redirect>https://example.com/vm</Redirect>'))
  t.same((await request(app, '/callme?Dial=true', { ...CALL, DialCallStatus: 'busy' })).twiml, response('<Hangup/>'))
})

t.test('no PhoneNumber: a spoken explanation', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/callme?Message=hello', CALL)
  t.same(res.twiml, response('<Say>Sorry, this line is not set up yet: it has no number to call. Good bye.</Say><Hangup/>'))
})
