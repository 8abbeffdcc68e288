import t from 'tap'
import type { Transcript } from '../../../src/simulator/transcript.js'
import { testApp } from '../../fixtures/app.js'
import { testFolder } from '../../fixtures/folder.js'

const TOKYO = 'https://calls.example.com/hours?Open[]=Mon-Fri%2009:00-18:00&TimeZone=Asia/Tokyo&Holidays=JP&OpenUrl=findme%3FPhoneNumbers[]%3D%252B81312345678&ClosedUrl=voicemail%3FEmail%3Dme%2540example.com'

interface Day { date: string, weekday: number, off: { kind: string, name?: string } | undefined, open: Array<[number, number]>, hours: boolean[] }
interface View { zone: string, at: string, open: boolean, nextChange: string | null, week: Day[] }

const hoursOf = (from: number, to: number): boolean[] => Array.from({ length: 24 }, (_, h) => h >= from && h < to)
const NONE = hoursOf(0, 0)

t.test('/api/check shows an hours line at the moment asked: open or closed, the next change, the week with holidays named', async (t) => {
  const app = await testApp(t, { config: { outboxDir: testFolder(t) } })
  // Tuesday 2026-05-05 10:00 in Tokyo: こどもの日, then the substitute holiday, then Thursday.
  const res = await app.inject({ method: 'POST', url: '/api/check', payload: { url: TOKYO, at: '2026-05-05T10:00:00+09:00' } })
  t.equal(res.statusCode, 200)
  const view = res.json<{ hours: View }>().hours
  t.equal(view.zone, 'Asia/Tokyo')
  t.equal(view.at, '2026-05-05T01:00:00.000Z')
  t.equal(view.open, false)
  t.equal(view.nextChange, '2026-05-07T00:00:00.000Z', 'Thursday 09:00 in Tokyo')
  t.same(view.week.map((d) => [d.date, d.weekday, d.off, d.open]), [
    ['2026-05-05', 1, { kind: 'holiday', name: 'こどもの日' }, []],
    ['2026-05-06', 2, { kind: 'holiday', name: '憲法記念日 (振替休日)' }, []],
    ['2026-05-07', 3, undefined, [[540, 1080]]],
    ['2026-05-08', 4, undefined, [[540, 1080]]],
    ['2026-05-09', 5, undefined, []],
    ['2026-05-10', 6, undefined, []],
    ['2026-05-11', 0, undefined, [[540, 1080]]]
  ])
  t.same(view.week[2]?.hours, hoursOf(9, 18))
  t.same(view.week[0]?.hours, NONE)

  const get = await app.inject({ url: `/api/check?url=${encodeURIComponent(TOKYO)}&at=${encodeURIComponent('2026-05-07T17:59:59+09:00')}` })
  const open = get.json<{ hours: View }>().hours
  t.equal(open.open, true, 'by GET too')
  t.equal(open.nextChange, '2026-05-07T09:00:00.000Z', 'closing at 18:00')
})

t.test('an overnight range is drawn on both days; a range past a year says so', async (t) => {
  const app = await testApp(t, { config: { outboxDir: testFolder(t) } })
  const url = 'hours?Open[]=Fri%2022:00-02:00&Closed[]=2026-04-30..2027-12-31&TimeZone=UTC&OpenUrl=message'
  const res = await app.inject({ method: 'POST', url: '/api/check', payload: { url, at: '2026-04-24T12:00:00Z' } })
  const view = res.json<{ hours: View }>().hours
  t.same(view.week.map((d) => d.open), [[[1320, 1440]], [[0, 120]], [], [], [], [], []])
  t.same(view.week[0]?.off, undefined)
  t.same(view.week[6]?.off, { kind: 'closed' }, 'Thursday 2026-04-30 is a closed day')
  t.equal(view.nextChange, '2026-04-24T22:00:00.000Z')
  const later = (await app.inject({ method: 'POST', url: '/api/check', payload: { url, at: '2026-05-01T12:00:00Z' } })).json<{ hours: View }>().hours
  t.equal(later.nextChange, null, 'closed for more than a year')
})

t.test('without `at` the check uses the real clock; a wrong `at` is refused, saying what to write', async (t) => {
  const app = await testApp(t, { config: { outboxDir: testFolder(t) } })
  const before = Date.now()
  const view = (await app.inject({ method: 'POST', url: '/api/check', payload: { url: TOKYO } })).json<{ hours: View }>().hours
  t.ok(Date.parse(view.at) >= before && Date.parse(view.at) <= Date.now())
  const local = await app.inject({ method: 'POST', url: '/api/check', payload: { url: TOKYO, at: '2026-05-05T10:00' } })
  t.equal(local.statusCode, 400)
  t.match(local.json(), { message: 'at "2026-05-05T10:00" is not an ISO 8601 instant; add its offset from UTC, such as 2026-05-05T10:00Z or 2026-05-05T10:00+09:00' })
  const junk = await app.inject({ method: 'POST', url: '/api/simulate', payload: { url: TOKYO, at: 'tomorrow' } })
  t.equal(junk.statusCode, 400)
  t.match(junk.json(), { message: /^at "tomorrow" is not an ISO 8601 instant, such as/ })
})

t.test('/api/simulate plays the call as of `at`: findme while open, voicemail while closed', async (t) => {
  const app = await testApp(t, { config: { outboxDir: testFolder(t) } })
  const urls = async (at: string): Promise<string[]> => {
    const res = await app.inject({ method: 'POST', url: '/api/simulate', payload: { url: TOKYO, at, parties: { '+81312345678': 'accept' } } })
    t.equal(res.statusCode, 200)
    const { transcript } = res.json<{ transcript: Transcript }>()
    return transcript.events.flatMap((e) => e.type === 'request' && e.leg === 'caller' ? [new URL(e.url).pathname] : [])
  }
  t.same((await urls('2026-05-07T10:00:00+09:00')).slice(0, 2), ['/hours', '/findme'], 'Thursday 10:00')
  t.same((await urls('2026-05-06T10:00:00+09:00')).slice(0, 2), ['/hours', '/voicemail'], 'the substitute holiday')
})

t.test('the check names configuration problems and says which time zone applied', async (t) => {
  const app = await testApp(t, { config: { outboxDir: testFolder(t), defaultRegion: 'JP' } })
  const check = async (url: string): Promise<{ problems: Array<{ level: string, param: string, code?: string, message: string }>, hours?: View }> =>
    (await app.inject({ method: 'POST', url: '/api/check', payload: { url, at: '2026-05-07T10:00:00+09:00' } })).json()
  const missing = await check('hours?Open[]=Mon-Fri%2009:00-18:00&TimeZone=Asia/Tokyo')
  t.match(missing.problems, [{ level: 'error', param: 'OpenUrl', code: 'TW_NO_OPEN_URL', message: 'missing: where calls go during business hours' }])
  t.equal(missing.hours, undefined, 'no picture of a line that cannot work')
  const bad = await check('hours?Open[]=Mon-Fry%2009:00-18:00&TimeZone=Asia/Tokyo&OpenUrl=message')
  t.match(bad.problems.filter((p) => p.param === 'Open'), [
    { level: 'error', code: 'TW_BAD_HOURS' },
    { level: 'error', message: '"Mon-Fry 09:00-18:00" "Mon-Fry" is not a range of days such as Mon-Fri' }
  ])
  const byRegion = await check('hours?Open[]=Mon-Fri%2009:00-18:00&OpenUrl=message')
  t.match(byRegion.problems, [{ level: 'info', param: 'TimeZone', message: 'not given: Asia/Tokyo, the time zone of JP (DEFAULT_REGION)' }])
  t.equal(byRegion.hours?.zone, 'Asia/Tokyo')
  t.equal(byRegion.hours?.open, true)
})
