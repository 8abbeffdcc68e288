import t from 'tap'
import { ConfigProblem } from '../../src/params/problems.js'
import { CALL, loggedApp, request, testApp } from '../fixtures/app.js'
import { elements, response } from '../fixtures/twiml.js'

t.test('/healthz', async (t) => {
  const app = await testApp(t)
  const res = await app.inject('/healthz')
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
})

t.test('every twimlet answers GET and POST, with and without a trailing slash', async (t) => {
  const app = await testApp(t)
  for (const name of ['forward', 'simulring', 'findme', 'callme', 'whisper', 'voicemail', 'menu', 'message', 'holdmusic', 'conference', 'echo']) {
    for (const path of [`/${name}`, `/${name}/`]) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await request(app, path, CALL, method)
        t.equal(res.status, 200, `${method} ${path}`)
        t.match(res.contentType, /^text\/xml/)
        t.equal(res.twiml.name, 'Response')
      }
    }
  }
})

t.test('parameter names are case-sensitive, as in the originals', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward?phonenumber=%2B14155551001', CALL)
  t.same(res.twiml, response('<Say>Sorry, this line is not set up yet: it has no number to call. Good bye.</Say><Hangup/>'))
})

t.test('requests no Twilio would send get a 4xx with a message', async (t) => {
  const app = await testApp(t)
  const json = await app.inject({ method: 'POST', url: '/forward?PhoneNumber=1', payload: '{"a":1}', headers: { 'content-type': 'application/json' } })
  t.equal(json.statusCode, 415)
  t.match(json.json(), { message: /Unsupported Media Type/ })
  const huge = await app.inject({ method: 'POST', url: '/forward?PhoneNumber=1', payload: `a=${'x'.repeat(70000)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  t.equal(huge.statusCode, 413)
  t.equal((await app.inject('/nothing-here')).statusCode, 404)
  t.equal((await app.inject({ method: 'DELETE', url: '/forward' })).statusCode, 404)
})

t.test('one log line per request, with the twimlet, its stage and the CallSid; warnings name the parameter', async (t) => {
  const { app, lines } = await loggedApp(t)
  await request(app, '/forward?PhoneNumber=%2B14155551001&Timeout=2', CALL)
  await request(app, '/forward', CALL)
  const requests = lines.filter((l) => l.msg === 'request')
  t.equal(requests.length, 2)
  t.match(requests[0], { level: 30, twimlet: 'forward', stage: 'dial', callSid: CALL.CallSid, method: 'POST', path: '/forward', statusCode: 200 })
  t.match(requests[1], { twimlet: 'forward', stage: 'config-problem' })
  t.match(lines.find((l) => l.param === 'Timeout'), { level: 40, twimlet: 'forward', msg: 'Timeout 2 is outside 5–600; using 5' })
  t.match(lines.find((l) => l.code === 'TW_NO_TARGET'), { level: 40, param: 'PhoneNumber' })
})

t.test('a name the twimlet does not declare: one warning naming it and the name meant, cached answers too; Twilio\'s own names never', async (t) => {
  const { app, lines } = await loggedApp(t)
  const url = '/findme?PhoneNumbers[]=%2B14155551001&Timout=30'
  const warned = (): Array<Record<string, unknown>> => lines.filter((l) => l.param === 'Timout')
  for (let i = 1; i <= 3; i++) {
    await request(app, url, CALL)
    t.equal(warned().length, i, `request ${i}: one warning`)
  }
  t.match(warned()[0], { level: 40, twimlet: 'findme', suggestion: 'Timeout', msg: 'Timout is not a parameter of findme, so it is ignored; did you mean Timeout?' })
  const cache = (await app.inject('/metrics')).body
  t.match(cache, /twimlets_response_cache_total\{result="hit"\} 1/, 'the third answer came from the cache, with its warning')
  const before = lines.length
  await request(app, '/findme?PhoneNumbers[]=%2B14155551001&FromCity=OAKLAND&CallerCountry=US', CALL, 'GET')
  t.same(lines.slice(before).filter((l) => l.level === 40), [], 'a GET carries Twilio\'s parameters in the query')
  await request(app, '/forward?PhoneNumber=%2B14155551001&Colour=red', CALL)
  t.match(lines.find((l) => l.param === 'Colour'), { level: 40, msg: 'Colour is not a parameter of forward, so it is ignored' })
  t.notOk(Object.hasOwn(lines.find((l) => l.param === 'Colour') ?? {}, 'suggestion'))
})

t.test('a twimlet that fails unexpectedly still answers TwiML, never a 5xx', async (t) => {
  const broken = { name: 'broken', handle: () => { throw new Error('boom') } }
  const { app, lines } = await loggedApp(t, { twimlets: [broken] })
  const res = await request(app, '/broken', CALL)
  t.equal(res.status, 200)
  t.same(res.twiml, response('<Say>Sorry, this line could not complete your call. Good bye.</Say><Hangup/>'))
  t.match(lines.find((l) => l.msg === 'twimlet failed'), { level: 50, twimlet: 'broken', err: { message: 'boom' } })
})

t.test('a configuration problem is spoken in the twimlet\'s language', async (t) => {
  const speaking = {
    name: 'speaking',
    handle: () => { throw new ConfigProblem('TW_NO_TARGET', 'PhoneNumber', 'missing') }
  }
  const app = await testApp(t, { twimlets: [speaking] })
  t.same((await request(app, '/speaking', CALL)).twiml, response('<Say>Sorry, this line is not set up yet: it has no number to call. Good bye.</Say><Hangup/>'))
})

const HOSTILE = ['<Hangup/>', '"><Reject/><x a="', "' or 1=1 --", ']]><Play>http://evil/</Play>', '&amp;&lt;', '&undefined;', '&#60;Reject/&#62;', 'ünï 😀 中文', '\u0000\u001f', 'x'.repeat(400)]

t.test('hostile input in every parameter comes out as text, never as markup', async (t) => {
  const app = await testApp(t)
  const TWIML = new Set(['Response', 'Say', 'Play', 'Pause', 'Dial', 'Number', 'Client', 'Sip', 'Sim', 'Queue', 'Conference', 'Gather', 'Hangup', 'Redirect', 'Record', 'Reject'])
  const names = ['PhoneNumber', 'PhoneNumbers[]', 'Message', 'FailUrl', 'CallerId', 'Timeout', 'AllowedCallers[]', 'AccessRestricted', 'Language', 'Voice', 'Record', 'RingTone', 'SendDigits', 'HumanCheck', 'RecordingStatusCallback']
  for (const twimlet of ['forward', 'simulring', 'findme', 'callme', 'whisper']) {
    for (const value of HOSTILE) {
      const query = new URLSearchParams(names.map((n) => [n, value]))
      query.set(twimlet === 'forward' || twimlet === 'callme' ? 'PhoneNumber' : 'PhoneNumbers[]', '+14155551001')
      for (const form of [CALL, { ...CALL, Dial: 'true', DialCallStatus: 'busy', Digits: value }]) {
        const res = await request(app, `/${twimlet}?${query.toString()}`, form)
        t.equal(res.status, 200)
        const names = elements(res.twiml).map((e) => e.name)
        t.ok(names.every((n) => TWIML.has(n)), `${twimlet}: only TwiML elements (${names.join(',')})`)
        t.notMatch(res.body, /<Reject|<x |<Play>http:\/\/evil/)
      }
    }
  }
})

t.test('one very long value is taken (and cut to the limit); a URL longer than any Twilio sends is refused', async (t) => {
  const app = await testApp(t)
  const long = await request(app, `/whisper?Message=${'x'.repeat(5000)}`, CALL)
  t.same(long.twiml, response(`<Gather numDigits="1"><Say>${'x'.repeat(4096)}</Say></Gather>`))
  const huge = await app.inject(`/whisper?Message=${'x'.repeat(9000)}`)
  t.equal(huge.statusCode, 400)
  t.match(huge.json(), { message: /at most 8192 are accepted/ })
  const many = await app.inject(`/whisper?${Array.from({ length: 301 }, (_, i) => `p${i}=1`).join('&')}`)
  t.equal(many.statusCode, 400)
  t.match(many.json(), { message: '301 parameters; at most 300 are accepted' })
})

t.test('hostile text is said exactly (less what XML cannot carry)', async (t) => {
  const app = await testApp(t)
  const text = '"><Reject/> & &amp; &#60; &nope; ünï 😀 \u0007'
  const res = await request(app, `/whisper?Message=${encodeURIComponent(text)}`, CALL)
  t.same(res.twiml, response('<Gather numDigits="1"><Say>"&gt;&lt;Reject/&gt; &amp; &amp;amp; &amp;#60; &amp;nope; ünï 😀 </Say></Gather>'))
})

t.test('the apology and configuration problems are said in the call\'s language', async (t) => {
  const broken = { name: 'broken', handle: () => { throw new Error('boom') } }
  const speaking = { name: 'speaking', handle: () => { throw new ConfigProblem('TW_NO_TARGET', 'PhoneNumber', 'missing') } }
  const app = await testApp(t, { twimlets: [broken, speaking] })
  t.same((await request(app, '/broken?Language=ja-JP', CALL)).twiml,
    response('<Say language="ja-JP">申し訳ございません。この回線ではお電話をおつなぎできませんでした。失礼いたします。</Say><Hangup/>'))
  t.same((await request(app, '/broken', { ...CALL, Language: 'de-DE' }, 'GET')).twiml,
    response('<Say language="de-DE">Leider konnte Ihr Anruf über diese Leitung nicht verbunden werden. Auf Wiederhören.</Say><Hangup/>'))
  t.same((await request(app, '/speaking?Language=fr-FR&Voice=Polly.Mathieu', CALL)).twiml,
    response('<Say language="fr-FR" voice="Polly.Mathieu">Désolé, cette ligne n\'est pas encore configurée : elle n\'a aucun numéro à appeler. Au revoir.</Say><Hangup/>'))
  const byDefault = await testApp(t, { twimlets: [broken], config: { defaultLanguage: 'pt-BR' } })
  t.same((await request(byDefault, '/broken', CALL)).twiml,
    response('<Say language="pt-BR">Desculpe, esta linha não conseguiu completar sua chamada. Até logo.</Say><Hangup/>'))
})
