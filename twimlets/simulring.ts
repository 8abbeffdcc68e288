import { actionQuery, callingParams, readCalling, renderAfterDial, renderDialStep, renderNoTargets } from '../src/dialing/calling.js'
import { Limits } from '../src/params/limits.js'
import { readTargets } from '../src/dialing/targets.js'
import type { Reply, Twimlet } from '../src/twimlet/twimlet.js'

const TIMEOUT = 20

/** Rings every number at once; the first to accept is connected. */
export const simulring: Twimlet = {
  name: 'simulring',
  pure: true,
  params: ['PhoneNumbers', ...callingParams({ screened: true })],
  handle ({ params, links, services }): Reply {
    const calling = readCalling(params, { timeout: TIMEOUT, screened: true }, services.config)
    if (calling.afterDial) return renderAfterDial(params, calling)
    const typed = params.list('PhoneNumbers', Limits.dialTargets)
    const targets = readTargets(params, 'PhoneNumbers', typed, calling.region)
    if (targets.length === 0) return renderNoTargets(params, { param: 'PhoneNumbers', typed, calling, links })
    const action = links.to('simulring', actionQuery(calling, false))
    return { stage: 'dial', twiml: renderDialStep(params, { calling, targets, action, links, param: 'PhoneNumbers' }) }
  }
}
