import { domainOf, isDomain, parseAddress, routingHazard } from './address.js'

/** What decides whether a URL may have the service send e-mail to an address. */
export interface RecipientRules {
  /** True when mail leaves this machine (SMTP); false for the local file outbox. */
  external: boolean
  /** The operator's allow-list, as read by allowEntry: addresses and `@domain`s, lowercased. */
  allowed: readonly string[]
  /** True when every request must carry the operator's Twilio signature. */
  signed: boolean
}

export type Verdict = { allowed: true } | { allowed: false, reason: string }

/** One allow-list entry, normalized; undefined when it is neither an address nor `@domain`. */
export function allowEntry (text: string): string | undefined {
  const entry = text.trim().toLowerCase()
  if (entry.startsWith('@')) return isDomain(entry.slice(1)) ? entry : undefined
  return parseAddress(entry)
}

/**
 * Anyone can type an address into a twimlet URL, so mail that leaves the machine goes only to
 * recipients the operator listed, unless only the operator's own Twilio account can reach the
 * service (signed requests): then the URLs are the operator's. The file outbox sends nothing
 * anywhere: any address will do.
 */
export function recipientVerdict (recipient: string, rules: RecipientRules): Verdict {
  const address = parseAddress(recipient)?.toLowerCase()
  if (address === undefined) {
    const hazard = routingHazard(recipient)
    return { allowed: false, reason: hazard === undefined ? 'not a well-formed e-mail address' : `not accepted: ${hazard}` }
  }
  if (!rules.external || rules.signed) return { allowed: true }
  if (rules.allowed.length === 0) {
    return { allowed: false, reason: 'VOICEMAIL_ALLOWED_RECIPIENTS is empty, so no e-mail is sent over SMTP' }
  }
  // Listed domains vouch for their own mailboxes only, never for a route through them.
  const hazard = routingHazard(address)
  if (hazard !== undefined) return { allowed: false, reason: `not matched against VOICEMAIL_ALLOWED_RECIPIENTS: ${hazard}` }
  const listed = rules.allowed.includes(address) || rules.allowed.includes(`@${domainOf(address)}`)
  return listed ? { allowed: true } : { allowed: false, reason: 'not in VOICEMAIL_ALLOWED_RECIPIENTS' }
}
