import type { Message } from './message.js'
import type { Params } from '../params/params.js'
import type { Attributes, TwiML } from '../twiml/twiml.js'
import type { Links } from '../params/urls.js'

/** Times a caller is asked before the line says goodbye, so silence never holds a call open. */
export const ROUNDS = 3

/**
 * A question put to the caller with <Gather>, asked again after silence or a wrong answer. The
 * round rides in the twimlet's own URL (`Round`), so the service stays stateless.
 */
export interface Question {
  /** The <Gather> attributes besides its action. */
  gather: Attributes
  prompt: Message | undefined
  /** The twimlet's own URL for a round. */
  at: (round: number) => string
  round: number
  /** Said after the last round, in the call's language. */
  goodbye: string
}

export function readRound (params: Params): number {
  return params.int('Round', { min: 1, max: ROUNDS }) ?? 1
}

/** The twimlet's own URL, with the settings it carries along the call and the round. */
export function roundUrls (links: Links, twimlet: string, settings: URLSearchParams): (round: number) => string {
  // One copy for every round asked for: only Round changes, and stays last.
  const query = new URLSearchParams(settings)
  return (round) => {
    query.set('Round', String(round))
    return links.to(twimlet, query)
  }
}

/** Asks; silence falls through to the next round, or after the last one to goodbye. */
export function renderQuestion (twiml: TwiML, question: Question): TwiML {
  twiml.gather({ ...question.gather, action: question.at(question.round) }, (gather) => {
    if (question.prompt !== undefined) gather.message(question.prompt)
  })
  return question.round < ROUNDS ? twiml.redirect(question.at(question.round + 1)) : twiml.say(question.goodbye).hangup()
}

/** After a wrong answer: says so, then asks again unless that was the last round. */
export function renderWrongAnswer (twiml: TwiML, question: Question, sorry: Message): TwiML {
  twiml.message(sorry)
  if (question.round >= ROUNDS) return twiml.say(question.goodbye).hangup()
  return renderQuestion(twiml, { ...question, round: question.round + 1 })
}
