import { actionQuery, callingParams, readCalling, renderAfterDial, renderDialStep, requireTargets } from '../src/calling.js'
import { Limits } from '../src/limits.js'
import type { Reply, Twimlet } from '../src/twimlet.js'

const TIMEOUT = 20

/** Rings every number at once; the first to accept is connected. */
export const simulring: Twimlet = {
  name: 'simulring',
  pure: true,
  params: ['PhoneNumbers', ...callingParams({ screened: true })],
  handle ({ params, links, services }): Reply {
    const calling = readCalling(params, { timeout: TIMEOUT, screened: true }, services.config)
    if (calling.afterDial) return renderAfterDial(params, calling)
    const targets = requireTargets(params, 'PhoneNumbers', params.list('PhoneNumbers', Limits.dialTargets), calling.region)
    const action = links.to('simulring', actionQuery(calling, false))
    return { stage: 'dial', twiml: renderDialStep(params, { calling, targets, action, links, param: 'PhoneNumbers' }) }
  }
}
