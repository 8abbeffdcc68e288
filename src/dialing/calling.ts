import { carryDialOptions, DIAL_PARAMS, dialOutcome, fitTargets, readDialOptions, renderDial, renderNotConnected, type DialOptions } from './dial.js'
import { readMessageText } from '../twimlet/message.js'
import type { Params } from '../params/params.js'
import { readRegion, type CountryCode, type RegionDefaults } from './phone.js'
import { ConfigProblem, type ProblemCode } from '../params/problems.js'
import { isInvalidNumber, type Target } from './targets.js'
import { TwiML } from '../twiml/twiml.js'
import { carrySpeech, readSpeech, type Reply, type Speaking, type SpeechDefaults } from '../twimlet/twimlet.js'
import { readUrl, withSpeech, type Links } from '../params/urls.js'

/** What every dialing twimlet (forward, simulring, findme, callme) reads from its URL. */
export interface Calling {
  dial: DialOptions
  failUrl: string | undefined
  speech: Speaking
  /** The country of numbers typed in national form; none, and numbers are dialed as typed. */
  region: CountryCode | undefined
  /** How answered legs are screened; undefined when they are not (forward). */
  screening: Screening | undefined
  /** Set on the request Twilio makes when the <Dial> has ended. */
  afterDial: boolean
}

export interface Screening {
  message: string | undefined
  humanCheck: boolean
  /**
   * The whisper says its "press any key to accept" sentence after `message`: screening is on by
   * default, not because the URL asked, so the URL's own Message cannot be counting on it.
   */
  acceptPrompt: boolean
  /** The caller's number for the whisper to announce when a CallerId shows the answered leg another. */
  callFrom: string | undefined
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

/** Says which screening applies when the URL has a Message of its own, for the check to show. */
function noteScreening (params: Params, typed: boolean | undefined, speech: Speaking): void {
  if (typed === undefined) {
    params.info('HumanCheck', `not set, so answered calls are screened (the default): after the Message the person answering hears "${speech.messages.accept}", and is hung up on without a key press`)
  } else {
    params.info('HumanCheck', 'true: the Message is said exactly as typed, so it should ask the person answering to press a key; without one they are hung up on')
  }
}

function readScreening (params: Params, dial: DialOptions, speech: Speaking, afterDial: boolean): Screening {
  const message = readMessageText(params, 'Message')
  // The answered leg's From is the callerId: the default announcement would name the line.
  const callFrom = message === undefined && dial.callerId !== undefined ? params.string('From', 64) ?? params.string('Caller', 64) : undefined
  const typed = params.bool('HumanCheck')
  const humanCheck = typed ?? HUMAN_CHECK
  // Set in the URLs this twimlet writes, so the rest of the call screens alike.
  const carried = params.bool('AcceptPrompt')
  if (humanCheck && message !== undefined && carried === undefined && !afterDial) noteScreening(params, typed, speech)
  return { message, humanCheck, acceptPrompt: humanCheck && message !== undefined && (carried ?? typed === undefined), callFrom }
}

export function readCalling (params: Params, defaults: CallingDefaults, config: CallingConfig): Calling {
  const region = readRegion(params, config)
  const dial = readDialOptions(params, { timeout: defaults.timeout, region, defaultCallerId: config.defaultCallerId })
  const speech = readSpeech(params, config)
  const failUrl = readUrl(params, 'FailUrl', 'callers are hung up on instead of being sent there')
  const afterDial = params.has('Dial')
  return {
    dial,
    failUrl: failUrl === undefined ? undefined : withSpeech(failUrl, speech.carried),
    speech,
    region,
    screening: defaults.screened ? readScreening(params, dial, speech, afterDial) : undefined,
    afterDial
  }
}

/** The names readCalling reads, for a dialing twimlet's `params`. */
export function callingParams (defaults: Pick<CallingDefaults, 'screened'>): string[] {
  return [...DIAL_PARAMS, 'FailUrl', 'Region', 'Language', 'Voice', ...(defaults.screened ? ['Message', 'HumanCheck', 'AcceptPrompt'] : [])]
}

/** Why a URL has nothing to dial. */
function noTargets (typed: readonly string[], region: CountryCode | undefined): { code: ProblemCode, detail: string } {
  if (typed.some((text) => isInvalidNumber(text, region))) return { code: 'TW_BAD_NUMBER', detail: `no number that can be valid in ${region ?? 'its country'}` }
  return { code: 'TW_NO_TARGET', detail: typed.length === 0 ? 'missing' : 'no usable target' }
}

export interface NoTargets {
  /** The parameter the targets were typed in, and what it held. */
  param: string
  typed: readonly string[]
  calling: Calling
  links: Links
}

/**
 * A URL with nothing to dial cannot make a call: the caller goes to the FailUrl, as the hosted
 * Twimlets sent them, or without one hears why (the ConfigProblem thrown).
 */
export function renderNoTargets (params: Params, { param, typed, calling, links }: NoTargets): Reply {
  const { code, detail } = noTargets(typed, calling.region)
  if (calling.failUrl === undefined) throw new ConfigProblem(code, param, detail)
  params.warn(param, `${detail}: nothing to dial, so callers are sent to the FailUrl`)
  return { stage: 'no-target', twiml: new TwiML(calling.speech).redirect(links.typed(calling.failUrl)) }
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
    if (calling.screening.acceptPrompt) query.set('AcceptPrompt', 'true')
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
