import t from 'tap'
import { dateKey, instantOf, mainZone, offsetMinutes, wallClock, weekday } from '../../../src/hours/zone.js'

const at = (iso: string): number => Date.parse(iso)

t.test('the wall clock of a zone, as UTC milliseconds of the same date and time', async (t) => {
  t.equal(wallClock(at('2026-05-06T01:00:00Z'), 'Asia/Tokyo'), at('2026-05-06T10:00:00Z'))
  t.equal(wallClock(at('2026-03-08T07:00:00Z'), 'America/New_York'), at('2026-03-08T03:00:00Z'), 'the first second of EDT')
  t.equal(wallClock(at('2026-03-08T06:59:59.500Z'), 'America/New_York'), at('2026-03-08T01:59:59.500Z'), 'milliseconds kept')
  t.equal(dateKey(at('2026-05-06T10:00:00Z')), '2026-05-06')
  t.equal(weekday(at('2026-05-06T10:00:00Z')), 2, 'Wednesday')
  t.equal(offsetMinutes(at('2026-07-01T00:00:00Z'), 'Europe/Berlin'), 120)
  t.equal(offsetMinutes(at('2026-12-01T00:00:00Z'), 'Europe/Berlin'), 60)
})

t.test('the instant a wall-clock time first shows: in a gap, its end; set back, the first showing', async (t) => {
  t.equal(instantOf(at('2026-05-07T09:00:00Z'), 'Asia/Tokyo', 0), at('2026-05-07T00:00:00Z'))
  t.equal(instantOf(at('2026-03-08T02:30:00Z'), 'America/New_York', 0), at('2026-03-08T07:00:00Z'), '02:30 does not exist: 03:00 EDT')
  t.equal(instantOf(at('2026-11-01T01:30:00Z'), 'America/New_York', 0), at('2026-11-01T05:30:00Z'), '01:30 EDT, before the second 01:30 EST')
  t.equal(instantOf(at('2026-11-01T01:30:00Z'), 'America/New_York', at('2026-11-01T05:30:01Z')), at('2026-11-01T06:30:00Z'), 'after the first: the second')
})

t.test("a country's one time zone", async (t) => {
  t.equal(mainZone('JP'), 'Asia/Tokyo')
  t.equal(mainZone('GB'), 'Europe/London')
  t.equal(mainZone('DE'), 'Europe/Berlin')
  t.equal(mainZone('US'), undefined, 'several')
  t.equal(mainZone('AU'), undefined, 'several')
})
