import t from 'tap'
import { holidayCalendar, holidaysLoaded, holidaysName, loadHolidays } from '../../../src/hours/holidays.js'

t.test('countries as typed', async (t) => {
  t.same(holidaysName('jp'), { country: 'JP', state: undefined })
  t.same(holidaysName('us-ca'), { country: 'US', state: 'CA' })
  t.same(holidaysName('DE BY'), { country: 'DE', state: 'BY' })
  t.equal(holidaysName('Japan'), undefined)
})

t.test('loaded when first asked for; public holidays only, from the calendar', async (t) => {
  t.equal(holidaysLoaded(), false, 'not at start-up')
  await loadHolidays()
  t.equal(holidaysLoaded(), true)
  const jp = holidayCalendar('JP', undefined)
  if (typeof jp === 'string') throw new Error(jp)
  t.equal(jp.holiday('2026-05-03'), '憲法記念日')
  t.equal(jp.holiday('2026-05-06'), '憲法記念日 (振替休日)', 'substitute holiday')
  t.equal(jp.holiday('2026-09-22'), '国民の休日', "citizens' holiday")
  t.equal(jp.holiday('2026-01-02'), undefined, 'a bank holiday is not a public one')
  t.equal(jp.holiday('2026-05-07'), undefined)
  const us = holidayCalendar('US', undefined)
  if (typeof us === 'string') throw new Error(us)
  t.equal(us.holiday('2026-11-26'), 'Thanksgiving Day')
  t.equal(us.holiday('2027-11-25'), 'Thanksgiving Day', 'next year too')
  t.equal(us.holiday('2026-03-31'), undefined)
  const california = holidayCalendar('US', 'CA')
  t.equal(typeof california === 'string' ? california : california.holiday('2026-03-31'), 'César Chávez Day')
  t.match(holidayCalendar('XX', undefined), /^"XX" is not a country whose holidays are known/)
  t.match(holidayCalendar('US', 'ZZ'), /^"ZZ" is not a subdivision of US whose holidays are known, such as US-/)
})
