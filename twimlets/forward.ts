import { actionQuery, callingParams, readCalling, renderAfterDial, renderDialStep, renderNoTargets } from '../src/dialing/calling.js'
import { readMessage, type Message } from '../src/twimlet/message.js'
import type { Params } from '../src/params/params.js'
import type { CountryCode } from '../src/dialing/phone.js'
import { callerKey, callMatches } from '../src/dialing/callers.js'
import { readTargets } from '../src/dialing/targets.js'
import { TwiML } from '../src/twiml/twiml.js'
import type { Reply, Twimlet } from '../src/twimlet/twimlet.js'

const TIMEOUT = 20

/**
 * True when the call may go on: no list, or the caller or the called number is on it. A list
 * whose entries are all unreadable still restricts the line: it lets nobody in.
 */
function allowed (params: Params, region: CountryCode | undefined): boolean {
  const typed = params.list('AllowedCallers')
  if (typed.length === 0) return true
  const callers = typed.filter((caller) => {
    if (callerKey(caller, region) !== undefined) return true
    params.warn('AllowedCallers', `"${caller.slice(0, 80)}" is not a phone number, client: name or sip: address; it matches no caller`)
    return false
  })
  if (callers.length === 0) params.error('AllowedCallers', 'no entry is a phone number, client: name or sip: address: every caller is refused')
  return callMatches(params, callers, region)
}

export const forward: Twimlet = {
  name: 'forward',
  pure: true,
  params: ['PhoneNumber', 'AllowedCallers', 'AccessRestricted', ...callingParams({ screened: false })],
  handle ({ params, links, services }): Reply {
    const calling = readCalling(params, { timeout: TIMEOUT, screened: false }, services.config)
    if (calling.afterDial) return renderAfterDial(params, calling)
    if (!allowed(params, calling.region)) {
      const refusal: Message = readMessage(params, 'AccessRestricted') ?? { kind: 'say', text: calling.speech.messages.restricted }
      return { stage: 'restricted', twiml: new TwiML(calling.speech).message(refusal) }
    }
    const phone = params.string('PhoneNumber')
    const typed = phone === undefined ? [] : [phone]
    const targets = readTargets(params, 'PhoneNumber', typed, calling.region)
    if (targets.length === 0) return renderNoTargets(params, { param: 'PhoneNumber', typed, calling, links })
    const action = links.to('forward', actionQuery(calling, false))
    return { stage: 'dial', twiml: renderDialStep(params, { calling, targets, action, links, param: 'PhoneNumber' }) }
  }
}
