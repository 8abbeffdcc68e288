/** Bounds on what a URL may ask of the service; each is documented in the README. */
export const Limits = {
  /** Longest text accepted in one parameter (Twilio's <Say> takes at most 4,096 characters). */
  textLength: 4096,
  /** Most entries kept from a list parameter that is not a list of dial targets. */
  listLength: 20,
  /** Most targets rung by one twimlet, as on the hosted Twimlets. */
  dialTargets: 10,
  /** Longest URL accepted in a URL parameter. */
  urlLength: 2048,
  /** Twilio refuses action and callback URLs longer than this. */
  twilioUrlLength: 4000,
  /** Most name=value pairs in one request, query and form together (Twilio sends about 30). */
  parameters: 300,
  /** Longest request URL accepted (Twilio appends its ~30 parameters to a GET). */
  requestUrl: 8192,
  /** Largest request line and headers Node reads (its own default is 16 KiB); past it, Node answers 431. */
  requestHeaderBytes: 32 * 1024,
  /** Twilio refuses TwiML documents larger than this many bytes. */
  twimlBytes: 64 * 1024,
  /** Most e-mails waiting in the outbox; past it new ones are only logged (a flood fills no disk). */
  queuedMail: 10_000
} as const
