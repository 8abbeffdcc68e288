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
  twilioUrlLength: 4000
} as const
