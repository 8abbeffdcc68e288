import { actionQuery, callingParams, readCalling, renderAfterDial, renderDialStep, requireTargets } from '../src/calling.js'
import type { Reply, Twimlet } from '../src/twimlet.js'

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
    const targets = requireTargets(params, 'PhoneNumber', phone === undefined ? [] : [phone], calling.region)
    const action = links.to('callme', actionQuery(calling, false))
    return { stage: 'dial', twiml: renderDialStep(params, { calling, targets, action, links, param: 'PhoneNumber' }) }
  }
}
