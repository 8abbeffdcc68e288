import type { Catalog } from '../i18n/catalog.js'
import { languageCode, languageName } from '../i18n/language-code.js'
import { messages } from '../i18n/messages.js'
import { voiceFit } from '../i18n/voices.js'
import type { Params } from '../params/params.js'
import type { Services } from '../services.js'
import type { Speech, TwiML } from '../twiml/twiml.js'
import type { Links } from '../params/urls.js'

export interface TwimletRequest {
  params: Params
  links: Links
  services: Services
}

export interface Reply {
  /** Which step of the call this answer is, for logs and metrics. */
  stage: string
  twiml: TwiML
  /**
   * Set when answering did something (queued an e-mail): such an answer is never given again,
   * so every request of that stage is run.
   */
  effects?: boolean
  /**
   * The HTTP status when not 200: only for a callback whose answer Twilio does not play to the
   * caller, to have Twilio's own error log show that the request failed.
   */
  status?: number
  /**
   * For an answer that depends on the clock (hours): the instant (ms since the epoch) from which
   * it may differ. The response cache gives it again only before then.
   */
  until?: number
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
   * clock. Such answers may be given again to requests that read the same values. A stage that
   * does I/O marks its Reply with `effects`; one that reads the clock says with `until` when
   * its answer may change.
   */
  pure?: boolean
  handle: (request: TwimletRequest) => Reply | Promise<Reply>
}

const VOICE = /^[a-z0-9][\w.-]{0,63}$/i

/** The operator's settings that apply to every twimlet's speech. */
export interface SpeechDefaults {
  /** DEFAULT_LANGUAGE: for URLs without a `Language`. */
  defaultLanguage?: string | undefined
}

/**
 * How a twimlet speaks: every <Say> gets `language` and `voice`, and the service's own sentences
 * come from `messages`, in that language.
 */
export interface Speaking extends Speech {
  messages: Catalog
  /** What the URL asked for, carried into the URLs of the call's next steps; the operator's default is not. */
  carried: Speech
}

function readLanguage (params: Params): string | undefined {
  const text = params.string('Language', 64)
  if (text === undefined) return undefined
  const code = languageCode(text)
  if (code === undefined) params.warn('Language', `"${text}" is not a language Twilio knows; ignored`)
  // Twilio refuses a <Say> whose language it does not know: the caller would hear nothing.
  else if (code.toLowerCase() !== text.toLowerCase()) params.warn('Language', `"${text}" is read as ${code} (${languageName(code)}), the code Twilio takes`)
  return code
}

function readVoice (params: Params, language: string | undefined): string | undefined {
  const voice = params.string('Voice', 64)
  if (voice === undefined) return undefined
  if (!VOICE.test(voice)) {
    params.warn('Voice', `"${voice}" is not a voice Twilio knows; ignored`)
    return undefined
  }
  if (language === undefined) return voice
  const fit = voiceFit(voice, language)
  if (fit.kind === 'fits') return fit.voice
  if (fit.kind === 'unknown') return voice
  // Twilio fails a <Say> whose voice cannot speak its language: the caller would hear nothing.
  params.warn('Voice', `"${voice}" speaks ${fit.speaks}, not ${language}; ignored, so Twilio's own voice for ${language} speaks`)
  return undefined
}

/**
 * `Language` (else the operator's DEFAULT_LANGUAGE) and `Voice` apply to every <Say> of a
 * twimlet; the language also chooses the sentences the service says itself.
 */
export function readSpeech (params: Params, defaults: SpeechDefaults): Speaking {
  const typed = readLanguage(params)
  const language = typed ?? defaults.defaultLanguage
  const voice = readVoice(params, language)
  return { language, voice, messages: messages(language), carried: { language: typed, voice } }
}

export function carrySpeech (speech: Speaking, query: URLSearchParams): URLSearchParams {
  if (speech.carried.language !== undefined) query.set('Language', speech.carried.language)
  if (speech.carried.voice !== undefined) query.set('Voice', speech.carried.voice)
  return query
}
