import { LRUCache } from 'lru-cache'

/** How much mail one recipient, or one calling number, may have stored (see docs/CONFIGURATION.md). */
export interface Quotas {
  /** The window the two counts below are over. */
  windowMs: number
  /** Letters stored for one recipient per window; 0 sets no limit. */
  perRecipient: number
  /** Letters stored from one calling number (From) per window, whoever they are for; 0 sets no limit. */
  perCaller: number
  /** Letters waiting for one recipient at once: its share of the queue. */
  queuedPerRecipient: number
}

/** Why a letter was not stored, as counted in twimlets_mail_not_stored_total. */
export type NotStored = 'queue-full' | 'recipient-queue' | 'recipient-quota' | 'caller-quota' | 'disk-budget' | 'storage'

// Numbers Twilio sends for callers who withheld theirs: many real callers share each one, so
// a count per number would let a few of them silence the rest.
const WITHHELD = new Set(['', 'anonymous', 'restricted', 'unknown', 'private', 'unavailable', '+266696687', '+7378742833', '+2562533', '+8656696', '+86282452253'])
// Keys counted at once; past it the least recently counted are forgotten (a flood of unique
// keys forgets counts, but each of its letters still meets the queue's limits).
const COUNTED_KEYS = 10_000

/** Letters counted per key over a fixed window that starts with the key's first letter. */
class WindowCount {
  readonly #counts: LRUCache<string, { n: number }>

  constructor (readonly limit: number, windowMs: number) {
    this.#counts = new LRUCache({ max: COUNTED_KEYS, ttl: windowMs })
  }

  reached (key: string): boolean {
    return this.limit > 0 && (this.#counts.get(key)?.n ?? 0) >= this.limit
  }

  add (key: string): void {
    if (this.limit === 0) return
    const count = this.#counts.get(key)
    // Counting in place keeps the window where the first letter started it.
    if (count === undefined) this.#counts.set(key, { n: 1 })
    else count.n++
  }
}

export function callerKey (caller: string | undefined): string | undefined {
  const key = caller?.trim().toLowerCase()
  return key === undefined || WITHHELD.has(key) ? undefined : key
}

/** The counts behind Quotas.perRecipient and perCaller. */
export class QuotaCounts {
  readonly #recipients: WindowCount
  readonly #callers: WindowCount

  constructor (readonly quotas: Quotas) {
    this.#recipients = new WindowCount(quotas.perRecipient, quotas.windowMs)
    this.#callers = new WindowCount(quotas.perCaller, quotas.windowMs)
  }

  /** What stops one more letter for `recipient` from `caller`, or undefined. */
  refusal (recipient: string, caller: string | undefined): { reason: NotStored, message: string } | undefined {
    const { windowMs, perRecipient, perCaller } = this.quotas
    const window = `${Math.round(windowMs / 60_000)} minutes`
    if (this.#recipients.reached(recipient)) {
      return { reason: 'recipient-quota', message: `${perRecipient} e-mails to ${recipient} were stored in the last ${window} (VOICEMAIL_RECIPIENT_QUOTA)` }
    }
    const from = callerKey(caller)
    if (from !== undefined && this.#callers.reached(from)) {
      return { reason: 'caller-quota', message: `${perCaller} messages from ${from} were stored in the last ${window} (VOICEMAIL_CALLER_QUOTA)` }
    }
    return undefined
  }

  add (recipient: string, caller: string | undefined): void {
    this.#recipients.add(recipient)
    const from = callerKey(caller)
    if (from !== undefined) this.#callers.add(from)
  }
}
