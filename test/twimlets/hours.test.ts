import t, { type Test } from 'tap'
import { CALL, JP_CALL, loggedApp, request, resolve, testApp } from '../fixtures/app.js'
import { dialOf, redirectOf } from '../fixtures/calls.js'
import { mailbox } from '../fixtures/smtp.js'
import { response } from '../fixtures/twiml.js'
import type { AppOptions } from '../../src/app.js'
import { testFolder } from '../fixtures/folder.js'

const q = encodeURIComponent

/** An app whose clock a test sets, and the URL's answer as of an instant. */
async function clockedApp (t: Test, options: AppOptions = {}): Promise<{ at: (iso: string, url: string, method?: 'GET' | 'POST') => Promise<string>, set: (iso: string) => void, app: Awaited<ReturnType<typeof testApp>> }> {
  let now = 0
  const app = await testApp(t, { ...options, clock: () => now })
  const set = (iso: string): void => { now = Date.parse(iso) }
  return {
    app,
    set,
    at: async (iso, url, method = 'POST') => {
      set(iso)
      return (await request(app, url, CALL, method)).body
    }
  }
}

const doc = (inner: string): string => `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`
const OPEN_URL = 'findme?PhoneNumbers[]=%2B15105550001'
const OPEN = doc(`<Redirect>${OPEN_URL}</Redirect>`)
const CLOSED_EN = doc('<Say>We are closed now. Please call again during our business hours.</Say><Hangup/>')
const TOKYO_OPEN = doc(`<Redirect>${OPEN_URL}&amp;Language=ja-JP</Redirect>`)
const TOKYO_CLOSED = doc('<Say language="ja-JP">ただいまの時間は営業時間外です。営業時間内におかけ直しください。</Say><Hangup/>')

function hoursUrl (query: Record<string, string | string[]>): string {
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    for (const each of Array.isArray(value) ? value : [value]) search.append(Array.isArray(value) ? `${name}[]` : name, each)
  }
  return `/hours?${search.toString()}`
}

// A Tokyo office: weekdays 09:00-18:00 (JST is UTC+9, no DST), Japan's holidays.
const TOKYO = hoursUrl({ Open: ['Mon-Fri 09:00-18:00'], TimeZone: 'Asia/Tokyo', Holidays: 'JP', OpenUrl: OPEN_URL, Language: 'ja-JP' })

t.test('a weekday: open from 09:00:00 to 17:59:59, closed at 18:00:00, by POST and by GET', async (t) => {
  const { at } = await clockedApp(t)
  for (const method of ['POST', 'GET'] as const) {
    // Thursday 2026-05-07.
    t.equal(await at('2026-05-06T23:59:59Z', TOKYO, method), TOKYO_CLOSED, `${method} 08:59:59`)
    t.equal(await at('2026-05-07T00:00:00Z', TOKYO, method), TOKYO_OPEN, `${method} 09:00:00`)
    t.equal(await at('2026-05-07T08:59:59.999Z', TOKYO, method), TOKYO_OPEN, `${method} 17:59:59.999`)
    t.equal(await at('2026-05-07T09:00:00Z', TOKYO, method), TOKYO_CLOSED, `${method} 18:00:00`)
  }
})

t.test('the weekend is closed, Monday opens', async (t) => {
  const { at } = await clockedApp(t)
  t.equal(await at('2026-05-09T03:00:00Z', TOKYO), TOKYO_CLOSED, 'Saturday noon')
  t.equal(await at('2026-05-10T03:00:00Z', TOKYO), TOKYO_CLOSED, 'Sunday noon')
  t.equal(await at('2026-05-11T00:00:00Z', TOKYO), TOKYO_OPEN, 'Monday 09:00')
})

t.test("Japan's holidays: national, substitute and citizens' holidays are closed; the days around them open", async (t) => {
  const { at } = await clockedApp(t)
  // 建国記念の日, Wednesday 2026-02-11.
  t.equal(await at('2026-02-11T03:00:00Z', TOKYO), TOKYO_CLOSED, 'National Foundation Day')
  t.equal(await at('2026-02-12T03:00:00Z', TOKYO), TOKYO_OPEN, 'the Thursday after')
  // 憲法記念日 falls on Sunday 2026-05-03: Wednesday 2026-05-06 is its substitute.
  t.equal(await at('2026-05-06T03:00:00Z', TOKYO), TOKYO_CLOSED, 'substitute holiday')
  t.equal(await at('2026-05-06T14:59:59Z', TOKYO), TOKYO_CLOSED, 'the substitute holiday to its last second')
  // 敬老の日 Monday 2026-09-21 and 秋分の日 Wednesday 2026-09-23 make Tuesday 2026-09-22 a citizens' holiday.
  t.equal(await at('2026-09-22T03:00:00Z', TOKYO), TOKYO_CLOSED, "citizens' holiday")
  t.equal(await at('2026-09-24T00:00:00Z', TOKYO), TOKYO_OPEN, 'Thursday 2026-09-24 at 09:00')
  const plain = hoursUrl({ Open: ['Mon-Fri 09:00-18:00'], TimeZone: 'Asia/Tokyo', OpenUrl: OPEN_URL, Language: 'ja-JP' })
  t.equal(await at('2026-05-06T03:00:00Z', plain), TOKYO_OPEN, 'without Holidays, a Wednesday like any other')
})

t.test('US holidays: Thanksgiving is closed in New York, the day before open', async (t) => {
  const { at } = await clockedApp(t)
  const url = hoursUrl({ Open: ['Mon-Fri 09:00-17:00'], TimeZone: 'America/New_York', Holidays: 'US', OpenUrl: OPEN_URL })
  // Thursday 2026-11-26 is the fourth Thursday of November; EST is UTC-5.
  t.equal(await at('2026-11-26T15:00:00Z', url), CLOSED_EN, 'Thanksgiving, 10:00')
  t.equal(await at('2026-11-25T14:00:00Z', url), OPEN, 'Wednesday 09:00')
  t.equal(await at('2026-11-25T13:59:59Z', url), CLOSED_EN, 'Wednesday 08:59:59')
  const california = hoursUrl({ Open: ['Mon-Fri 09:00-17:00'], TimeZone: 'America/Los_Angeles', Holidays: 'us-ca', OpenUrl: OPEN_URL })
  // César Chávez Day, Tuesday 2026-03-31, is California's (PDT is UTC-7).
  t.equal(await at('2026-03-31T17:00:00Z', california), CLOSED_EN, 'a state holiday with a subdivision')
  t.equal(await at('2026-03-31T17:00:00Z', url.replace('America%2FNew_York', 'America%2FLos_Angeles')), OPEN, 'not a holiday in the US as a whole')
})

t.test('Closed[] days and ranges are closed, both ends included', async (t) => {
  const { at } = await clockedApp(t)
  const url = hoursUrl({ Open: ['Mon-Fri 09:00-18:00'], TimeZone: 'Asia/Tokyo', Closed: ['2026-12-29..2027-01-03', '2027-08-13'], OpenUrl: OPEN_URL })
  t.equal(await at('2026-12-28T08:59:59Z', url), OPEN, 'Monday 2026-12-28, 17:59:59')
  t.equal(await at('2026-12-29T00:00:00Z', url), CLOSED_EN, 'Tuesday 2026-12-29, 09:00, the first day')
  t.equal(await at('2027-01-01T03:00:00Z', url), CLOSED_EN, 'Friday 2027-01-01, inside')
  t.equal(await at('2027-01-04T00:00:00Z', url), OPEN, 'Monday 2027-01-04, 09:00')
  t.equal(await at('2027-08-13T03:00:00Z', url), CLOSED_EN, 'Friday 2027-08-13, a single day')
  t.equal(await at('2027-08-12T03:00:00Z', url), OPEN, 'the Thursday before')
})

t.test('an overnight range runs past midnight, and belongs to the day it starts', async (t) => {
  const { at } = await clockedApp(t)
  const url = hoursUrl({ Open: ['Fri 22:00-02:00'], TimeZone: 'UTC', Closed: ['2026-05-15'], OpenUrl: OPEN_URL })
  t.equal(await at('2026-05-08T21:59:59Z', url), CLOSED_EN, 'Friday 21:59:59')
  t.equal(await at('2026-05-08T22:00:00Z', url), OPEN, 'Friday 22:00')
  t.equal(await at('2026-05-09T01:59:59Z', url), OPEN, 'Saturday 01:59:59')
  t.equal(await at('2026-05-09T02:00:00Z', url), CLOSED_EN, 'Saturday 02:00')
  t.equal(await at('2026-05-07T23:00:00Z', url), CLOSED_EN, 'Thursday 23:00')
  t.equal(await at('2026-05-15T23:00:00Z', url), CLOSED_EN, 'Friday 2026-05-15 is closed, its night too')
})

t.test('days wrap (Fri-Mon), 24:00 ends a day, and entries add up', async (t) => {
  const { at } = await clockedApp(t)
  const url = hoursUrl({ Open: ['Fri-Mon 10:00-24:00', 'Wed 13:00-17:30'], TimeZone: 'UTC', OpenUrl: OPEN_URL })
  t.equal(await at('2026-05-10T12:00:00Z', url), OPEN, 'Sunday')
  t.equal(await at('2026-05-11T23:59:59Z', url), OPEN, 'Monday 23:59:59')
  t.equal(await at('2026-05-12T00:00:00Z', url), CLOSED_EN, 'Tuesday 00:00')
  t.equal(await at('2026-05-13T13:00:00Z', url), OPEN, 'Wednesday 13:00')
  t.equal(await at('2026-05-13T17:30:00Z', url), CLOSED_EN, 'Wednesday 17:30')
  t.equal(await at('2026-05-14T12:00:00Z', url), CLOSED_EN, 'Thursday')
})

t.test('Japanese day names read as the English ones', async (t) => {
  const { at } = await clockedApp(t)
  const url = hoursUrl({ Open: ['月〜金 9:00-18:00', '土 １０：００〜１３：００'], TimeZone: 'Asia/Tokyo', OpenUrl: OPEN_URL })
  t.equal(await at('2026-05-07T00:00:00Z', url), OPEN, '木 09:00')
  t.equal(await at('2026-05-09T01:00:00Z', url), OPEN, '土 10:00')
  t.equal(await at('2026-05-09T04:00:00Z', url), CLOSED_EN, '土 13:00')
  t.equal(await at('2026-05-10T01:00:00Z', url), CLOSED_EN, '日')
})

t.test('a DST change in the US: ranges keep the wall clock; a range in the skipped hour opens for what remains', async (t) => {
  const { at } = await clockedApp(t)
  const url = hoursUrl({ Open: ['Sun 09:00-17:00', 'Sun 02:30-04:00'], TimeZone: 'America/New_York', OpenUrl: OPEN_URL })
  // Sunday 2026-03-01, EST (UTC-5).
  t.equal(await at('2026-03-01T14:00:00Z', url), OPEN, 'winter 09:00 EST')
  t.equal(await at('2026-03-01T13:59:59Z', url), CLOSED_EN, 'winter 08:59:59 EST')
  // Sunday 2026-03-08: 02:00 EST becomes 03:00 EDT (UTC-4) at 07:00Z.
  t.equal(await at('2026-03-08T06:59:59Z', url), CLOSED_EN, '01:59:59 EST')
  t.equal(await at('2026-03-08T07:00:00Z', url), OPEN, '03:00 EDT, inside 02:30-04:00')
  t.equal(await at('2026-03-08T08:00:00Z', url), CLOSED_EN, '04:00 EDT')
  t.equal(await at('2026-03-08T12:59:59Z', url), CLOSED_EN, '08:59:59 EDT')
  t.equal(await at('2026-03-08T13:00:00Z', url), OPEN, '09:00 EDT')
  t.equal(await at('2026-03-08T21:00:00Z', url), CLOSED_EN, '17:00 EDT')
  // Sunday 2026-11-01: 02:00 EDT becomes 01:00 EST at 06:00Z.
  t.equal(await at('2026-11-01T13:59:59Z', url), CLOSED_EN, '08:59:59 EST')
  t.equal(await at('2026-11-01T14:00:00Z', url), OPEN, '09:00 EST')
})

t.test('a DST change in Europe: 09:00 in Berlin is 08:00Z in winter and 07:00Z in summer', async (t) => {
  const { at } = await clockedApp(t)
  const url = hoursUrl({ Open: ['Mon-Fri 09:00-18:00'], TimeZone: 'Europe/Berlin', OpenUrl: OPEN_URL })
  t.equal(await at('2026-03-27T07:59:59Z', url), CLOSED_EN, 'Friday before the change, 08:59:59 CET')
  t.equal(await at('2026-03-27T08:00:00Z', url), OPEN, 'Friday before the change, 09:00 CET')
  // Clocks go forward on Sunday 2026-03-29 at 01:00Z.
  t.equal(await at('2026-03-30T06:59:59Z', url), CLOSED_EN, 'Monday after, 08:59:59 CEST')
  t.equal(await at('2026-03-30T07:00:00Z', url), OPEN, 'Monday after, 09:00 CEST')
  t.equal(await at('2026-03-30T16:00:00Z', url), CLOSED_EN, 'Monday after, 18:00 CEST')
  // Clocks go back on Sunday 2026-10-25 at 01:00Z.
  t.equal(await at('2026-10-23T07:00:00Z', url), OPEN, 'Friday before, 09:00 CEST')
  t.equal(await at('2026-10-26T07:00:00Z', url), CLOSED_EN, 'Monday after, 08:00 CET')
  t.equal(await at('2026-10-26T08:00:00Z', url), OPEN, 'Monday after, 09:00 CET')
})

t.test('while closed: ClosedMessage, then ClosedUrl; the default sentence only without ClosedUrl', async (t) => {
  const { at } = await clockedApp(t)
  const base = { Open: ['Mon-Fri 09:00-18:00'], TimeZone: 'UTC', OpenUrl: OPEN_URL }
  const saturday = '2026-05-09T12:00:00Z'
  t.equal(await at(saturday, hoursUrl({ ...base, ClosedUrl: 'voicemail?Email=owner@example.com' })), doc('<Redirect>voicemail?Email=owner@example.com</Redirect>'))
  t.equal(await at(saturday, hoursUrl({ ...base, ClosedUrl: 'voicemail?Email=owner@example.com', ClosedMessage: 'We are out. Leave a message.' })),
    doc('<Say>We are out. Leave a message.</Say><Redirect>voicemail?Email=owner@example.com</Redirect>'))
  t.equal(await at(saturday, hoursUrl({ ...base, ClosedMessage: 'https://example.com/closed.mp3' })), doc('<Play>https://example.com/closed.mp3</Play><Hangup/>'))
  t.equal(await at(saturday, hoursUrl({ ...base, ClosedUrl: 'https://example.com/after-hours.xml', Language: 'fr-FR' })),
    doc('<Redirect>https://example.com/after-hours.xml</Redirect>'), 'an absolute URL is left as it is')
  const sentences: Record<string, string> = {
    'en-US': 'We are closed now. Please call again during our business hours.',
    'ja-JP': 'ただいまの時間は営業時間外です。営業時間内におかけ直しください。',
    'es-ES': 'Ahora estamos cerrados. Por favor, vuelva a llamar en nuestro horario de atención.',
    'fr-FR': "Nous sommes fermés pour le moment. Veuillez rappeler pendant nos heures d'ouverture.",
    'de-DE': 'Wir haben gerade geschlossen. Bitte rufen Sie während unserer Geschäftszeiten wieder an.',
    'pt-BR': 'Estamos fechados agora. Por favor, ligue novamente em nosso horário de atendimento.',
    'pt-PT': 'Estamos fechados neste momento. Por favor, ligue novamente no nosso horário de atendimento.'
  }
  for (const [language, sentence] of Object.entries(sentences)) {
    const body = await at(saturday, hoursUrl({ ...base, Language: language }))
    t.equal(body, doc(`<Say language="${language}">${sentence}</Say><Hangup/>`), language)
  }
})

t.test('the open destination gets the line’s Language and Voice when it is a twimlet of this service', async (t) => {
  const { at } = await clockedApp(t)
  const url = hoursUrl({ Open: ['Mon-Sun 00:00-24:00'], TimeZone: 'UTC', OpenUrl: 'menu?Message=Hi&Options[1]=message', Language: 'ja-JP', Voice: 'Polly.Mizuki' })
  t.equal(await at('2026-05-09T12:00:00Z', url), doc('<Redirect>menu?Message=Hi&amp;Options[1]=message&amp;Language=ja-JP&amp;Voice=Polly.Mizuki</Redirect>'))
})

t.test('the time zone: TimeZone, else DEFAULT_TIME_ZONE, else the region’s, else UTC, each said', async (t) => {
  const lines = { Open: ['Mon-Fri 09:00-18:00'], OpenUrl: OPEN_URL }
  // Thursday 2026-05-07 00:30Z: 09:30 in Tokyo, 00:30 in UTC, 01:30 in London.
  const instant = Date.parse('2026-05-07T00:30:00Z')
  const cases: Array<[Partial<AppOptions['config']>, Record<string, string>, string, RegExp]> = [
    [{}, { TimeZone: 'asia/tokyo' }, OPEN, /^$/],
    [{ defaultTimeZone: 'Asia/Tokyo' }, {}, OPEN, /DEFAULT_TIME_ZONE/],
    [{}, { Region: 'JP' }, OPEN, /Asia\/Tokyo, the time zone of JP \(Region\)/],
    [{ defaultRegion: 'JP' }, {}, OPEN, /Asia\/Tokyo, the time zone of JP \(DEFAULT_REGION\)/],
    [{ defaultRegion: 'US' }, {}, CLOSED_EN, /UTC \(US keeps several time zones/],
    [{}, {}, CLOSED_EN, /UTC \(no Region nor DEFAULT_REGION/]
  ]
  for (const [config, query, expected, note] of cases) {
    const { app, lines: logged } = await loggedApp(t, { config, clock: () => instant })
    const res = await request(app, hoursUrl({ ...lines, ...query }), CALL)
    t.equal(res.body, expected, JSON.stringify({ config, query }))
    const said = logged.filter((l) => l.param === 'TimeZone').map((l) => String(l.msg)).join('\n')
    t.match(said, note, `the log says which zone: ${JSON.stringify({ config, query })}`)
  }
})

t.test('configuration problems are spoken and logged by name; never a silent "closed"', async (t) => {
  const instant = Date.parse('2026-05-07T03:00:00Z')
  const cases: Array<[Record<string, string | string[]>, string, string, string]> = [
    [{ Open: ['Mon-Fri 09:00-18:00'] }, 'TW_NO_OPEN_URL', 'OpenUrl', 'Sorry, this line is not set up yet: it has nowhere to send calls during business hours. Good bye.'],
    [{ Open: ['Mon-Fri 09:00-18:00'], OpenUrl: 'ftp://example.com/x' }, 'TW_NO_OPEN_URL', 'OpenUrl', 'Sorry, this line is not set up yet: it has nowhere to send calls during business hours. Good bye.'],
    [{ Open: ['Mon-Fri 09:00-18:00', 'Sat 9am-1pm'], OpenUrl: 'message' }, 'TW_BAD_HOURS', 'Open', 'Sorry, this line is set up with business hours that could not be read. Good bye.'],
    [{ Open: ['Mon-Fri 09:00-25:00'], OpenUrl: 'message' }, 'TW_BAD_HOURS', 'Open', 'Sorry, this line is set up with business hours that could not be read. Good bye.'],
    [{ Open: ['Mon-Fri 09:00-18:00'], Closed: ['2026-02-30'], OpenUrl: 'message' }, 'TW_BAD_HOURS', 'Closed', 'Sorry, this line is set up with business hours that could not be read. Good bye.'],
    [{ Open: ['Mon-Fri 09:00-18:00'], TimeZone: 'Tokyo', OpenUrl: 'message' }, 'TW_BAD_TIME_ZONE', 'TimeZone', 'Sorry, this line is set up with a time zone that is not known. Good bye.'],
    [{ Open: ['Mon-Fri 09:00-18:00'], Holidays: 'XX', OpenUrl: 'message' }, 'TW_BAD_HOLIDAYS', 'Holidays', 'Sorry, this line is set up with a country whose holidays are not known. Good bye.'],
    [{ Open: ['Mon-Fri 09:00-18:00'], Holidays: 'Japan', OpenUrl: 'message' }, 'TW_BAD_HOLIDAYS', 'Holidays', 'Sorry, this line is set up with a country whose holidays are not known. Good bye.'],
    [{ Open: ['Mon-Fri 09:00-18:00'], Holidays: 'US-ZZ', OpenUrl: 'message' }, 'TW_BAD_HOLIDAYS', 'Holidays', 'Sorry, this line is set up with a country whose holidays are not known. Good bye.']
  ]
  for (const [query, code, param, spoken] of cases) {
    const { app, lines } = await loggedApp(t, { clock: () => instant })
    const res = await request(app, hoursUrl({ TimeZone: 'UTC', ...query }), CALL)
    t.equal(res.status, 200)
    t.same(res.twiml, response(`<Say>${spoken}</Say><Hangup/>`), JSON.stringify(query))
    t.match(lines.find((l) => l.code === code), { level: 40, param }, `${code} logged with ${param}`)
  }
  const { app, lines } = await loggedApp(t, { clock: () => instant })
  await request(app, hoursUrl({ Open: ['Sat 9am-1pm'], TimeZone: 'UTC', OpenUrl: 'message' }), CALL)
  t.match(lines.find((l) => l.param === 'Open' && l.level === 50), { msg: /"Sat 9am-1pm" is not days and hours/ }, 'the entry is named as an error')
  const japanese = await request(app, hoursUrl({ Open: ['Mon 9-18'], TimeZone: 'Nowhere/City', OpenUrl: 'message', Language: 'ja-JP' }), JP_CALL)
  t.same(japanese.twiml, response('<Say language="ja-JP">申し訳ございません。この回線には、不明なタイムゾーンが設定されています。失礼いたします。</Say><Hangup/>'))
})

t.test('"9-5" is read as overnight, and the log says how to write the afternoon', async (t) => {
  const { app, lines } = await loggedApp(t, { clock: () => Date.parse('2026-05-07T20:00:00Z') })
  const res = await request(app, hoursUrl({ Open: ['Mon-Fri 9-5'], TimeZone: 'UTC', OpenUrl: 'message' }), CALL)
  t.equal(res.body, doc('<Redirect>message</Redirect>'), 'Thursday 20:00 is inside 09:00-05:00')
  t.match(lines.find((l) => l.param === 'Open'), { level: 40, msg: /runs overnight, to 5:00 the next day; for the afternoon, write 17:00/ })
})

t.test('the response cache never gives an answer past the boundary it was computed before', async (t) => {
  const { app, at, set } = await clockedApp(t)
  const url = hoursUrl({ Open: ['Mon-Fri 09:00-18:00'], TimeZone: 'Asia/Tokyo', OpenUrl: OPEN_URL })
  const hits = async (): Promise<number> => {
    const metrics = (await app.inject({ url: '/metrics' })).body
    return Number(/twimlets_response_cache_total\{result="hit"\} (\d+)/.exec(metrics)?.[1] ?? 'NaN')
  }
  // Thursday 2026-05-07, 17:59:58 and 17:59:59 in Tokyo: the second request is kept, the third given from the cache.
  t.equal(await at('2026-05-07T08:59:58Z', url), OPEN)
  t.equal(await at('2026-05-07T08:59:59Z', url), OPEN)
  const before = await hits()
  t.equal(await at('2026-05-07T08:59:59.999Z', url), OPEN)
  t.equal(await hits(), before + 1, 'answered from the cache before 18:00')
  t.equal(await at('2026-05-07T09:00:00Z', url), CLOSED_EN, 'closed at 18:00:00, not the kept answer')
  t.equal(await at('2026-05-07T09:00:01Z', url), CLOSED_EN)
  const closedHits = await hits()
  t.equal(await at('2026-05-07T23:59:59Z', url), CLOSED_EN, 'Friday 08:59:59')
  t.equal(await hits(), closedHits + 1, 'the closed answer is kept until the opening')
  t.equal(await at('2026-05-08T00:00:00Z', url), OPEN, 'open at Friday 09:00:00')
  set('2026-05-08T00:00:00Z')
})

t.test('a whole call while open: hours → findme dials the first number', async (t) => {
  const { app, set } = await clockedApp(t)
  set('2026-05-07T01:00:00Z')
  const url = `/lines${hoursUrl({ Open: ['月-金 09:00-18:00'], TimeZone: 'Asia/Tokyo', Holidays: 'JP', OpenUrl: `findme?PhoneNumbers[]=${q('+81312345678')}&PhoneNumbers[]=${q('+81312345679')}` })}`
  const first = await request(app, url.slice('/lines'.length), JP_CALL)
  const next = resolve(url, redirectOf(first)).slice('/lines'.length)
  t.match(next, /^\/findme\?/)
  const dial = dialOf(await request(app, next, JP_CALL))
  t.same(dial.legs.map((leg) => leg.target), ['+81312345678'])
  t.match(dial.action, /PhoneNumbers%5B%5D=%2B81312345679|PhoneNumbers\[\]=%2B81312345679/)
})

t.test('a whole call while closed: hours → voicemail, and its e-mail reaches the owner', async (t) => {
  const box = await mailbox(t)
  const owner = 'owner@example.com'
  const { app, set } = await clockedApp(t, {
    config: { smtpUrl: box.url, mailFrom: 'Voicemail <voicemail@twimlets.test>', voicemailAllowedRecipients: [owner], outboxDir: testFolder(t), mailRetryMinMs: 20 }
  })
  // Saturday 2026-05-09, 12:00 in Tokyo.
  set('2026-05-09T03:00:00Z')
  const url = hoursUrl({ Open: ['Mon-Fri 09:00-18:00'], TimeZone: 'Asia/Tokyo', OpenUrl: 'findme?PhoneNumbers[]=+81312345678', ClosedUrl: `voicemail?Email=${q(owner)}&Transcribe=false` })
  const first = await request(app, url, CALL)
  const greeting = await request(app, resolve(url, redirectOf(first)), CALL)
  t.same(greeting.twiml, response('<Say>Please leave a message after the beep.</Say><Record action="voicemail?Email=owner@example.com&amp;Transcribe=false" recordingStatusCallback="voicemail?Email=owner@example.com&amp;Transcribe=false"/>'))
  const sid = 'RE00000000000000000000000000000001'
  const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${CALL.AccountSid}/Recordings/${sid}`
  const record = /action="([^"]+)"/.exec(greeting.body)?.[1]?.replaceAll('&amp;', '&') ?? ''
  const done = await request(app, resolve(url, record), { ...CALL, RecordingSid: sid, RecordingUrl: recordingUrl, RecordingDuration: '9' })
  t.same(done.twiml, response('<Say>Thanks. Good bye.</Say><Hangup/>'))
  const [mail] = await box.waitFor(1)
  t.same(mail?.envelope.to, [owner])
  t.match(mail?.mail.text, `${recordingUrl}.mp3`)
})
