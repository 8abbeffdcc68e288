/**
 * Configuration problems a caller may hit. Each is declared once: a code for the logs, and
 * the sentence the caller hears instead of a failed call, in English; the message catalog
 * (src/i18n) holds it in every other language, and a code missing there is a type error.
 */
export const Problems = {
  TW_NO_TARGET: 'Sorry, this line is not set up yet: it has no number to call. Good bye.',
  TW_URL_TOO_LONG: 'Sorry, this line is set up with more information than a call can carry. Good bye.',
  TW_TWIML_TOO_LARGE: 'Sorry, this line is set up with more to say than a call can carry. Good bye.',
  TW_NO_OPTIONS: 'Sorry, this menu is not set up yet: it has no options to choose from. Good bye.',
  TW_BAD_PASSWORD: 'Sorry, this conference line is set up with a pass code that cannot be typed on a phone keypad. Good bye.',
  TW_NO_TWIML: 'Sorry, this line is not set up yet: it has no instructions for the call. Good bye.',
  TW_BAD_TWIML: 'Sorry, this line is set up with instructions that could not be read. Good bye.',
  TW_NO_EMAIL: 'Sorry, this voicemail box is not set up yet: it has no e-mail address to send messages to. Good bye.',
  TW_BAD_NUMBER: 'Sorry, this line is set up with a phone number that cannot be called. Good bye.',
  TW_NO_OPEN_URL: 'Sorry, this line is not set up yet: it has nowhere to send calls during business hours. Good bye.',
  TW_BAD_HOURS: 'Sorry, this line is set up with business hours that could not be read. Good bye.',
  TW_BAD_TIME_ZONE: 'Sorry, this line is set up with a time zone that is not known. Good bye.',
  TW_BAD_HOLIDAYS: 'Sorry, this line is set up with a country whose holidays are not known. Good bye.'
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
