import t from 'tap'
import { behindProxy, CALL, JP_CALL, loggedApp, request, resolve, testApp } from '../fixtures/app.js'
import { find, response, type Element } from '../fixtures/twiml.js'

const q = encodeURIComponent
const x = (text: string): string => text.replaceAll('&', '&amp;')
const WELCOME = '<Say>You are now entering the conference line.</Say>'
const ASK = '<Say>Please enter your conference pass code.</Say>'
const WRONG = '<Say>That pass code is not correct.</Say>'
const GOODBYE = '<Say>Good bye.</Say><Hangup/>'

function roomOf (doc: Element): string {
  const room = find(doc, 'Conference')
  if (room === undefined) throw new Error('no <Conference>')
  return room.text
}

t.test('joins the named room after the default message, by POST and by GET, at /conference and /conference/', async (t) => {
  const app = await testApp(t)
  for (const path of ['/conference', '/conference/']) {
    for (const method of ['POST', 'GET'] as const) {
      const res = await request(app, `${path}?Name=Team`, CALL, method)
      t.equal(res.status, 200)
      t.same(res.twiml, response(`${WELCOME}<Dial><Conference>Team</Conference></Dial>`), `${method} ${path}`)
    }
  }
})

t.test('Message replaces the greeting: text is said, a URL played', async (t) => {
  const app = await testApp(t)
  const said = await request(app, `/conference?Name=Team&Message=${q('Welcome, team.')}`, CALL)
  t.same(said.twiml, response('<Say>Welcome, team.</Say><Dial><Conference>Team</Conference></Dial>'))
  const played = await request(app, `/conference?Name=Team&Message=${q('https://example.com/hi.mp3')}`, CALL)
  t.same(played.twiml, response('<Play>https://example.com/hi.mp3</Play><Dial><Conference>Team</Conference></Dial>'))
})

t.test('without a Name, the room is named after the line: readable, bounded, stable', async (t) => {
  const app = await testApp(t)
  const room = async (url: string, form: Record<string, string> = CALL): Promise<string> => roomOf((await request(app, url, form)).twiml)
  const base = await room('/conference')
  t.match(base, /^\+14155550100-[0-9a-f]{12}$/, 'the called number, then a short hash')
  t.equal(await room('/conference', { ...CALL, From: '+12125550199', Caller: '+12125550199', CallSid: 'CA2' }), base, 'every caller of the line meets there')
  t.equal((await request(app, '/conference', CALL, 'GET')).twiml.children[1]?.children[0]?.text, base, 'GET names it the same')
  t.not(await room('/conference', { ...CALL, To: '+14155550111', Called: '+14155550111' }), base, 'another line, another room')
  t.not(await room('/conference?Message=Hi'), base, 'other settings, another room (as the hosted Twimlet)')
  t.not(await room('/conference?Moderators[]=%2B15105551212'), base)
  const long = await room(`/conference?Message=${'m'.repeat(4000)}&Moderators[]=%2B15105551212&Moderators[]=%2B12125550100`)
  t.ok(long.length <= 40, `bounded: ${long}`)
  t.match(await room('/conference', { ...CALL, To: 'sip:room@example.com', Called: 'sip:room@example.com' }), /^conference-[0-9a-f]{12}$/)
})

t.test('on calls the line places, the room is named after From: everyone called meets in one room', async (t) => {
  const app = await testApp(t)
  const outbound = (to: string): Record<string, string> => ({ ...CALL, Direction: 'outbound-api', From: '+14155550100', Caller: '+14155550100', To: to, Called: to })
  const first = roomOf((await request(app, '/conference', outbound('+15105551212'))).twiml)
  const second = roomOf((await request(app, '/conference', outbound('+12125550199'))).twiml)
  t.equal(first, second)
  t.match(first, /^\+14155550100-/)
})

t.test('Moderators: a moderator starts the conference, others wait; numbers compare as phone numbers', async (t) => {
  const app = await testApp(t)
  const url = `/conference?Name=Team&Moderators[]=${q('(510) 555-1212')}&Moderators[]=${q('+1 212 555 0100')}`
  const room = (start: boolean): Element => response(`${WELCOME}<Dial><Conference startConferenceOnEnter="${start}">Team</Conference></Dial>`)
  for (const from of ['+15105551212', '5105551212', '+12125550100']) {
    t.same((await request(app, url, { ...CALL, From: from, Caller: from })).twiml, room(true), `moderator ${from}`)
  }
  t.same((await request(app, url, { ...CALL, From: '+16505550000', Caller: '+16505550000' }, 'GET')).twiml, room(false), 'a participant')
  const toLine = `/conference?Name=Team&Moderators=${q('+14155550100')}`
  t.same((await request(app, toLine, { ...CALL, From: '+16505550000', Caller: '+16505550000' })).twiml, room(true), 'the called number on the list, as forward')
})

t.test('Moderators match callers by kind: look-alikes of a moderator\'s number are participants', async (t) => {
  const app = await testApp(t)
  const room = (start: boolean): Element => response(`${WELCOME}<Dial><Conference startConferenceOnEnter="${start}">Team</Conference></Dial>`)
  const url = `/conference?Name=Team&Moderators[]=${q('+15105551212')}`
  for (const from of ['client:5105551212', 'sip:5105551212@attacker.example', 'x15105551212y']) {
    t.same((await request(app, url, { ...CALL, From: from, Caller: from })).twiml, room(false), from)
  }
  const clients = `/conference?Name=Team&Moderators[]=${q('client:alice')}&Moderators[]=${q('sip:bob@pbx.example.com')}`
  t.same((await request(app, clients, { ...CALL, From: 'client:alice', Caller: 'client:alice' })).twiml, room(true), 'client:alice')
  t.same((await request(app, clients, { ...CALL, From: 'sip:bob@PBX.example.com', Caller: 'sip:bob@PBX.example.com' })).twiml, room(true), 'sip:bob')
  for (const from of ['client:Alice', 'alice', 'sip:alice@pbx.example.com', 'sip:Bob@pbx.example.com', 'client:bob']) {
    t.same((await request(app, clients, { ...CALL, From: from, Caller: from })).twiml, room(false), from)
  }
})

t.test('client: and sip: moderators are carried to the pass-code round and still start the conference there', async (t) => {
  const app = await testApp(t)
  const first = await request(app, `/conference?Name=Team&Password=1234&Moderators[]=${q('client:alice')}`, { ...CALL, From: 'client:alice', Caller: 'client:alice' })
  const self = (round: number): string => x(`conference?Name=Team&Password=1234&Moderators[]=client:alice&Round=${round}`)
  t.same(first.twiml, response(`<Gather numDigits="4" action="${self(1)}">${ASK}</Gather><Redirect>${self(2)}</Redirect>`))
  const action = `/conference?Name=Team&Password=1234&Moderators[]=${q('client:alice')}&Round=1`
  const joined = await request(app, action, { ...CALL, From: 'client:alice', Caller: 'client:alice', Digits: '1234' })
  t.same(joined.twiml, response(`${WELCOME}<Dial><Conference startConferenceOnEnter="true">Team</Conference></Dial>`))
  const other = await request(app, action, { ...CALL, From: 'client:alice2', Caller: 'client:alice2', Digits: '1234' })
  t.same(other.twiml, response(`${WELCOME}<Dial><Conference startConferenceOnEnter="false">Team</Conference></Dial>`))
})

t.test('Moderators that are not phone numbers are dropped with a warning; with none left, everyone starts it', async (t) => {
  const { app, lines } = await loggedApp(t)
  const res = await request(app, `/conference?Name=Team&Moderators[]=alice&Moderators[]=${q('<x/>')}`, CALL)
  t.same(res.twiml, response(`${WELCOME}<Dial><Conference>Team</Conference></Dial>`))
  t.equal(lines.filter((l) => l.param === 'Moderators').length, 2)
})

t.test('Music: each genre is this service\'s holdmusic with the matching bucket, fetched by GET', async (t) => {
  const app = await testApp(t)
  for (const genre of ['classical', 'ambient', 'electronica', 'guitars', 'rock', 'soft-rock']) {
    const res = await request(app, `/conference?Name=Team&Music=${genre}`, CALL)
    t.same(res.twiml, response(`${WELCOME}<Dial><Conference waitUrl="holdmusic?Bucket=com.twilio.music.${genre}" waitMethod="GET">Team</Conference></Dial>`), genre)
  }
  const capital = await request(app, '/conference?Name=Team&Music=Soft-Rock', CALL)
  t.equal(find(capital.twiml, 'Conference')?.attrs.waitUrl, 'holdmusic?Bucket=com.twilio.music.soft-rock')
})

t.test('the holdmusic waitUrl stays beside the conference: /conference/, and under a prefix', async (t) => {
  const app = await testApp(t)
  const slash = await request(app, '/conference/?Name=Team&Music=rock', CALL)
  t.equal(resolve('/conference/?Name=Team&Music=rock', find(slash.raw, 'Conference')?.attrs.waitUrl ?? ''), '/holdmusic?Bucket=com.twilio.music.rock')
  const publicUrl = '/lines/conference?Name=Team&Music=rock'
  const prefixed = await request(app, behindProxy('/lines', publicUrl), CALL)
  t.equal(resolve(publicUrl, find(prefixed.raw, 'Conference')?.attrs.waitUrl ?? ''), '/lines/holdmusic?Bucket=com.twilio.music.rock')
})

t.test('Music as a URL is used as is; anything else is dropped with a warning', async (t) => {
  const { app, lines } = await loggedApp(t)
  const url = await request(app, `/conference?Name=Team&Music=${q('https://example.com/wait.xml?a=1&b=2')}`, CALL)
  t.same(url.twiml, response(`${WELCOME}<Dial><Conference waitUrl="https://example.com/wait.xml?a=1&amp;b=2" waitMethod="GET">Team</Conference></Dial>`))
  const relative = await request(app, `/conference/?Name=Team&Music=${q('holdmusic?Bucket=my-music&Message=Still here')}`, CALL)
  const waitUrl = find(relative.raw, 'Conference')?.attrs.waitUrl ?? ''
  const resolved = new URL(waitUrl, 'https://h.example/conference/')
  t.equal(resolved.pathname, '/holdmusic', 'a relative URL to a sibling, from /conference/ too')
  t.same([...resolved.searchParams], [['Bucket', 'my-music'], ['Message', 'Still here']])
  for (const music of ['jazz', 'ftp://example.com/a.mp3', 'javascript:alert(1)', '//example.com/a.mp3']) {
    const res = await request(app, `/conference?Name=Team&Music=${q(music)}`, CALL)
    t.same(res.twiml, response(`${WELCOME}<Dial><Conference>Team</Conference></Dial>`), music)
  }
  t.equal(lines.filter((l) => l.param === 'Music').length, 4)
})

t.test('Password: asked for with a Gather of its length, the settings riding along', async (t) => {
  const app = await testApp(t)
  const settings = `Name=Team&Password=1234&Moderators[]=${q('+15105551212')}&Music=rock&Message=Hi`
  const self = (round: number): string => x(`conference?Name=Team&Password=1234&Moderators[]=+15105551212&Music=rock&Message=Hi&Round=${round}`)
  for (const method of ['POST', 'GET'] as const) {
    const res = await request(app, `/conference?${settings}`, CALL, method)
    t.same(res.twiml, response(`<Gather numDigits="4" action="${self(1)}">${ASK}</Gather><Redirect>${self(2)}</Redirect>`), method)
  }
})

t.test('the right code joins; a wrong one says so and asks again; the comparison is exact', async (t) => {
  const app = await testApp(t)
  const self = (round: number): string => `conference?Name=Team&Password=0123&Round=${round}`
  const joined = response(`${WELCOME}<Dial><Conference>Team</Conference></Dial>`)
  for (const method of ['POST', 'GET'] as const) {
    t.same((await request(app, `/${self(1)}`, { ...CALL, Digits: '0123' }, method)).twiml, joined, `${method} right`)
    for (const digits of ['123', '01230', '0124', '', '0123*']) {
      const res = await request(app, `/${self(1)}`, { ...CALL, Digits: digits }, method)
      t.same(res.twiml, response(`${WRONG}<Gather numDigits="4" action="${x(self(2))}">${ASK}</Gather><Redirect>${x(self(3))}</Redirect>`), `${method} ${digits}`)
    }
  }
})

t.test('attempts are capped: after the third round, goodbye and hang up', async (t) => {
  const app = await testApp(t)
  const self = (round: number): string => `conference?Name=Team&Password=999&Round=${round}`
  t.same((await request(app, `/${self(3)}`, CALL)).twiml, response(`<Gather numDigits="3" action="${x(self(3))}">${ASK}</Gather>${GOODBYE}`), 'silence in the last round')
  t.same((await request(app, `/${self(3)}`, { ...CALL, Digits: '111' })).twiml, response(`${WRONG}${GOODBYE}`), 'wrong in the last round')
  t.same((await request(app, `/${self(3)}`, { ...CALL, Digits: '999' })).twiml, response(`${WELCOME}<Dial><Conference>Team</Conference></Dial>`), 'right in the last round')
})

t.test('a code shorter than 3 digits is gathered with 3 (ended by #), with a warning', async (t) => {
  const { app, lines } = await loggedApp(t)
  const res = await request(app, '/conference?Name=Team&Password=42', CALL)
  t.equal(find(res.twiml, 'Gather')?.attrs.numDigits, '3')
  t.same((await request(app, '/conference?Name=Team&Password=42', { ...CALL, Digits: '42' })).twiml, response(`${WELCOME}<Dial><Conference>Team</Conference></Dial>`))
  t.ok(lines.some((l) => l.param === 'Password' && l.level === 40))
  const star = await request(app, '/conference?Name=Team&Password=12*34', { ...CALL, Digits: '12*34' })
  t.equal(roomOf(star.twiml), 'Team', 'a * can be keyed in')
})

t.test('a code no keypad can type: the caller hears why, the log names Password', async (t) => {
  const { app, lines } = await loggedApp(t)
  for (const password of ['secret', '12#34', '12 34']) {
    const res = await request(app, `/conference?Name=Team&Password=${q(password)}`, CALL)
    t.same(res.twiml, response('<Say>Sorry, this conference line is set up with a pass code that cannot be typed on a phone keypad. Good bye.</Say><Hangup/>'), password)
  }
  t.equal(lines.filter((l) => l.code === 'TW_BAD_PASSWORD' && l.param === 'Password').length, 3)
})

t.test('EnableSmsNotifications is ignored, with a warning', async (t) => {
  const { app, lines } = await loggedApp(t)
  const res = await request(app, `/conference?Name=Team&Moderators[]=${q('+12125550100')}&EnableSmsNotifications=true`, CALL)
  t.same(res.twiml, response(`${WELCOME}<Dial><Conference startConferenceOnEnter="false">Team</Conference></Dial>`))
  t.ok(lines.some((l) => l.param === 'EnableSmsNotifications' && l.level === 40))
})

t.test('Language and Voice apply to every <Say>, in that language, and ride along', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/conference?Name=Team&Password=123&Language=de-DE&Voice=Polly.Marlene&Round=3', { ...CALL, Digits: '1' })
  const say = (text: string): string => `<Say language="de-DE" voice="Polly.Marlene">${text}</Say>`
  t.same(res.twiml, response(`${say('Dieser Zugangscode ist nicht korrekt.')}${say('Auf Wiederhören.')}<Hangup/>`))
  const first = await request(app, '/conference?Name=Team&Password=123&Language=de-DE&Voice=Polly.Marlene', CALL)
  t.equal(find(first.twiml, 'Gather')?.attrs.action, 'conference?Language=de-DE&Name=Team&Password=123&Round=1&Voice=Polly.Marlene')
})

t.test('hostile Name and Message stay text; a long Name is cut to 128 characters', async (t) => {
  const app = await testApp(t)
  const text = '</Conference></Dial><Hangup/> "q" & &amp; ünï 😀'
  const res = await request(app, `/conference?Name=${q(text)}&Message=${q(text)}`, CALL)
  t.same(res.twiml, response(`<Say>${x(text).replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</Say><Dial><Conference>${x(text).replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</Conference></Dial>`))
  t.match(res.body, '&amp;amp;')
  const long = await request(app, `/conference?Name=${'n'.repeat(5000)}`, CALL, 'GET')
  t.equal(roomOf(long.twiml), 'n'.repeat(128))
})

t.test('a whole call under a prefix: asked, wrong code, right code, in the room with music beside it', async (t) => {
  const app = await testApp(t)
  const start = `/lines/conference?Password=2468&Moderators[]=${q('+15105551212')}&Music=guitars`
  const fetch = async (publicUrl: string, form: Record<string, string>): Promise<Element> => (await request(app, behindProxy('/lines', publicUrl), form)).raw
  const first = await fetch(start, CALL)
  const silence = resolve(start, find(first, 'Redirect')?.text ?? '')
  const second = await fetch(silence, CALL)
  const wrongAt = resolve(silence, find(second, 'Gather')?.attrs.action ?? '')
  const wrong = await fetch(wrongAt, { ...CALL, Digits: '1357' })
  t.equal(wrong.children[0]?.text, 'That pass code is not correct.')
  const rightAt = resolve(wrongAt, find(wrong, 'Gather')?.attrs.action ?? '')
  t.match(rightAt, /^\/lines\/conference\?.*Round=3/)
  const joined = await fetch(rightAt, { ...CALL, Digits: '2468' })
  const room = find(joined, 'Conference')
  t.equal(room?.attrs.startConferenceOnEnter, 'true', 'the caller is a moderator')
  t.equal(resolve(rightAt, room?.attrs.waitUrl ?? ''), '/lines/holdmusic?Bucket=com.twilio.music.guitars')
  t.match(room?.text ?? '', /^\+14155550100-[0-9a-f]{12}$/, 'the same derived room whichever round the caller got in')
  const direct = await request(app, `/conference?Password=2468&Moderators[]=${q('+15105551212')}&Music=guitars`, { ...CALL, Digits: '2468' })
  t.equal(roomOf(direct.twiml), room?.text)
})

t.test('in Japanese: pass code prompts, goodbye and greeting', async (t) => {
  const app = await testApp(t)
  const ja = (text: string): string => `<Say language="ja-JP">${text}</Say>`
  const ask = await request(app, '/conference?Name=Team&Password=123&Language=ja-JP', JP_CALL)
  t.same(ask.twiml, response(
    `<Gather numDigits="3" action="conference?Name=Team&amp;Password=123&amp;Language=ja-JP&amp;Round=1">${ja('電話会議のパスコードを入力してください。')}</Gather>` +
    '<Redirect>conference?Name=Team&amp;Password=123&amp;Language=ja-JP&amp;Round=2</Redirect>'))
  const wrong = await request(app, '/conference?Name=Team&Password=123&Language=ja-JP&Round=3', { ...JP_CALL, Digits: '999' })
  t.same(wrong.twiml, response(`${ja('パスコードが正しくありません。')}${ja('失礼いたします。')}<Hangup/>`))
  const join = await request(app, '/conference?Name=Team&Password=123&Language=ja-JP&Round=2', { ...JP_CALL, Digits: '123' })
  t.same(join.twiml, response(`${ja('電話会議に参加します。')}<Dial><Conference>Team</Conference></Dial>`))
  const bad = await request(app, '/conference?Password=12a&Language=ja-JP', JP_CALL)
  t.same(bad.twiml, response(`${ja('申し訳ございません。この電話会議には、電話のボタンでは入力できないパスコードが設定されています。失礼いたします。')}<Hangup/>`))
})

t.test('Moderators in national form with Region=JP are numbers of Japan, carried in E.164', async (t) => {
  const app = await testApp(t)
  const join = await request(app, '/conference?Name=Team&Moderators[]=090-1234-5678&Region=JP', JP_CALL)
  t.equal(find(join.twiml, 'Conference')?.attrs.startConferenceOnEnter, 'true')
  const other = await request(app, '/conference?Name=Team&Moderators[]=090-1234-5678&Region=JP', { ...JP_CALL, From: '+819099998888', Caller: '+819099998888' })
  t.equal(find(other.twiml, 'Conference')?.attrs.startConferenceOnEnter, 'false')
  const ask = await request(app, '/conference?Name=Team&Password=123&Moderators[]=090-1234-5678&Moderators[]=090-1234&Region=JP', JP_CALL)
  t.equal(find(ask.twiml, 'Gather')?.attrs.action, 'conference?Moderators[]=+819012345678&Name=Team&Password=123&Round=1')
})

t.test('a genre\'s holdmusic speaks the line\'s Language and Voice', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/conference?Name=Team&Music=rock&Language=ja-JP&Voice=Polly.Mizuki', JP_CALL)
  const waitUrl = new URL(find(res.raw, 'Conference')?.attrs.waitUrl ?? '', 'https://host/conference')
  t.same([...waitUrl.searchParams], [['Bucket', 'com.twilio.music.rock'], ['Language', 'ja-JP'], ['Voice', 'Polly.Mizuki']])
})

t.test('a pass code and moderators typed on a Japanese keyboard', async (t) => {
  const app = await testApp(t)
  const url = `/conference?Name=Team&Password=${q('１２３４')}&Moderators[]=${q('０９０ー１２３４ー５６７８')}&Region=JP`
  const joined = await request(app, url, { ...JP_CALL, Digits: '1234' })
  t.same(joined.twiml, response(`${WELCOME}<Dial><Conference startConferenceOnEnter="true">Team</Conference></Dial>`))
})
