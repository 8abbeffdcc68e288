import { actionQuery, callingParams, readCalling, renderAfterDial, renderDialStep, renderNoTargets } from '../src/dialing/calling.js'
import { readTargets } from '../src/dialing/targets.js'
import type { Reply, Twimlet } from '../src/twimlet/twimlet.js'

const TIMEOUT = 20

/** forward, with the screening whisper on the answered leg. */
export const callme: Twimlet = {
  name: 'callme',
  pure: true,
  params: ['PhoneNumber', ...callingParams({ screened: true })],
  handle ({ params, links, services }): Reply {
    const calling = readCalling(params, { timeout: TIMEOUT, screened: true }, services.config)
    if (calling.afterDial) return renderAfterDial(params, calling)
    const phone = params.string('PhoneNumber')
    const typed = phone === undefined ? [] : [phone]
    const targets = readTargets(params, 'PhoneNumber', typed, calling.region)
    if (targets.length === 0) return renderNoTargets(params, { param: 'PhoneNumber', typed, calling, links })
    const action = links.to('callme', actionQuery(calling, false))
    return { stage: 'dial', twiml: renderDialStep(params, { calling, targets, action, links, param: 'PhoneNumber' }) }
  }
}
