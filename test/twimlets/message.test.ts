import t from 'tap'
import { CALL, loggedApp, request, testApp } from '../fixtures/app.js'
import { response } from '../fixtures/twiml.js'

const q = encodeURIComponent

t.test('one Message is said, by POST and by GET, at /message and /message/', async (t) => {
  const app = await testApp(t)
  for (const path of ['/message', '/message/']) {
    for (const method of ['POST', 'GET'] as const) {
      const res = await request(app, `${path}?Message=Hello%20there`, CALL, method)
      t.equal(res.status, 200)
      t.match(res.contentType, /^text\/xml/)
      t.same(res.twiml, response('<Say>Hello there</Say>'), `${method} ${path}`)
    }
  }
})

t.test('Message[] entries are said or played in order; http(s) URLs are played', async (t) => {
  const app = await testApp(t)
  const url = `/message?Message[]=First&Message[]=${q('https://example.com/hello.mp3')}&Message[]=Last`
  t.same((await request(app, url, CALL)).twiml,
    response('<Say>First</Say><Play>https://example.com/hello.mp3</Play><Say>Last</Say>'))
})

t.test('indexes order the entries; blank entries are skipped', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/message?Message[2]=three&Message[0]=one&Message[1]=&Message[1]=two', CALL, 'GET')
  t.same(res.twiml, response('<Say>one</Say><Say>two</Say><Say>three</Say>'))
})

t.test('no message: an empty <Response/>, so the call goes on with whatever follows', async (t) => {
  const app = await testApp(t)
  for (const url of ['/message', '/message?Message=', '/message?Message[]=%20&Message[]=']) {
    for (const method of ['POST', 'GET'] as const) {
      const res = await request(app, url, CALL, method)
      t.equal(res.status, 200)
      t.same(res.twiml, response(''), `${method} ${url}`)
      t.match(res.body, /<Response\/>$/)
    }
  }
})

t.test('Language and Voice apply to every <Say>, not to <Play>', async (t) => {
  const app = await testApp(t)
  const res = await request(app, `/message?Message[]=Bonjour&Message[]=${q('http://example.com/a.wav')}&Language=fr-FR&Voice=Polly.Celine`, CALL)
  t.same(res.twiml, response('<Say language="fr-FR" voice="Polly.Celine">Bonjour</Say><Play>http://example.com/a.wav</Play>'))
})

t.test('an audio URL that is not a usable URL is skipped, with a warning naming Message', async (t) => {
  const { app, lines } = await loggedApp(t)
  const res = await request(app, `/message?Message[]=${q('http://')}&Message[]=still%20here`, CALL)
  t.same(res.twiml, response('<Say>still here</Say>'))
  t.ok(lines.some((l) => l.level === 40 && l.param === 'Message'), 'warning names Message')
})

t.test('hostile text comes out as text, exactly', async (t) => {
  const app = await testApp(t)
  const cases = [
    '<Hangup/>',
    '</Say><Dial>+19005551212</Dial><Say>',
    '"quoted" and \'single\' & ampersand',
    '&foo; &lt; &#60; &#x3C; &amp;',
    ']]> <![CDATA[x]]>',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>&e;',
    'ünïcødé, 中文, עברית, 😀'
  ]
  for (const text of cases) {
    const res = await request(app, `/message?Message=${q(text)}`, CALL)
    t.same(res.twiml, response(`<Say>${text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</Say>`), text)
    t.equal(res.twiml.children.length, 1, 'one element only')
  }
  // The fixture's reader is lenient with references, so the escaping is checked on the bytes too.
  const res = await request(app, `/message?Message=${q('&foo; &#60;')}`, CALL)
  t.match(res.body, '<Say>&amp;foo; &amp;#60;</Say>')
})

t.test('characters XML cannot carry are dropped, not passed on', async (t) => {
  const app = await testApp(t)
  const res = await request(app, `/message?Message=${q('a\u0000b\u0007c')}`, CALL)
  t.same(res.twiml, response('<Say>abc</Say>'))
})

t.test('huge values are bounded: each message cut to 4,096 characters, at most 20 messages', async (t) => {
  const app = await testApp(t)
  // Long values come in the form: the app refuses URLs over 8 kB.
  const long = await request(app, '/message', { ...CALL, Message: 'x'.repeat(20_000) })
  t.equal(long.status, 200)
  t.same(long.twiml, response(`<Say>${'x'.repeat(4096)}</Say>`))
  const many = Array.from({ length: 25 }, (_, i) => `Message[]=m${i}`).join('&')
  const res = await request(app, `/message?${many}`, CALL)
  t.same(res.twiml, response(Array.from({ length: 20 }, (_, i) => `<Say>m${i}</Say>`).join('')))
})

t.test('in Japanese: every <Say> carries the Language, from the URL or DEFAULT_LANGUAGE', async (t) => {
  const app = await testApp(t)
  const res = await request(app, `/message?Message[]=${q('お電話ありがとうございます。')}&Message[]=${q('https://example.com/a.mp3')}&Language=ja-JP&Voice=Polly.Mizuki`, CALL)
  t.same(res.twiml, response('<Say language="ja-JP" voice="Polly.Mizuki">お電話ありがとうございます。</Say><Play>https://example.com/a.mp3</Play>'))
  const byDefault = await testApp(t, { config: { defaultLanguage: 'ja-JP' } })
  t.same((await request(byDefault, `/message?Message=${q('本日の営業は終了しました。')}`, CALL)).twiml, response('<Say language="ja-JP">本日の営業は終了しました。</Say>'))
})
