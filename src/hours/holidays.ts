import type HolidaysType from 'date-holidays'

type LibraryClass = typeof HolidaysType

/** A country's public holidays, by date (`YYYY-MM-DD`), with their names. */
export interface HolidayCalendar {
  /** As typed after reading: `JP`, `US-CA`. */
  name: string
  holiday: (date: string) => string | undefined
}

const HOLIDAYS_TEXT = /^([a-z]{2})(?:[-_/ ]([a-z0-9]{1,3}))?$/i
// Each country-year costs milliseconds to work out: kept, and bounded.
const YEARS_MAX = 64
const CALENDARS_MAX = 64

let Library: LibraryClass | undefined
let loading: Promise<LibraryClass> | undefined

/**
 * date-holidays holds every country's rules: a quarter of a second to load. It is loaded with
 * the first hours URL that names holidays, never at start-up.
 */
export async function loadHolidays (): Promise<void> {
  loading ??= import('date-holidays').then((module) => (Library = module.default))
  await loading
}

export function holidaysLoaded (): boolean {
  return Library !== undefined
}

/** `JP`, `us-ca`, `DE BY`: a country and maybe a subdivision, upper-cased; undefined when it cannot be one. */
export function holidaysName (typed: string): { country: string, state: string | undefined } | undefined {
  const match = HOLIDAYS_TEXT.exec(typed.normalize('NFKC').trim())
  if (match === null) return undefined
  return { country: (match[1] as string).toUpperCase(), state: match[2]?.toUpperCase() }
}

const calendars = new Map<string, HolidayCalendar | string>()

function publicHolidays (engine: HolidaysType, year: number): Map<string, string> {
  const days = new Map<string, string>()
  for (const found of engine.getHolidays(year)) {
    if (found.type !== 'public') continue
    // A holiday of several days (Golden Week elsewhere, Chinese New Year) closes each of them.
    const length = Math.max(1, Math.round((found.end.getTime() - found.start.getTime()) / 86_400_000))
    const first = Date.parse(`${found.date.slice(0, 10)}T00:00:00Z`)
    for (let d = 0; d < length; d++) {
      const date = new Date(first + d * 86_400_000).toISOString().slice(0, 10)
      if (!days.has(date)) days.set(date, found.name)
    }
  }
  return days
}

/**
 * The calendar of a country (and subdivision); a string saying why when the library knows no
 * such place. Only once loadHolidays has finished.
 */
export function holidayCalendar (country: string, state: string | undefined): HolidayCalendar | string {
  if (Library === undefined) throw new Error('loadHolidays() first')
  const name = state === undefined ? country : `${country}-${state}`
  const known = calendars.get(name)
  if (known !== undefined) return known
  const engine = new Library()
  const countries = engine.getCountries()
  const states = country in countries ? engine.getStates(country) ?? {} : {}
  let calendar: HolidayCalendar | string
  if (!(country in countries)) {
    calendar = `"${country}" is not a country whose holidays are known; write its two-letter code, such as JP, US, GB or DE`
  } else if (state !== undefined && !(state in states)) {
    const some = Object.keys(states).slice(0, 3).map((s) => `${country}-${s}`)
    calendar = `"${state}" is not a subdivision of ${country} whose holidays are known${some.length === 0 ? `; write ${country} alone` : `, such as ${some.join(', ')}`}`
  } else {
    engine.init(country, state ?? '')
    const years = new Map<number, Map<string, string>>()
    calendar = {
      name,
      holiday: (date) => {
        const year = Number(date.slice(0, 4))
        let days = years.get(year)
        if (days === undefined) {
          days = publicHolidays(engine, year)
          if (years.size >= YEARS_MAX) years.clear()
          years.set(year, days)
        }
        return days.get(date)
      }
    }
  }
  if (calendars.size >= CALENDARS_MAX) calendars.clear()
  calendars.set(name, calendar)
  return calendar
}
