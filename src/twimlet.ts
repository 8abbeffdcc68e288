import type { Params } from './params.js'
import type { Services } from './services.js'
import type { Speech, TwiML } from './twiml.js'
import type { Links } from './urls.js'

export interface TwimletRequest {
  params: Params
  links: Links
  services: Services
}

export interface Reply {
  /** Which step of the call this answer is, for logs and metrics. */
  stage: string
  twiml: TwiML
}

/** A twimlet turns one request's parameters into the next TwiML of the call. */
export interface Twimlet {
  name: string
  /**
   * The parameters a user may put in this twimlet's URL, as typed (lists without brackets); the
   * URL builder reports any other name. Undefined when not declared.
   */
  params?: readonly string[]
  /**
   * True when the answer depends on nothing but the parameters read: no I/O, no chance, no
   * clock. Such answers may be given again to requests that read the same values.
   */
  pure?: boolean
  handle: (request: TwimletRequest) => Reply | Promise<Reply>
}

const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{2,8}){0,2}$/i
const VOICE = /^[a-z0-9][\w.-]{0,63}$/i

function checked (params: Params, name: string, re: RegExp): string | undefined {
  const text = params.string(name, 64)
  if (text === undefined || re.test(text)) return text
  params.warn(name, `"${text}" is not a ${name.toLowerCase()} Twilio knows; ignored`)
  return undefined
}

/** `Language` and `Voice` apply to every <Say> of a twimlet. */
export function readSpeech (params: Params): Speech {
  return { language: checked(params, 'Language', LANGUAGE), voice: checked(params, 'Voice', VOICE) }
}

export function carrySpeech (speech: Speech, query: URLSearchParams): URLSearchParams {
  if (speech.language !== undefined) query.set('Language', speech.language)
  if (speech.voice !== undefined) query.set('Voice', speech.voice)
  return query
}
