import type { Params } from '../params/params.js'
import type { ProblemCode } from '../params/problems.js'
import { TwiML } from '../twiml/twiml.js'
import { readSpeech, type SpeechDefaults } from '../twimlet/twimlet.js'

/** What a caller hears instead of a call the URL cannot make: the problem, in the call's language. */
export function problemAnswer (code: ProblemCode, params: Params, defaults: SpeechDefaults): TwiML {
  const speech = readSpeech(params, defaults)
  return new TwiML(speech).say(speech.messages.problems[code]).hangup()
}
