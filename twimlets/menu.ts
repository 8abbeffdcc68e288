import { readRound, renderQuestion, renderWrongAnswer, roundUrls, type Question } from '../src/twimlet/asking.js'
import { messageParam, readMessage, type Message } from '../src/twimlet/message.js'
import type { Params } from '../src/params/params.js'
import { ConfigProblem } from '../src/params/problems.js'
import { TwiML } from '../src/twiml/twiml.js'
import { carrySpeech, readSpeech, type Reply, type Speaking, type SpeechDefaults, type Twimlet } from '../src/twimlet/twimlet.js'
import { twilioUrl, urlProblem, withSpeech, type Links } from '../src/params/urls.js'

// What a keypad can send: "#" is not here because it ends the entry.
const OPTION_KEY = /^[0-9*]{1,10}$/

interface MenuOptions {
  message: Message | undefined
  errorMessage: Message | undefined
  /** Keys as typed ("01" and "1" differ) to the URL each leads to. */
  options: Map<string, string>
  speech: Speaking
  round: number
  digits: string | undefined
}

/** Each option's URL, with the menu's Language and Voice when it leads to a twimlet of this service that sets neither. */
function readOptions (params: Params, speech: Speaking): Map<string, string> {
  const options = new Map<string, string>()
  for (const [key, typed] of params.map('Options')) {
    const param = `Options[${key.slice(0, 20)}]`
    const url = twilioUrl(typed)
    if (!OPTION_KEY.test(key)) params.warn(param, 'is not keys a caller can press (digits and *); ignored')
    else if (url === undefined) params.error(param, `${urlProblem(typed)}; callers who press ${key.slice(0, 20)} hear that it is not a valid option instead of being sent there`)
    else options.set(key, withSpeech(url, speech.carried))
  }
  if (options.size === 0) throw new ConfigProblem('TW_NO_OPTIONS', 'Options', 'no usable option')
  return options
}

function parse (params: Params, defaults: SpeechDefaults): MenuOptions {
  const message = readMessage(params, 'Message')
  if (message === undefined) params.warn('Message', 'missing: the caller hears no menu, only silence')
  const speech = readSpeech(params, defaults)
  return {
    message,
    errorMessage: readMessage(params, 'ErrorMessage'),
    options: readOptions(params, speech),
    speech,
    round: readRound(params),
    digits: params.has('Digits') ? (params.raw('Digits') ?? '').trim() : undefined
  }
}

/** Everything the menu needs again when the caller answers or stays silent. */
function settings (menu: MenuOptions): URLSearchParams {
  const query = new URLSearchParams()
  if (menu.message !== undefined) query.set('Message', messageParam(menu.message))
  if (menu.errorMessage !== undefined) query.set('ErrorMessage', messageParam(menu.errorMessage))
  for (const [key, url] of menu.options) query.set(`Options[${key}]`, url)
  return carrySpeech(menu.speech, query)
}

function question (menu: MenuOptions, links: Links): Question {
  return {
    gather: { numDigits: Math.max(...[...menu.options.keys()].map((key) => key.length)) },
    prompt: menu.message,
    at: roundUrls(links, 'menu', settings(menu)),
    round: menu.round,
    goodbye: menu.speech.messages.goodbye
  }
}

/** Plays the menu and sends the caller to the URL of the option keyed in. */
export const menu: Twimlet = {
  name: 'menu',
  pure: true,
  params: ['Message', 'ErrorMessage', 'Options', 'Language', 'Voice'],
  handle ({ params, links, services }): Reply {
    const options = parse(params, services.config)
    const asking = question(options, links)
    const twiml = new TwiML(options.speech)
    if (options.digits === undefined) {
      return { stage: options.round === 1 ? 'prompt' : 'repeat', twiml: renderQuestion(twiml, asking) }
    }
    const url = options.options.get(options.digits)
    if (url !== undefined) return { stage: 'option', twiml: twiml.redirect(links.typed(url)) }
    return { stage: 'invalid', twiml: renderWrongAnswer(twiml, asking, options.errorMessage ?? { kind: 'say', text: options.speech.messages.invalidOption }) }
  }
}
