import type { ProblemCode } from '../params/problems.js'

/** The sentences of a voicemail e-mail. */
export interface MailCatalog {
  subject: (caller: string, received: string) => string
  heading: (caller: string) => string
  from: string
  to: string
  received: string
  length: string
  seconds: (count: number) => string
  minutes: (count: number) => string
  transcript: string
  emptyTranscript: string
  transcriptionFailed: string
  notTranscribed: string
  /** `after` is a duration, written by `seconds` or `minutes`. */
  transcriptLate: (after: string) => string
  /** The transcript shown is what had arrived when the wait ended; `after` as in transcriptLate. */
  transcriptPartial: (after: string) => string
  listen: string
  noRecording: string
  unknownCaller: string
}

/**
 * Every sentence the service itself says, in one language. Each language is one object of this
 * type, so a sentence missing from any of them is a type error (and test/src/i18n checks it).
 */
export interface Catalog {
  /** The language of the sentences (BCP 47). */
  language: string
  /** forward, to a caller not on AllowedCallers. */
  restricted: string
  /** The whisper's default; `caller` is the number as read aloud (see sayNumber), if there is one. */
  whisper: (caller: string | undefined) => string
  /**
   * Said after a whisper Message of the URL's own when answered calls are screened by default:
   * the person answering must know to press a key, or they are hung up on.
   */
  accept: string
  voicemailGreeting: string
  voicemailThanks: string
  invalidOption: string
  /** After the last round of a question nobody answered. */
  goodbye: string
  conferenceWelcome: string
  conferencePassCode: string
  conferenceWrongPassCode: string
  noHoldMusic: string
  holdMusicBack: string
  /** hours' default ClosedMessage, when the URL gives no ClosedUrl. */
  hoursClosed: string
  /** When a twimlet fails unexpectedly. */
  apology: string
  problems: Readonly<Record<ProblemCode, string>>
  /** How a phone number is read aloud: the word for a leading "+", and what stands between groups. */
  phone: { plus: string, pause: string }
  mail: MailCatalog
}
