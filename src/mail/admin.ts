import { stat } from 'node:fs/promises'
import type { Stored } from './outbox.js'

/** One letter in the outbox, as `npx twimlets outbox list` shows it. */
export interface LetterSummary {
  /** What `retry` and `drop` take: the hash of the letter's key. */
  id: string
  key: string
  to: string
  subject: string
  /** ms since the epoch */
  createdAt: number
  /** `spooled`: with REDIS_URL, kept on this machine (OUTBOX_DIR/spool) because Redis could not take it yet. */
  state: 'waiting' | 'set-aside' | 'spooled'
  /** When a waiting or spooled letter is next tried (ms since the epoch); undefined once set aside. */
  dueAt: number | undefined
  /** Deliveries tried so far, where the store keeps count. */
  attempts: number | undefined
  /** Why it was set aside, or why its last attempt failed, where the store keeps it. */
  error: string | undefined
}

/**
 * The operator's hands on an outbox, whichever store holds it (OUTBOX_DIR or REDIS_URL):
 * works beside a running service.
 */
export interface OutboxAdmin {
  list: () => Promise<LetterSummary[]>
  /** A set-aside letter back in the queue, due now; false when there is none by that id. */
  retry: (id: string) => Promise<boolean>
  /** A letter, waiting or set aside, removed for good; false when there is none by that id. */
  drop: (id: string) => Promise<boolean>
  close: () => Promise<void>
}

/** A stored letter as listed: where the store keeps no attempts or error, the letter tells the rest. */
export function storedSummary (id: string, stored: Stored, state: LetterSummary['state']): LetterSummary {
  return {
    id,
    key: stored.key,
    to: stored.to,
    subject: stored.subject,
    createdAt: stored.createdAt,
    state,
    dueAt: state === 'set-aside' ? undefined : stored.notBefore,
    attempts: undefined,
    error: undefined
  }
}

/** A file of the store's that holds no letter this service can read: listed with why, so that the operator can drop it. */
export async function unreadableSummary (id: string, path: string, state: LetterSummary['state'], error: string): Promise<LetterSummary> {
  const info = await stat(path).catch(() => undefined)
  return { id, key: '', to: '', subject: '', createdAt: info?.mtimeMs ?? 0, state, dueAt: undefined, attempts: undefined, error }
}
