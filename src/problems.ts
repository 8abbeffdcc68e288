/**
 * Configuration problems a caller may hit. Each is declared once: a code for the logs, and
 * the sentence the caller hears instead of a failed call.
 */
export const Problems = {
  TW_NO_TARGET: 'Sorry, this line is not set up yet: it has no number to call. Good bye.',
  TW_URL_TOO_LONG: 'Sorry, this line is set up with more information than a call can carry. Good bye.'
} as const

export type ProblemCode = keyof typeof Problems

/** Thrown by a twimlet when its URL cannot make a working call; the app answers with speech. */
export class ConfigProblem extends Error {
  readonly spoken: string

  constructor (readonly code: ProblemCode, readonly param: string, detail: string) {
    super(`${param}: ${detail}`)
    this.name = 'ConfigProblem'
    this.spoken = Problems[code]
  }
}
