import type { ClosedDays } from './closed.js'
import type { HolidayCalendar } from './holidays.js'
import type { Opening } from './week.js'
import { DAY, dateKey, instantOf, offsetMinutes, startOfDay, wallClock, weekday } from './zone.js'

const MINUTE = 60_000
const QUARTER_HOUR = 15 * MINUTE
/** Overnight ranges reach at most this far into the next day. */
const LONGEST_RANGE_DAYS = 2

/** Why a day is closed whatever its hours: a holiday (with its name), or a `Closed[]` entry. */
export type DayOff = { kind: 'holiday', name: string } | { kind: 'closed' }

export interface ScheduleOptions {
  zone: string
  openings: readonly Opening[]
  closed: readonly ClosedDays[]
  holidays: HolidayCalendar | undefined
}

/** A wall-clock interval of one day's opening, in the zone's wall-clock milliseconds (see wallClock). */
interface Interval { start: number, end: number }

/** One calendar day of the picture of a week. */
export interface DayPicture {
  /** `2026-05-06`. */
  date: string
  /** 0 Monday … 6 Sunday. */
  weekday: number
  off: DayOff | undefined
  /** Open from … to, in minutes of this day (0 … 1440), overnight ranges of the day before included. */
  open: Array<[number, number]>
  /** Whether each hour of the day (0 … 23) is open for some of it. */
  hours: boolean[]
}

/**
 * A line's weekly hours, less holidays and closed days, in its time zone. Ranges are wall-clock
 * times: 09:00-18:00 is 09:00 to 18:00 on the zone's clock, in summer and winter alike. A range
 * belongs to the day it starts on: Fri 22:00-02:00 is closed when Friday is a holiday.
 */
export class Schedule {
  readonly zone: string
  readonly #byDay: ReadonlyArray<readonly Opening[]>
  readonly #closed: readonly ClosedDays[]
  readonly #holidays: HolidayCalendar | undefined

  constructor (options: ScheduleOptions) {
    this.zone = options.zone
    this.#byDay = [0, 1, 2, 3, 4, 5, 6].map((day) => options.openings.filter((o) => o.days.includes(day)))
    this.#closed = options.closed
    this.#holidays = options.holidays
  }

  /** Whether the day is closed whatever its hours, and why. */
  dayOff (date: string): DayOff | undefined {
    for (const range of this.#closed) {
      if (range.from <= date && date <= range.to) return { kind: 'closed' }
    }
    const name = this.#holidays?.holiday(date)
    return name === undefined ? undefined : { kind: 'holiday', name }
  }

  /** The openings that start on the day beginning at wall-clock midnight `day`. */
  intervals (day: number): Interval[] {
    const openings = this.#byDay[weekday(day)] as readonly Opening[]
    if (openings.length === 0 || this.dayOff(dateKey(day)) !== undefined) return []
    return openings.map((o) => ({ start: day + o.start * MINUTE, end: day + o.end * MINUTE }))
  }

  #openAtWall (wall: number): boolean {
    const today = startOfDay(wall)
    for (let back = 0; back <= LONGEST_RANGE_DAYS - 1; back++) {
      for (const interval of this.intervals(today - back * DAY)) {
        if (interval.start <= wall && wall < interval.end) return true
      }
    }
    return false
  }

  isOpen (instant: number): boolean {
    return this.#openAtWall(wallClock(instant, this.zone))
  }

  /**
   * The first instant after `instant` when the line opens or closes, looking `horizon` ms ahead;
   * undefined when nothing changes by then.
   */
  nextChange (instant: number, horizon: number): number | undefined {
    const wall = wallClock(instant, this.zone)
    const open = this.#openAtWall(wall)
    const edges: number[] = []
    for (let day = startOfDay(wall) - (LONGEST_RANGE_DAYS - 1) * DAY; day <= wall + horizon; day += DAY) {
      for (const interval of this.intervals(day)) edges.push(interval.start, interval.end)
    }
    edges.sort((a, b) => a - b)
    for (const edge of edges) {
      if (edge <= wall || edge > wall + horizon) continue
      if (this.#openAtWall(edge) !== open) return instantOf(edge, this.zone, instant + 1)
    }
    return undefined
  }

  /**
   * Until when an answer given at `instant` stays right: the next change within a day, else a
   * day later. Across a change of the zone's offset, a quarter of an hour at most, since a
   * clock set back shows a boundary twice.
   */
  validUntil (instant: number): number {
    const until = this.nextChange(instant, DAY) ?? instant + DAY
    if (offsetMinutes(until, this.zone) === offsetMinutes(instant, this.zone)) return until
    return Math.min(until, Math.floor(instant / QUARTER_HOUR) * QUARTER_HOUR + QUARTER_HOUR)
  }

  /** The days from the one `instant` falls on, as the zone's calendar has them. */
  week (instant: number, days = 7): DayPicture[] {
    const first = startOfDay(wallClock(instant, this.zone))
    return Array.from({ length: days }, (_, d) => {
      const day = first + d * DAY
      const open: Array<[number, number]> = []
      for (const interval of [...this.intervals(day - DAY), ...this.intervals(day)]) {
        const start = Math.max(interval.start, day)
        const end = Math.min(interval.end, day + DAY)
        if (start < end) open.push([(start - day) / MINUTE, (end - day) / MINUTE])
      }
      open.sort((a, b) => a[0] - b[0])
      const hours = Array.from({ length: 24 }, (_, h) => open.some(([from, to]) => from < (h + 1) * 60 && to > h * 60))
      return { date: dateKey(day), weekday: weekday(day), off: this.dayOff(dateKey(day)), open, hours }
    })
  }
}
