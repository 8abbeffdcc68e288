import type { Read } from './week.js'

/** Days closed, inclusive, as `YYYY-MM-DD` (which compare as dates). */
export interface ClosedDays {
  from: string
  to: string
}

const DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/
// Between two dates: `..` as in the documentation, or what people type for "to".
const BETWEEN = /\s*(?:\.\.|~|〜|–|—|から|\s-\s|\bto\b)\s*/iu

function dateOf (text: string): string | undefined {
  const match = DATE.exec(text.trim())
  if (match === null) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  // 2026-02-30 is no day.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined
  return date.toISOString().slice(0, 10)
}

/** One `Closed[]` entry: `2027-08-13`, or `2026-12-29..2027-01-03` (both days closed). */
export function readClosed (typed: string): Read<ClosedDays> {
  const text = typed.normalize('NFKC').trim()
  const parts = text.split(BETWEEN)
  if (parts.length > 2) return { ok: false, reason: 'is not a date or a range of dates such as 2026-12-29..2027-01-03' }
  const dates = parts.map(dateOf)
  const [from, to] = [dates[0], parts.length === 2 ? dates[1] : dates[0]]
  if (from === undefined || to === undefined) return { ok: false, reason: 'is not a date (YYYY-MM-DD) or a range of dates such as 2026-12-29..2027-01-03' }
  return { ok: true, value: from <= to ? { from, to } : { from: to, to: from } }
}
