import { carryDialOptions, DIAL_PARAMS, dialOutcome, fitTargets, readDialOptions, renderDial, renderNotConnected, type DialOptions } from './dial.js'
import { readMessageText } from './message.js'
import type { Params } from './params.js'
import { readRegion, type CountryCode, type RegionDefaults } from './phone.js'
import { ConfigProblem } from './problems.js'
import { isInvalidNumber, readTargets, type Target } from './targets.js'
import { TwiML } from './twiml.js'
import { carrySpeech, readSpeech, type Reply, type Speaking, type SpeechDefaults } from './twimlet.js'
import { readUrl, type Links } from './urls.js'

/** What every dialing twimlet (forward, simulring, findme, callme) reads from its URL. */
export interface Calling {
  dial: DialOptions
  failUrl: string | undefined
  speech: Speaking
  /** The country of numbers typed in national form; none, and numbers are dialed as typed. */
  region: CountryCode | undefined
  /**
   * How answered legs are screened; undefined when they are not (forward). `callFrom` is the
   * caller's number for the whisper to announce when a CallerId shows the answered leg another.
   */
  screening: { message: string | undefined, humanCheck: boolean, callFrom: string | undefined } | undefined
  /** Set on the request Twilio makes when the <Dial> has ended. */
  afterDial: boolean
}

export interface CallingDefaults {
  timeout: number
  screened: boolean
}

// Screening is on by default wherever a twimlet whispers: otherwise a voicemail box that
// answers first takes the call.
const HUMAN_CHECK = true

/** The operator's settings the dialing twimlets follow. */
export interface CallingConfig extends SpeechDefaults, RegionDefaults {
  defaultCallerId?: string | undefined
}

function readScreening (params: Params, dial: DialOptions): Calling['screening'] {
  const message = readMessageText(params, 'Message')
  // The answered leg's From is the callerId: the default announcement would name the line.
  const callFrom = message === undefined && dial.callerId !== undefined ? params.string('From', 64) ?? params.string('Caller', 64) : undefined
  return { message, humanCheck: params.bool('HumanCheck') ?? HUMAN_CHECK, callFrom }
}

export function readCalling (params: Params, defaults: CallingDefaults, config: CallingConfig): Calling {
  const region = readRegion(params, config)
  const dial = readDialOptions(params, { timeout: defaults.timeout, region, defaultCallerId: config.defaultCallerId })
  return {
    dial,
    failUrl: readUrl(params, 'FailUrl'),
    speech: readSpeech(params, config),
    region,
    screening: defaults.screened ? readScreening(params, dial) : undefined,
    afterDial: params.has('Dial')
  }
}

/** The names readCalling reads, for a dialing twimlet's `params`. */
export function callingParams (defaults: Pick<CallingDefaults, 'screened'>): string[] {
  return [...DIAL_PARAMS, 'FailUrl', 'Region', 'Language', 'Voice', ...(defaults.screened ? ['Message', 'HumanCheck'] : [])]
}

/** Reads the targets to ring; a URL with none cannot make a call. */
export function requireTargets (params: Params, param: string, typed: readonly string[], region: CountryCode | undefined): Target[] {
  const targets = readTargets(params, param, typed, region)
  if (targets.length > 0) return targets
  if (typed.some((text) => isInvalidNumber(text, region))) throw new ConfigProblem('TW_BAD_NUMBER', param, `no number that can be valid in ${region ?? 'its country'}`)
  throw new ConfigProblem('TW_NO_TARGET', param, typed.length === 0 ? 'missing' : 'no usable target')
}

/**
 * The query of the action URL: `Dial=true` marks the request Twilio makes when the dial ends,
 * and with `all`, every setting rides along for a twimlet that dials again (findme).
 */
export function actionQuery (calling: Calling, all: boolean): URLSearchParams {
  const query = new URLSearchParams({ Dial: 'true' })
  if (calling.failUrl !== undefined) query.set('FailUrl', calling.failUrl)
  if (!all) return query
  carryDialOptions(calling.dial, query)
  return carryScreening(calling, query)
}

function carryScreening (calling: Calling, query: URLSearchParams): URLSearchParams {
  if (calling.screening !== undefined) {
    if (calling.screening.message !== undefined) query.set('Message', calling.screening.message)
    query.set('HumanCheck', String(calling.screening.humanCheck))
  }
  return carrySpeech(calling.speech, query)
}

/** The screening document (the whisper twimlet) attached to each leg a dialing twimlet rings. */
function whisperLink (links: Links, calling: Calling): string | undefined {
  if (calling.screening === undefined) return undefined
  const query = carryScreening(calling, new URLSearchParams())
  if (calling.screening.callFrom !== undefined) query.set('CallFrom', calling.screening.callFrom)
  return links.to('whisper', query)
}

export interface DialStep {
  calling: Calling
  targets: Target[]
  action: string
  links: Links
  param: string
}

export function renderDialStep (params: Params, step: DialStep): TwiML {
  const { targets, options } = fitTargets(params, step.param, step.targets, step.calling.dial)
  const whisper = whisperLink(step.links, step.calling)
  return renderDial(new TwiML(step.calling.speech), { options, targets, action: step.action, whisper })
}

/** The request after a single <Dial>: done when connected, otherwise the FailUrl. */
export function renderAfterDial (params: Params, calling: Calling): Reply {
  const outcome = dialOutcome(params)
  const twiml = new TwiML(calling.speech)
  if (outcome === 'not-connected') return { stage: 'failed', twiml: renderNotConnected(twiml, calling.failUrl) }
  return { stage: outcome, twiml: twiml.hangup() }
}
