import t from 'tap'
import { Schedule } from '../../../src/hours/schedule.js'

const at = (iso: string): number => Date.parse(iso)
const WEEKDAYS = { days: [0, 1, 2, 3, 4], start: 540, end: 1080 }

t.test('the next change, and how long an answer stays right', async (t) => {
  const tokyo = new Schedule({ zone: 'Asia/Tokyo', openings: [WEEKDAYS], closed: [{ from: '2026-05-06', to: '2026-05-06' }], holidays: undefined })
  t.equal(tokyo.nextChange(at('2026-05-05T12:00:00Z'), 2 * 86_400_000), at('2026-05-07T00:00:00Z'), 'past the closed day, to Thursday 09:00')
  t.equal(tokyo.nextChange(at('2026-05-05T12:00:00Z'), 86_400_000), undefined, 'nothing within a day')
  t.equal(tokyo.validUntil(at('2026-05-05T12:00:00Z')), at('2026-05-06T12:00:00Z'), 'a day at most')
  t.equal(tokyo.validUntil(at('2026-05-07T08:00:00Z')), at('2026-05-07T09:00:00Z'), 'until 18:00')
  const always = new Schedule({ zone: 'UTC', openings: [{ days: [0, 1, 2, 3, 4, 5, 6], start: 0, end: 1440 }], closed: [], holidays: undefined })
  t.equal(always.nextChange(at('2026-05-05T12:00:00Z'), 30 * 86_400_000), undefined, 'midnights of an open-around-the-clock line are no change')
})

t.test('across a change of offset, an answer stays right a quarter of an hour at most', async (t) => {
  const newYork = new Schedule({ zone: 'America/New_York', openings: [{ days: [6], start: 540, end: 1020 }], closed: [], holidays: undefined })
  // Sunday 2026-03-08, 00:07 EST: the clocks go forward at 07:00Z, the line opens at 13:00Z.
  t.equal(newYork.nextChange(at('2026-03-08T05:07:00Z'), 86_400_000), at('2026-03-08T13:00:00Z'))
  t.equal(newYork.validUntil(at('2026-03-08T05:07:00Z')), at('2026-03-08T05:15:00Z'))
})

t.test('the week: overnight ranges drawn on both days, days off named', async (t) => {
  const schedule = new Schedule({ zone: 'UTC', openings: [{ days: [4], start: 1320, end: 1560 }], closed: [{ from: '2026-05-15', to: '2026-05-15' }], holidays: undefined })
  const week = schedule.week(at('2026-05-08T12:00:00Z'), 8)
  t.same(week.map((d) => [d.date, d.open, d.off]), [
    ['2026-05-08', [[1320, 1440]], undefined],
    ['2026-05-09', [[0, 120]], undefined],
    ['2026-05-10', [], undefined],
    ['2026-05-11', [], undefined],
    ['2026-05-12', [], undefined],
    ['2026-05-13', [], undefined],
    ['2026-05-14', [], undefined],
    ['2026-05-15', [], { kind: 'closed' }]
  ])
  t.same(week[1]?.hours.map((open, h) => open ? h : -1).filter((h) => h >= 0), [0, 1])
})
