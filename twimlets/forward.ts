import { actionQuery, callingParams, readCalling, renderAfterDial, renderDialStep, requireTargets } from '../src/calling.js'
import { readMessage, type Message } from '../src/message.js'
import type { Params } from '../src/params.js'
import { callMatches, phoneKey } from '../src/targets.js'
import { TwiML } from '../src/twiml.js'
import type { Reply, Twimlet } from '../src/twimlet.js'

const TIMEOUT = 20
const ACCESS_RESTRICTED: Message = { kind: 'say', text: 'Sorry, you are calling from a restricted number. Good bye.' }

/** True when the call may go on: no list, or the caller or the called number is on it. */
function allowed (params: Params): boolean {
  const list = params.list('AllowedCallers').filter((number) => phoneKey(number) !== '')
  return list.length === 0 || callMatches(params, list)
}

export const forward: Twimlet = {
  name: 'forward',
  pure: true,
  params: ['PhoneNumber', 'AllowedCallers', 'AccessRestricted', ...callingParams({ screened: false })],
  handle ({ params, links }): Reply {
    const calling = readCalling(params, { timeout: TIMEOUT, screened: false })
    if (calling.afterDial) return renderAfterDial(params, calling)
    if (!allowed(params)) {
      const refusal = readMessage(params, 'AccessRestricted') ?? ACCESS_RESTRICTED
      return { stage: 'restricted', twiml: new TwiML(calling.speech).message(refusal) }
    }
    const phone = params.string('PhoneNumber')
    const targets = requireTargets(params, 'PhoneNumber', phone === undefined ? [] : [phone])
    const action = links.to('forward', actionQuery(calling, false))
    return { stage: 'dial', twiml: renderDialStep(params, { calling, targets, action, links, param: 'PhoneNumber' }) }
  }
}
