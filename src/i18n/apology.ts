import { queryOf } from '../http/answer.js'
import { Params } from '../params/params.js'
import { TwiML } from '../twiml/twiml.js'
import { readSpeech, type SpeechDefaults } from '../twimlet/twimlet.js'

/** The document for a request a twimlet failed to answer: an apology, in the call's language. */
export function apology (request: { url: string, body?: unknown }, defaults: SpeechDefaults): string {
  const search = (request.body as { search?: unknown } | undefined)?.search
  const params = Params.fromSearch(queryOf(request.url), typeof search === 'string' ? search : undefined)
  const speech = readSpeech(params, defaults)
  return new TwiML(speech).say(speech.messages.apology).hangup().toString()
}
