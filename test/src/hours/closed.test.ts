import t from 'tap'
import { readClosed } from '../../../src/hours/closed.js'

t.test('days and inclusive ranges', async (t) => {
  t.same(readClosed('2027-08-13'), { ok: true, value: { from: '2027-08-13', to: '2027-08-13' } })
  t.same(readClosed('2026-12-29..2027-01-03'), { ok: true, value: { from: '2026-12-29', to: '2027-01-03' } })
  t.same(readClosed('2026/12/29 〜 2027/1/3'), { ok: true, value: { from: '2026-12-29', to: '2027-01-03' } })
  t.same(readClosed('２０２６－１２－２９～２０２７－０１－０３'), { ok: true, value: { from: '2026-12-29', to: '2027-01-03' } }, 'full-width')
  t.same(readClosed('2027-01-03..2026-12-29'), { ok: true, value: { from: '2026-12-29', to: '2027-01-03' } }, 'ends swapped')
  t.same(readClosed('2028-02-29'), { ok: true, value: { from: '2028-02-29', to: '2028-02-29' } }, 'a leap day')
})

t.test('no such day, or no date', async (t) => {
  for (const typed of ['2026-02-30', '2027-02-29', '2026-13-01', 'Christmas', '2026-12-29..', '2026-01-01..2026-01-02..2026-01-03']) {
    t.equal(readClosed(typed).ok, false, typed)
  }
})
