import t from 'tap'
import { CALL, JP_CALL, request, testApp } from '../fixtures/app.js'
import { response } from '../fixtures/twiml.js'

t.test('dials PhoneNumber with a screening whisper (HumanCheck on by default)', async (t) => {
  const app = await testApp(t)
  for (const method of ['POST', 'GET'] as const) {
    const res = await request(app, '/callme?PhoneNumber=%2B14155551001&Message=Call%20for%20Acme', CALL, method)
    t.same(res.twiml, response(
      '<Dial action="callme?Dial=true" timeout="20">' +
      '<Number url="whisper?Message=Call for Acme&amp;HumanCheck=true&amp;AcceptPrompt=true">+14155551001</Number></Dial>'), method)
  }
  const typed = await request(app, '/callme?PhoneNumber=%2B14155551001&Message=Press%20a%20key&HumanCheck=true', CALL)
  t.same(typed.twiml, response(
    '<Dial action="callme?Dial=true" timeout="20">' +
    '<Number url="whisper?Message=Press a key&amp;HumanCheck=true">+14155551001</Number></Dial>'), 'HumanCheck=true as typed: the Message alone')
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

t.test('in Japan: Region=JP, CallerId=called and a Japanese whisper', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/callme?PhoneNumber=090-1111-2222&Region=JP&CallerId=called&Language=ja-JP&Voice=Polly.Takumi', JP_CALL)
  t.same(res.twiml, response(
    '<Dial action="callme?Dial=true" timeout="20" callerId="+815012345678">' +
    '<Number url="whisper?HumanCheck=true&amp;Language=ja-JP&amp;Voice=Polly.Takumi&amp;CallFrom=+819012345678">+819011112222</Number></Dial>'))
  const missing = await request(app, '/callme?Language=ja-JP', JP_CALL)
  t.same(missing.twiml, response('<Say language="ja-JP">申し訳ございません。この回線はまだ設定されていません。発信先の電話番号がありません。失礼いたします。</Say><Hangup/>'))
})

t.test('without a CallerId, or with a Message, the whisper needs no CallFrom', async (t) => {
  const app = await testApp(t)
  t.match((await request(app, '/callme?PhoneNumber=%2B819011112222', JP_CALL)).body, '<Number url="whisper?HumanCheck=true">')
  t.match((await request(app, '/callme?PhoneNumber=%2B819011112222&CallerId=called&Message=Hi', JP_CALL)).body, '<Number url="whisper?Message=Hi&amp;HumanCheck=true&amp;AcceptPrompt=true">')
})

t.test('no PhoneNumber but a FailUrl: the caller goes there', async (t) => {
  const app = await testApp(t)
  const res = await request(app, `/callme/?FailUrl=${encodeURIComponent('voicemail?Email=a%40b.com')}&Language=fr-FR`, CALL)
  t.same(res.twiml, response('<Redirect>../voicemail?Email=a@b.com&amp;Language=fr-FR</Redirect>'), 'a sibling from /callme/, in the line\'s language')
})
