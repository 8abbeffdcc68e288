import { actionQuery, callingParams, readCalling, renderDialStep, renderNoTargets, type Calling } from '../src/dialing/calling.js'
import { dialOutcome, renderNotConnected } from '../src/dialing/dial.js'
import { Limits } from '../src/params/limits.js'
import type { Params } from '../src/params/params.js'
import { readTargets, type Target } from '../src/dialing/targets.js'
import { TwiML } from '../src/twiml/twiml.js'
import type { Reply, Twimlet } from '../src/twimlet/twimlet.js'
import type { Links } from '../src/params/urls.js'

const TIMEOUT = 60

/**
 * Dials the first number; the action URL carries the numbers still to try (in E.164 when typed
 * in national form with a region), so each request after a dial that did not connect rings the
 * next one.
 */
function renderNext (params: Params, links: Links, calling: Calling, targets: Target[]): TwiML {
  const [first, ...rest] = targets as [Target, ...Target[]]
  const query = actionQuery(calling, true)
  for (const target of rest) query.append('PhoneNumbers[]', target.text)
  const action = links.to('findme', query)
  return renderDialStep(params, { calling, targets: [first], action, links, param: 'PhoneNumbers' })
}

export const findme: Twimlet = {
  name: 'findme',
  pure: true,
  params: ['PhoneNumbers', ...callingParams({ screened: true })],
  handle ({ params, links, services }): Reply {
    const calling = readCalling(params, { timeout: TIMEOUT, screened: true }, services.config)
    // The hosted Twimlet kept the last ten of a longer list; the first ten are the ones meant.
    const typed = params.list('PhoneNumbers', Limits.dialTargets)
    if (!calling.afterDial) {
      const targets = readTargets(params, 'PhoneNumbers', typed, calling.region)
      if (targets.length === 0) return renderNoTargets(params, { param: 'PhoneNumbers', typed, calling, links })
      return { stage: 'dial', twiml: renderNext(params, links, calling, targets) }
    }
    const outcome = dialOutcome(params)
    if (outcome !== 'not-connected') return { stage: outcome, twiml: new TwiML(calling.speech).hangup() }
    const remaining = readTargets(params, 'PhoneNumbers', typed, calling.region)
    if (remaining.length > 0) return { stage: 'dial-next', twiml: renderNext(params, links, calling, remaining) }
    return { stage: 'failed', twiml: renderNotConnected(new TwiML(calling.speech), calling.failUrl) }
  }
}
