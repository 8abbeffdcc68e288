import type { Config } from '../config.js'
import { holidaysLoaded, loadHolidays } from '../hours/holidays.js'
import { parseHours } from '../hours/options.js'
import type { DayPicture } from '../hours/schedule.js'
import { Params } from '../params/params.js'
import { ConfigProblem } from '../params/problems.js'

/** How far ahead the check looks for the next opening or closing. */
const NEXT_CHANGE_DAYS = 400
const DAY = 24 * 60 * 60 * 1000

/** What the check shows of an hours line: at a moment, in its zone. */
export interface HoursView {
  zone: string
  /** The moment looked at, ISO 8601 in UTC. */
  at: string
  open: boolean
  /** The next opening or closing, ISO 8601 in UTC; null when nothing changes within NEXT_CHANGE_DAYS. */
  nextChange: string | null
  week: DayPicture[]
}

/** The view of an hours URL's query; undefined when its settings cannot make a schedule (the check says why). */
export async function hoursView (query: string, config: Config, at: number): Promise<HoursView | undefined> {
  const params = Params.fromSearch(query)
  if (params.has('Holidays') && !holidaysLoaded()) await loadHolidays()
  let schedule
  try {
    schedule = parseHours(params, config).schedule
  } catch (error) {
    if (error instanceof ConfigProblem) return undefined
    throw error
  }
  const next = schedule.nextChange(at, NEXT_CHANGE_DAYS * DAY)
  return {
    zone: schedule.zone,
    at: new Date(at).toISOString(),
    open: schedule.isOpen(at),
    nextChange: next === undefined ? null : new Date(next).toISOString(),
    week: schedule.week(at)
  }
}
