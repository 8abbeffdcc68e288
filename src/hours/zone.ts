import { timeZoneName } from '../mail/time-zone.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

// A formatter costs tens of µs to build and a few to use: one per zone, and zones typed are few.
const FORMATTERS_MAX = 256
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter (zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    })
    if (formatters.size >= FORMATTERS_MAX) formatters.clear()
    formatters.set(zone, format)
  }
  return format
}

/**
 * The wall clock of a zone at an instant, as the milliseconds of the same date and time in UTC:
 * wall-clock times then compare and add as numbers, whatever the zone's offset.
 */
export function wallClock (instant: number, zone: string): number {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 }
  for (const part of formatter(zone).formatToParts(instant)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value)
  }
  const ms = ((instant % 1000) + 1000) % 1000
  return Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second, ms)
}

/**
 * The first instant at or after which the zone's clock shows `wall`, searched from `after`:
 * the wall time itself when it exists, the end of a spring-forward gap when it falls into one.
 */
export function instantOf (wall: number, zone: string, after: number): number {
  let guess = wall - (wallClock(wall, zone) - wall)
  guess = wall - (wallClock(guess, zone) - guess)
  if (guess >= after && wallClock(guess, zone) === wall) {
    // Clocks set back show it twice: the earlier showing is the first.
    const earlier = guess - HOUR
    if (earlier >= after && wallClock(earlier, zone) === wall) return earlier
    return guess
  }
  // In a gap (or behind `after`): the first instant whose clock shows it or later.
  let low = Math.max(after, wall - 15 * HOUR)
  let high = wall + 15 * HOUR
  while (high - low > 1000) {
    const middle = Math.floor((low + high) / 2 / 1000) * 1000
    if (wallClock(middle, zone) >= wall) high = middle
    else low = middle
  }
  return high
}

/** The zone's offset from UTC at an instant, in minutes. */
export function offsetMinutes (instant: number, zone: string): number {
  return Math.round((wallClock(instant, zone) - instant) / MINUTE)
}

/** `2026-05-06`: the date of a wall-clock time. */
export function dateKey (wall: number): string {
  return new Date(wall).toISOString().slice(0, 10)
}

/** The wall-clock midnight starting the day of `wall`. */
export function startOfDay (wall: number): number {
  return Math.floor(wall / DAY) * DAY
}

/** 0 for Monday … 6 for Sunday. */
export function weekday (wall: number): number {
  return (new Date(wall).getUTCDay() + 6) % 7
}

// Countries whose clocks Intl lists with several zones though nearly everyone keeps one of them.
const MAIN_ZONES: Readonly<Record<string, string>> = {
  DE: 'Europe/Berlin',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  CN: 'Asia/Shanghai',
  NZ: 'Pacific/Auckland',
  EC: 'America/Guayaquil',
  MY: 'Asia/Kuala_Lumpur',
  UA: 'Europe/Kyiv',
  CY: 'Asia/Nicosia'
}

interface LocaleZones { timeZones?: string[], getTimeZones?: () => string[] }

/** The zone a country keeps its clocks in, when it keeps one (JP, GB, FR); undefined for the US, Australia, Brazil… */
export function mainZone (country: string): string | undefined {
  const named = MAIN_ZONES[country]
  if (named !== undefined) return timeZoneName(named) ?? named
  let zones: string[] | undefined
  try {
    const locale = new Intl.Locale(`und-${country}`) as Intl.Locale & LocaleZones
    zones = locale.getTimeZones?.() ?? locale.timeZones
  } catch {
    return undefined
  }
  return zones?.length === 1 ? timeZoneName(zones[0] as string) : undefined
}
