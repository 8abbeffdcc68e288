import { parseHours } from '../src/hours/options.js'
import { holidaysLoaded, loadHolidays } from '../src/hours/holidays.js'
import { TwiML } from '../src/twiml/twiml.js'
import type { Reply, Twimlet, TwimletRequest } from '../src/twimlet/twimlet.js'

function answer ({ params, links, services }: TwimletRequest): Reply {
  const hours = parseHours(params, services.config)
  const now = services.clock()
  const until = hours.schedule.validUntil(now)
  const twiml = new TwiML(hours.speech)
  if (hours.schedule.isOpen(now)) return { stage: 'open', twiml: twiml.redirect(links.typed(hours.openUrl)), until }
  if (hours.closedMessage !== undefined) twiml.message(hours.closedMessage)
  if (hours.closedUrl === undefined) twiml.hangup()
  else twiml.redirect(links.typed(hours.closedUrl))
  return { stage: 'closed', twiml, until }
}

/** Business hours: sends the caller to OpenUrl while open, else to ClosedUrl or a closed message. */
export const hours: Twimlet = {
  name: 'hours',
  pure: true,
  params: ['Open', 'TimeZone', 'Holidays', 'Closed', 'OpenUrl', 'ClosedUrl', 'ClosedMessage', 'Region', 'Language', 'Voice'],
  handle (request): Reply | Promise<Reply> {
    // The holiday library loads with the first URL that names holidays; then every answer is at once.
    if (request.params.has('Holidays') && !holidaysLoaded()) return loadHolidays().then(() => answer(request))
    return answer(request)
  }
}
