/** One opening of the week: on each of `days` (0 Monday … 6 Sunday), from `start` to `end` minutes after that day's midnight. */
export interface Opening {
  days: readonly number[]
  start: number
  /** After `start`; past 1440 when the range runs into the next day. */
  end: number
}

/** What an entry means, or why it means nothing; `note` when it is read in a way the typist may not have meant. */
export type Read<T> = { ok: true, value: T, note?: string } | { ok: false, reason: string }

const ENGLISH = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']
const JAPANESE = '月火水木金土日'
const WHOLE_WEEK = [0, 1, 2, 3, 4, 5, 6]
const DAY_MINUTES = 24 * 60

// After NFKC (full-width digits, colons and tildes become ASCII): days, then two times.
const ENTRY = /^(.*?)\s*(\d{1,2}(?:[:.]\d{2})?)\s*(?:-|~|〜|–|—|から|to)\s*(\d{1,2}(?:[:.]\d{2})?)\s*(?:まで)?$/iu
const TIME = /^(\d{1,2})(?:[:.](\d{2}))?$/
const DAY_LIST = /\s*(?:,|、|・|\/|&|\band\b|\s)\s*/iu
const DAY_RANGE = /\s*(?:-|~|〜|–|—|から|\bto\b)\s*/giu

/** A day as people write it: Mon, monday, Tu, Thurs, 月, 月曜, 月曜日. */
function dayOf (text: string): number | undefined {
  const word = text.trim().toLowerCase().replace(/\.$/, '')
  const japanese = /^([月火水木金土日])(?:曜日?)?$/u.exec(word)
  if (japanese !== null) return JAPANESE.indexOf(japanese[1] as string)
  if (word.length < 2) return undefined
  const found = ENGLISH.flatMap((name, day) => name.startsWith(word) || (word.length >= 3 && word === name.slice(0, 3)) ? [day] : [])
  return found.length === 1 ? found[0] : undefined
}

function daysOf (text: string): Read<number[]> {
  // 月〜金 and 月火水 are written without spaces; 曜 and 曜日 add nothing.
  const spaced = text.replace(/([月火水木金土日])(?:曜日?)?/gu, ' $1 ')
  const joined = spaced.replace(DAY_RANGE, '-').trim()
  if (joined === '') return { ok: true, value: WHOLE_WEEK }
  const days = new Set<number>()
  for (const part of joined.split(DAY_LIST)) {
    if (part === '') continue
    const ends = part.split('-')
    if (ends.length === 1) {
      const day = dayOf(part)
      if (day === undefined) return { ok: false, reason: `"${part.slice(0, 20)}" is not a day (Mon … Sun, or 月 … 日)` }
      days.add(day)
      continue
    }
    const from = dayOf(ends[0] ?? '')
    const to = dayOf(ends[1] ?? '')
    if (ends.length !== 2 || from === undefined || to === undefined) return { ok: false, reason: `"${part.slice(0, 20)}" is not a range of days such as Mon-Fri` }
    // Fri-Mon wraps over the weekend.
    for (let day = from; ; day = (day + 1) % 7) {
      days.add(day)
      if (day === to) break
    }
  }
  return { ok: true, value: [...days].sort((a, b) => a - b) }
}

function minutesOf (text: string, end: boolean): number | undefined {
  const match = TIME.exec(text)
  if (match === null) return undefined
  const hours = Number(match[1])
  const minutes = Number(match[2] ?? '0')
  if (minutes > 59) return undefined
  if (hours === 24 && minutes === 0 && end) return DAY_MINUTES
  return hours > 23 ? undefined : hours * 60 + minutes
}

/** One `Open[]` entry: `Mon-Fri 09:00-18:00`, `Sat 10:00-13:00`, `月〜金 9:00-18:00`, `Fri 22:00-02:00`. */
export function readOpening (typed: string): Read<Opening> {
  const text = typed.normalize('NFKC').trim()
  const match = ENTRY.exec(text)
  if (match === null) return { ok: false, reason: 'is not days and hours such as "Mon-Fri 09:00-18:00"' }
  const days = daysOf((match[1] ?? '').replace(/[:：]$/, ''))
  if (!days.ok) return days
  const start = minutesOf(match[2] as string, false)
  const end = minutesOf(match[3] as string, true)
  if (start === undefined) return { ok: false, reason: `"${match[2] ?? ''}" is not a time of day from 00:00 to 23:59` }
  if (end === undefined) return { ok: false, reason: `"${match[3] ?? ''}" is not a time of day from 00:00 to 24:00` }
  if (end === start) return { ok: false, reason: 'opens and closes at the same time: for a whole day write 00:00-24:00' }
  // An end before the start is on the next day: Fri 22:00-02:00 closes on Saturday at 02:00.
  const value = { days: days.value, start, end: end < start ? end + DAY_MINUTES : end }
  // 9-5 is office hours on a twelve-hour clock, not twenty hours overnight.
  if (end < start && !/[:.]/.test(match[3] as string) && end + 12 * 60 > start) {
    return { ok: true, value, note: `runs overnight, to ${match[3] ?? ''}:00 the next day; for the afternoon, write ${String(end / 60 + 12)}:00` }
  }
  return { ok: true, value }
}
