import { readClosed, type ClosedDays } from './closed.js'
import { holidayCalendar, holidaysName, type HolidayCalendar } from './holidays.js'
import { Schedule } from './schedule.js'
import { readOpening, type Opening } from './week.js'
import { mainZone } from './zone.js'
import type { Config } from '../config.js'
import { readRegion } from '../dialing/phone.js'
import { timeZoneName } from '../mail/time-zone.js'
import type { Params } from '../params/params.js'
import { ConfigProblem } from '../params/problems.js'
import { readUrl, withSpeech } from '../params/urls.js'
import { readMessage, type Message } from '../twimlet/message.js'
import { readSpeech, type Speaking } from '../twimlet/twimlet.js'

/** Without a TimeZone, the operator's, else the region's, else this one. */
const FALLBACK_ZONE = 'UTC'
const LONGEST_ENTRY = 200

export interface HoursOptions {
  schedule: Schedule
  openUrl: string
  closedUrl: string | undefined
  /** Said or played while closed: the URL's ClosedMessage, else the default when there is no ClosedUrl. */
  closedMessage: Message | undefined
  speech: Speaking
}

/** Each `Open[]` entry; an unreadable one is an error, and the line is not answered on a guess. */
function readOpenings (params: Params): Opening[] | undefined {
  const typed = params.list('Open')
  if (typed.length === 0) {
    params.info('Open', 'not given: open around the clock, except on holidays and closed days')
    return [{ days: [0, 1, 2, 3, 4, 5, 6], start: 0, end: 24 * 60 }]
  }
  let bad = false
  const openings: Opening[] = []
  for (const text of typed) {
    const read = readOpening(text.slice(0, LONGEST_ENTRY))
    if (read.ok) {
      openings.push(read.value)
      if (read.note !== undefined) params.warn('Open', `"${text.slice(0, 80)}" ${read.note}`)
    } else {
      bad = true
      params.error('Open', `"${text.slice(0, 80)}" ${read.reason}`)
    }
  }
  return bad ? undefined : openings
}

function readClosedDays (params: Params): ClosedDays[] | undefined {
  let bad = false
  const days: ClosedDays[] = []
  for (const text of params.list('Closed')) {
    const read = readClosed(text.slice(0, LONGEST_ENTRY))
    if (read.ok) days.push(read.value)
    else {
      bad = true
      params.error('Closed', `"${text.slice(0, 80)}" ${read.reason}`)
    }
  }
  return bad ? undefined : days
}

/** TimeZone, else DEFAULT_TIME_ZONE, else the zone of Region or DEFAULT_REGION when it keeps one, else UTC; the check says which. */
function readZone (params: Params, config: Config): string {
  const typed = params.string('TimeZone', 64)
  if (typed !== undefined) {
    const zone = timeZoneName(typed)
    if (zone === undefined) throw new ConfigProblem('TW_BAD_TIME_ZONE', 'TimeZone', `"${typed}" is not an IANA time zone, such as Asia/Tokyo or America/New_York`)
    return zone
  }
  if (config.defaultTimeZone !== undefined) {
    params.info('TimeZone', `not given: ${config.defaultTimeZone}, the operator's DEFAULT_TIME_ZONE`)
    return config.defaultTimeZone
  }
  const region = readRegion(params, config)
  const zone = region === undefined ? undefined : mainZone(region)
  if (region !== undefined && zone !== undefined) {
    params.info('TimeZone', `not given: ${zone}, the time zone of ${region} (${params.has('Region') ? 'Region' : 'DEFAULT_REGION'})`)
    return zone
  }
  const why = region === undefined ? 'no Region nor DEFAULT_REGION' : `${region} keeps several time zones`
  params.warn('TimeZone', `not given: ${FALLBACK_ZONE} (${why}, no DEFAULT_TIME_ZONE); write the line's zone, such as America/New_York`)
  return FALLBACK_ZONE
}

/** The holidays named, once the holiday library is loaded (loadHolidays). */
function readHolidays (params: Params): HolidayCalendar | undefined {
  const typed = params.string('Holidays', 32)
  if (typed === undefined) return undefined
  const name = holidaysName(typed)
  const calendar = name === undefined
    ? `"${typed}" is not a country code such as JP, US or GB, or a subdivision such as US-CA or DE-BY`
    : holidayCalendar(name.country, name.state)
  if (typeof calendar === 'string') throw new ConfigProblem('TW_BAD_HOLIDAYS', 'Holidays', calendar)
  return calendar
}

/** An hours URL's settings; the holiday library must be loaded when it names Holidays. */
export function parseHours (params: Params, config: Config): HoursOptions {
  const speech = readSpeech(params, config)
  const openUrl = readUrl(params, 'OpenUrl', 'callers are told the line is not set up')
  if (openUrl === undefined) {
    throw new ConfigProblem('TW_NO_OPEN_URL', 'OpenUrl', params.has('OpenUrl') ? 'not a URL callers can be sent to' : 'missing: where calls go during business hours')
  }
  const closedUrl = readUrl(params, 'ClosedUrl', 'callers hear the closed message and the call ends')
  const openings = readOpenings(params)
  const closed = readClosedDays(params)
  if (openings === undefined) throw new ConfigProblem('TW_BAD_HOURS', 'Open', 'an entry could not be read: the line would be closed when it was meant to be open')
  if (closed === undefined) throw new ConfigProblem('TW_BAD_HOURS', 'Closed', 'an entry could not be read: the line would be open when it was meant to be closed')
  const zone = readZone(params, config)
  const holidays = readHolidays(params)
  const typedMessage = readMessage(params, 'ClosedMessage')
  return {
    schedule: new Schedule({ zone, openings, closed, holidays }),
    openUrl: withSpeech(openUrl, speech.carried),
    closedUrl: closedUrl === undefined ? undefined : withSpeech(closedUrl, speech.carried),
    closedMessage: typedMessage ?? (closedUrl === undefined ? { kind: 'say', text: speech.messages.hoursClosed } : undefined),
    speech
  }
}
