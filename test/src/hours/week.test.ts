import t from 'tap'
import { readOpening } from '../../../src/hours/week.js'

const MON_FRI = [0, 1, 2, 3, 4]

t.test('days and hours as people write them', async (t) => {
  const cases: Array<[string, number[], number, number]> = [
    ['Mon-Fri 09:00-18:00', MON_FRI, 540, 1080],
    ['mon-fri 9:00-18:00', MON_FRI, 540, 1080],
    ['Monday - Friday 09:00 - 18:00', MON_FRI, 540, 1080],
    ['Mon,Wed,Fri 13:00-17:30', [0, 2, 4], 780, 1050],
    ['Tu, Th 8:30-12', [1, 3], 510, 720],
    ['Sat & Sun 10:00 to 13:00', [5, 6], 600, 780],
    ['Fri-Mon 10:00-24:00', [0, 4, 5, 6], 600, 1440],
    ['月〜金 9:00-18:00', MON_FRI, 540, 1080],
    ['月曜日〜金曜日 ９：００〜１８：００', MON_FRI, 540, 1080],
    ['月火水 10:00-11:00', [0, 1, 2], 600, 660],
    ['土・日 10:00-13:00', [5, 6], 600, 780],
    ['09:00-18:00', [0, 1, 2, 3, 4, 5, 6], 540, 1080],
    ['Fri 22:00-02:00', [4], 1320, 1560],
    ['Sun 00:00-24:00', [6], 0, 1440]
  ]
  for (const [typed, days, start, end] of cases) t.same(readOpening(typed), { ok: true, value: { days, start, end } }, typed)
})

t.test('what can never be meant is refused, saying why', async (t) => {
  t.same(readOpening('Mon-Fry 09:00-18:00'), { ok: false, reason: '"Mon-Fry" is not a range of days such as Mon-Fri' })
  t.same(readOpening('Xyz 09:00-10:00'), { ok: false, reason: '"Xyz" is not a day (Mon … Sun, or 月 … 日)' })
  t.same(readOpening('T 09:00-10:00'), { ok: false, reason: '"T" is not a day (Mon … Sun, or 月 … 日)' }, 'Tue or Thu: not guessed')
  t.same(readOpening('Mon 24:00-25:00'), { ok: false, reason: '"24:00" is not a time of day from 00:00 to 23:59' })
  t.same(readOpening('Mon 09:00-09:60'), { ok: false, reason: '"09:60" is not a time of day from 00:00 to 24:00' })
  t.same(readOpening('Mon 09:00-09:00'), { ok: false, reason: 'opens and closes at the same time: for a whole day write 00:00-24:00' })
  t.same(readOpening('Mon 9am-5pm'), { ok: false, reason: 'is not days and hours such as "Mon-Fri 09:00-18:00"' })
})

t.test('9-5 is overnight as written, with a note on the afternoon', async (t) => {
  t.same(readOpening('Mon-Fri 9-5'), { ok: true, value: { days: MON_FRI, start: 540, end: 1740 }, note: 'runs overnight, to 5:00 the next day; for the afternoon, write 17:00' })
  t.same(readOpening('Fri 22-2'), { ok: true, value: { days: [4], start: 1320, end: 1560 } }, 'a night shift is no slip')
})
