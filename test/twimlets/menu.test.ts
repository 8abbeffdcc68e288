import t, { type Test } from 'tap'
import { behindProxy, CALL, loggedApp, request, resolve, testApp } from '../fixtures/app.js'
import { find, response, type Element } from '../fixtures/twiml.js'

const q = encodeURIComponent
/** Writes a readable URL into an expected document's XML. */
const x = (text: string): string => text.replaceAll('&', '&amp;')

const MESSAGE = 'Press 1 for sales, 2 for support.'
const MENU = `Message=${q(MESSAGE)}&Options[1]=${q('message?Message=Sales')}&Options[2]=${q('https://example.com/support')}`
const SORRY = "<Say>I'm sorry, that wasn't a valid option.</Say>"
const GOODBYE = '<Say>Good bye.</Say><Hangup/>'

/** The menu's own URL for a round, as the spec says it carries its settings. */
function self (round: number, prefix = ''): string {
  return `${prefix}menu?Message=${MESSAGE}&Options[1]=message?Message=Sales&Options[2]=https://example.com/support&Round=${round}`
}

/** Round `round` of the question: the gather, then the next round, or goodbye after the third. */
function ask (round: number, prefix = ''): string {
  const next = round < 3 ? `<Redirect>${x(self(round + 1, prefix))}</Redirect>` : GOODBYE
  return `<Gather numDigits="1" action="${x(self(round, prefix))}"><Say>${MESSAGE}</Say></Gather>${next}`
}

function redirectOf (doc: Element): string {
  const redirect = find(doc, 'Redirect')
  if (redirect === undefined) throw new Error('no <Redirect>')
  return redirect.text
}

function actionOf (doc: Element): string {
  const action = find(doc, 'Gather')?.attrs.action
  if (action === undefined) throw new Error('no <Gather action>')
  return action
}

t.test('the first request gathers around the message, then asks again', async (t) => {
  const app = await testApp(t)
  for (const method of ['POST', 'GET'] as const) {
    const res = await request(app, `/menu?${MENU}`, CALL, method)
    t.equal(res.status, 200)
    t.match(res.contentType, /^text\/xml/)
    t.same(res.twiml, response(ask(1)), method)
  }
})

t.test('numDigits is the longest option key', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/menu?Message=Hi&Options[1]=a&Options[22]=b&Options[333]=c', CALL)
  t.equal(find(res.twiml, 'Gather')?.attrs.numDigits, '3')
})

t.test('a matching entry goes to its URL, by POST and by GET', async (t) => {
  const app = await testApp(t)
  for (const method of ['POST', 'GET'] as const) {
    const sales = await request(app, self(1, '/'), { ...CALL, Digits: '1' }, method)
    t.same(sales.twiml, response('<Redirect>message?Message=Sales</Redirect>'), `${method} relative`)
    const support = await request(app, self(1, '/'), { ...CALL, Digits: '2' }, method)
    t.same(support.twiml, response('<Redirect>https://example.com/support</Redirect>'), `${method} absolute`)
  }
})

t.test('a wrong entry apologises and asks again, in the next round', async (t) => {
  const app = await testApp(t)
  for (const method of ['POST', 'GET'] as const) {
    for (const digits of ['9', '12', '', '*']) {
      const res = await request(app, self(1, '/'), { ...CALL, Digits: digits }, method)
      t.same(res.twiml, response(`${SORRY}${ask(2)}`), `${method} Digits=${digits}`)
    }
  }
})

t.test('ErrorMessage replaces the apology: text is said, a URL played', async (t) => {
  const app = await testApp(t)
  const said = await request(app, `/menu?${MENU}&ErrorMessage=${q('No such option.')}&Round=1`, { ...CALL, Digits: '7' })
  const selfWith = (round: number): string => x(`${self(round)}&ErrorMessage=No such option.`)
  t.same(said.twiml, response(
    `<Say>No such option.</Say><Gather numDigits="1" action="${selfWith(2)}"><Say>${MESSAGE}</Say></Gather><Redirect>${selfWith(3)}</Redirect>`))
  const played = await request(app, `/menu?${MENU}&ErrorMessage=${q('https://example.com/oops.mp3')}`, { ...CALL, Digits: '7' })
  t.same(played.twiml.children[0], { name: 'Play', attrs: {}, text: 'https://example.com/oops.mp3', children: [] })
})

t.test('ErrorMessage rides along in the URLs of the next rounds', async (t) => {
  const app = await testApp(t)
  const res = await request(app, `/menu?Message=Hi&Options[1]=a&ErrorMessage=${q('Nope.')}`, CALL)
  t.same(res.twiml, response(
    '<Gather numDigits="1" action="menu?Message=Hi&amp;ErrorMessage=Nope.&amp;Options[1]=a&amp;Round=1"><Say>Hi</Say></Gather>' +
    '<Redirect>menu?Message=Hi&amp;ErrorMessage=Nope.&amp;Options[1]=a&amp;Round=2</Redirect>'))
})

t.test('silence repeats the prompt; after the third round, goodbye and hang up', async (t) => {
  const app = await testApp(t)
  t.same((await request(app, self(2, '/'), CALL)).twiml, response(ask(2)), 'round 2')
  t.same((await request(app, self(3, '/'), CALL, 'GET')).twiml, response(ask(3)), 'round 3')
})

t.test('a wrong entry in the last round says goodbye and hangs up', async (t) => {
  const app = await testApp(t)
  const res = await request(app, self(3, '/'), { ...CALL, Digits: '5' })
  t.same(res.twiml, response(`${SORRY}${GOODBYE}`))
})

t.test('a hand-typed Round out of range is clamped, with a warning', async (t) => {
  const { app, lines } = await loggedApp(t)
  t.same((await request(app, self(99, '/'), CALL)).twiml, response(ask(3)))
  t.same((await request(app, self(0, '/'), CALL)).twiml, response(ask(1)))
  t.ok(lines.some((l) => l.param === 'Round' && l.level === 40))
})

t.test('option keys are matched as typed: 01 is not 1', async (t) => {
  const app = await testApp(t)
  const url = `/menu?Message=Hi&Options[01]=${q('message?Message=zero-one')}&Options[1]=${q('message?Message=one')}`
  t.same((await request(app, url, { ...CALL, Digits: '01' })).twiml, response('<Redirect>message?Message=zero-one</Redirect>'))
  t.same((await request(app, url, { ...CALL, Digits: '1' })).twiml, response('<Redirect>message?Message=one</Redirect>'))
})

t.test('Language and Voice apply to every <Say>, in that language, and ride along', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/menu?Message=Hola&Options[1]=a&Language=es-MX&Voice=Polly.Mia&Round=3', { ...CALL, Digits: '4' })
  const say = (text: string): string => `<Say language="es-MX" voice="Polly.Mia">${text}</Say>`
  t.same(res.twiml, response(`${say('Lo sentimos, esa opción no es válida.')}${say('Adiós.')}<Hangup/>`))
  const first = await request(app, '/menu?Message=Hola&Options[1]=a&Language=es-MX&Voice=Polly.Mia', CALL)
  t.same(first.twiml, response(
    `<Gather numDigits="1" action="menu?Message=Hola&amp;Options[1]=a&amp;Language=es-MX&amp;Voice=Polly.Mia&amp;Round=1">${say('Hola')}</Gather>` +
    '<Redirect>menu?Message=Hola&amp;Options[1]=a&amp;Language=es-MX&amp;Voice=Polly.Mia&amp;Round=2</Redirect>'))
})

t.test('no usable option: the caller hears why and the call ends; the log names Options', async (t) => {
  const { app, lines } = await loggedApp(t)
  const spoken = response('<Say>Sorry, this menu is not set up yet: it has no options to choose from. Good bye.</Say><Hangup/>')
  for (const url of ['/menu?Message=Hi', `/menu?Message=Hi&Options[a]=x&Options[${q('#')}]=y&Options[1]=${q('javascript:alert(1)')}&Options[2]=${q('//evil.example.com/x')}`]) {
    const res = await request(app, url, CALL)
    t.equal(res.status, 200)
    t.same(res.twiml, spoken, url)
  }
  t.ok(lines.some((l) => l.code === 'TW_NO_OPTIONS' && l.param === 'Options'))
  t.ok(lines.some((l) => l.param === 'Options[a]'), 'the unusable key is named')
  t.ok(lines.some((l) => l.param === 'Options[1]'), 'the unusable URL is named')
})

t.test('without a Message the menu still gathers, and the log says the caller hears nothing', async (t) => {
  const { app, lines } = await loggedApp(t)
  const res = await request(app, '/menu?Options[1]=a', CALL)
  t.same(res.twiml, response('<Gather numDigits="1" action="menu?Options[1]=a&amp;Round=1"/><Redirect>menu?Options[1]=a&amp;Round=2</Redirect>'))
  t.ok(lines.some((l) => l.param === 'Message' && l.level === 40))
})

t.test('hostile text stays text, in the prompt and in the URLs that carry it', async (t) => {
  const app = await testApp(t)
  const text = '</Say><Hangup/> "q" \'s\' & &foo; ünï 😀'
  const res = await request(app, `/menu?Message=${q(text)}&Options[1]=${q('https://example.com/a?x=1&y="2"')}`, CALL)
  t.equal(find(res.twiml, 'Say')?.text, text)
  t.equal(res.twiml.children.length, 2, 'a Gather and a Redirect, nothing injected')
  t.match(res.body, '&amp;foo;')
  const next = await request(app, resolve('/menu', redirectOf(res.raw)), CALL)
  t.equal(find(next.twiml, 'Say')?.text, text, 'the next round says the same')
  const chosen = await request(app, resolve('/menu', actionOf(res.raw)), { ...CALL, Digits: '1' })
  t.same(chosen.twiml, response('<Redirect>https://example.com/a?x=1&amp;y=%222%22</Redirect>'))
})

t.test('a URL too long for Twilio to carry: the caller hears why, the log names the longest setting', async (t) => {
  const { app, lines } = await loggedApp(t)
  const options = Array.from({ length: 3 }, (_, i) => `Options[${i}]=${q(`https://example.com/${String(i).repeat(1900)}`)}`).join('&')
  const res = await request(app, `/menu?Message=Hi&${options}`, CALL)
  t.same(res.twiml, response('<Say>Sorry, this line is set up with more information than a call can carry. Good bye.</Say><Hangup/>'))
  t.ok(lines.some((l) => l.code === 'TW_URL_TOO_LONG' && l.param === 'Options[0]'))
})

/** A whole call as Twilio makes it: silence once, a wrong key, then 1, which is the message twimlet. */
async function wholeCall (t: Test, start: string, prefix: string): Promise<void> {
  const app = await testApp(t)
  const fetch = async (publicUrl: string, form: Record<string, string>): Promise<Element> => {
    const res = await request(app, prefix === '' ? publicUrl : behindProxy(prefix, publicUrl), form)
    t.equal(res.status, 200, publicUrl)
    return res.raw
  }
  const first = await fetch(start, CALL)
  const silence = resolve(start, redirectOf(first))
  const second = await fetch(silence, CALL)
  t.equal(find(second, 'Say')?.text, MESSAGE, 'the prompt again after silence')
  const wrongAt = resolve(silence, actionOf(second))
  const wrong = await fetch(wrongAt, { ...CALL, Digits: '8' })
  t.equal(wrong.children[0]?.text, "I'm sorry, that wasn't a valid option.")
  const choiceAt = resolve(wrongAt, actionOf(wrong))
  t.match(choiceAt, /Round=3/, 'the third round')
  const chosen = await fetch(choiceAt, { ...CALL, Digits: '1' })
  const messageAt = resolve(choiceAt, redirectOf(chosen))
  t.equal(messageAt, `${prefix}/message?Message=Sales`, 'the option is the message twimlet, beside the menu')
  t.same(await fetch(messageAt, CALL), { name: 'Response', attrs: {}, text: '', children: [{ name: 'Say', attrs: {}, text: 'Sales', children: [] }] })
}

t.test('a whole call: menu, silence, a wrong key, then an option that chains to message', async (t) => {
  await t.test('at /menu', async (t) => await wholeCall(t, `/menu?${MENU}`, ''))
  await t.test('at /menu/', async (t) => await wholeCall(t, `/menu/?${MENU}`, ''))
  await t.test('under a prefix, /lines/menu', async (t) => await wholeCall(t, `/lines/menu?${MENU}`, '/lines'))
  await t.test('under a prefix with a trailing slash, /lines/menu/', async (t) => await wholeCall(t, `/lines/menu/?${MENU}`, '/lines'))
})

t.test('an option chosen at /menu/ still means the sibling twimlet', async (t) => {
  const app = await testApp(t)
  const res = await request(app, `/menu/?${MENU}`, { ...CALL, Digits: '1' })
  t.equal(resolve(`/menu/?${MENU}`, redirectOf(res.raw)), '/message?Message=Sales')
  const prefixed = await request(app, behindProxy('/lines', `/lines/menu/?${MENU}`), { ...CALL, Digits: '1' })
  t.equal(resolve(`/lines/menu/?${MENU}`, redirectOf(prefixed.raw)), '/lines/message?Message=Sales')
})

t.test('in Japanese: the wrong-key sentence and the goodbye, and with DEFAULT_LANGUAGE', async (t) => {
  const app = await testApp(t)
  const res = await request(app, `/menu?${MENU}&Language=ja-JP&Round=3`, { ...CALL, Digits: '9' })
  t.same(res.twiml, response('<Say language="ja-JP">申し訳ございません。その番号は選択できません。</Say><Say language="ja-JP">失礼いたします。</Say><Hangup/>'))
  const byDefault = await testApp(t, { config: { defaultLanguage: 'ja-JP' } })
  const none = await request(byDefault, '/menu?Message=%E3%81%94%E7%94%A8%E4%BB%B6%E3%82%92', CALL)
  t.same(none.twiml, response('<Say language="ja-JP">申し訳ございません。このメニューはまだ設定されていません。選択肢がありません。失礼いたします。</Say><Hangup/>'))
  const wrong = await request(byDefault, `/menu?${MENU}`, { ...CALL, Digits: '9' })
  t.match(wrong.body, '<Say language="ja-JP">申し訳ございません。その番号は選択できません。</Say><Gather ')
  t.notMatch(find(wrong.raw, 'Gather')?.attrs.action, 'Language', 'the operator\'s default is not written into the next URLs')
})

t.test('an option typed as people type it, to a twimlet of this service, takes the caller there in the menu\'s language', async (t) => {
  const { app, lines } = await loggedApp(t)
  // Options[1] encoded once: its own query's "&" as %26, spaces as they are.
  const url = `/menu?Message=${q('1を押してください')}&Options[1]=message?Message=${q('営業部です')}%26Message=${q('少々お待ちください')}&Options[2]=${q('https://example.com/support')}&Language=ja&Voice=Polly.Mizuki`
  const chosen = await request(app, url, { ...CALL, Digits: '1' })
  const written = find(chosen.raw, 'Redirect')?.text ?? ''
  t.match(written, /^[\x21-\x7e]+$/, 'written percent-encoded')
  const meant = new URL(written, 'https://host/menu')
  t.equal(meant.pathname, '/message')
  t.same([...meant.searchParams], [['Message', '営業部です'], ['Message', '少々お待ちください'], ['Language', 'ja-JP'], ['Voice', 'Polly.Mizuki']])
  const message = await request(app, resolve(url, written), CALL)
  t.same(message.twiml, response('<Say language="ja-JP" voice="Polly.Mizuki">営業部です</Say><Say language="ja-JP" voice="Polly.Mizuki">少々お待ちください</Say>'))
  const absolute = await request(app, url, { ...CALL, Digits: '2' })
  t.equal(find(absolute.raw, 'Redirect')?.text, 'https://example.com/support', 'an absolute URL is untouched')
  t.match(lines.find((l) => l.param === 'Language'), { msg: 'Language "ja" is read as ja-JP (Japanese (Japan)), the code Twilio takes' })
})

t.test('an option that can never be fetched is an error naming the key', async (t) => {
  const { app, lines } = await loggedApp(t)
  await request(app, `/menu?Message=Hi&Options[1]=${q('message')}&Options[2]=${q('javascript:alert(1)')}`, CALL)
  t.match(lines.find((l) => l.param === 'Options[2]'), { level: 50, msg: 'Options[2] is a javascript: URL: only http(s) URLs and relative paths can be fetched; callers who press 2 hear that it is not a valid option instead of being sent there' })
})
