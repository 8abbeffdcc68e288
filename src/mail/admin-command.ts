import { stat } from 'node:fs/promises'
import type { Config } from '../config.js'
import type { LetterSummary, OutboxAdmin } from './admin.js'
import { fileOutboxAdmin } from './file-admin.js'

/** The shortest start of an id taken for the whole: shorter ones match too many by chance. */
const MIN_PREFIX = 6

export const OUTBOX_USAGE = `Usage: twimlets outbox list [--json]
       twimlets outbox retry <id>
       twimlets outbox drop <id>

The voicemail e-mails waiting to be sent or set aside (refused by the mail server), in
OUTBOX_DIR, or in Redis with REDIS_URL (and in this machine's OUTBOX_DIR/spool while Redis
could not take them); beside the running service, with its settings.
  list         Each letter: its id, whether it waits (until when), was set aside or is
               spooled, its recipient, subject and time, and its attempts and last error
               where kept.
  retry <id>   A set-aside letter back in the queue, due now: the service sends it
               within a minute.
  drop <id>    A letter, waiting, set aside or spooled, removed for good: it is not sent.
An id may be shortened to its first ${MIN_PREFIX} characters or more, when no other id starts with them.
The exit code is 1 when no letter has that id, 2 when the command is wrong.`

export interface CommandIo {
  out: (text: string) => void
  err: (text: string) => void
}

/** The admin of the outbox the configuration names: the same store the service uses. */
export async function openOutboxAdmin (config: Config): Promise<OutboxAdmin> {
  if (config.redisUrl === undefined) {
    // The service makes its folder at start-up: none here is another folder than the service's.
    if (!(await stat(config.outboxDir).catch(() => undefined))?.isDirectory()) {
      throw new Error(`there is no folder ${config.outboxDir}: set OUTBOX_DIR as the service has it`)
    }
    return fileOutboxAdmin(config.outboxDir)
  }
  // Loaded only here: a command on the file outbox reads nothing of Redis.
  const { openRedisOutboxAdmin } = await import('./redis-admin.js')
  return await openRedisOutboxAdmin(config)
}

function instant (ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')
}

const STATES: Record<LetterSummary['state'], (letter: LetterSummary) => string> = {
  waiting: (letter) => `waiting, due ${instant(letter.dueAt)}`,
  'set-aside': () => 'set aside',
  spooled: (letter) => `in this machine's spool, moved to Redis by the service here${letter.dueAt === undefined ? '' : `, due ${instant(letter.dueAt)}`}`
}

function letterText (letter: LetterSummary): string {
  const state = STATES[letter.state](letter)
  const lines = [
    `${letter.id}  ${state}`,
    `  to:       ${letter.to}`,
    `  subject:  ${letter.subject}`,
    `  created:  ${instant(letter.createdAt)}`
  ]
  if (letter.attempts !== undefined) lines.push(`  attempts: ${letter.attempts}`)
  if (letter.error !== undefined) lines.push(`  error:    ${letter.error}`)
  return lines.join('\n')
}

function listText (letters: readonly LetterSummary[]): string {
  if (letters.length === 0) return 'The outbox is empty: no e-mail is waiting or set aside.\n'
  const count = (state: LetterSummary['state']): number => letters.filter((letter) => letter.state === state).length
  const spooled = count('spooled')
  const head = `${count('waiting')} waiting, ${count('set-aside')} set aside${spooled === 0 ? '' : `, ${spooled} in this machine's spool`}`
  return `${head}\n\n${letters.map(letterText).join('\n\n')}\n`
}

function listJson (letters: readonly LetterSummary[]): string {
  const rows = letters.map((letter) => ({
    id: letter.id,
    key: letter.key,
    state: letter.state,
    to: letter.to,
    subject: letter.subject,
    createdAt: instant(letter.createdAt),
    dueAt: letter.dueAt === undefined ? null : instant(letter.dueAt),
    attempts: letter.attempts ?? null,
    error: letter.error ?? null
  }))
  return `${JSON.stringify(rows, null, 2)}\n`
}

/**
 * The letters an id as typed names: the whole id, or the start of exactly one; one entry per id
 * (a letter waiting in Redis may have a replacement in the spool), the first listed.
 */
function matching (letters: readonly LetterSummary[], typed: string): LetterSummary[] {
  const found = new Map<string, LetterSummary>()
  const whole = letters.some((letter) => letter.id === typed)
  for (const letter of letters) {
    const named = whole ? letter.id === typed : typed.length >= MIN_PREFIX && letter.id.startsWith(typed)
    if (named && !found.has(letter.id)) found.set(letter.id, letter)
  }
  return [...found.values()]
}

/** Runs `retry` or `drop` on the letter `typed` names; resolves to the exit code. */
async function act (admin: OutboxAdmin, action: 'retry' | 'drop', typed: string, io: CommandIo): Promise<number> {
  const id = typed.trim().toLowerCase()
  // A whole id needs no listing: the store is asked at once.
  if (await admin[action](id)) {
    io.out(done(action, id))
    return 0
  }
  const found = matching(await admin.list(), id)
  const [letter] = found
  if (found.length > 1) {
    io.err(`twimlets: ${found.length} letters have an id starting with ${id}: ${found.map((l) => l.id).join(', ')}\n`)
    return 1
  }
  if (letter === undefined) {
    io.err(`twimlets: no letter in the outbox has the id ${typed}; "twimlets outbox list" shows them\n`)
    return 1
  }
  if (action === 'retry' && letter.state === 'waiting') {
    io.err(`twimlets: ${letter.id} is waiting, not set aside: the service sends it when due (${instant(letter.dueAt)})\n`)
    return 1
  }
  if (action === 'retry' && letter.state === 'spooled') {
    io.err(`twimlets: ${letter.id} is in this machine's spool, not set aside: the service here moves it to Redis${letter.dueAt === undefined ? '' : `, and sends it when due (${instant(letter.dueAt)})`}\n`)
    return 1
  }
  if (letter.id === id || !await admin[action](letter.id)) {
    io.err(`twimlets: ${letter.id} left the outbox meanwhile\n`)
    return 1
  }
  io.out(done(action, letter.id))
  return 0
}

function done (action: 'retry' | 'drop', id: string): string {
  return action === 'retry'
    ? `${id} is back in the queue, due now: the service sends it within a minute.\n`
    : `${id} is dropped: it will not be sent.\n`
}

/**
 * `twimlets outbox <list|retry|drop>`: `args` are the words after `outbox`. Resolves to the
 * exit code; `admin` is opened only once the command is known to be right.
 */
export async function outboxCommand (args: readonly string[], json: boolean, io: CommandIo, open: () => Promise<OutboxAdmin>): Promise<number> {
  const [action, id, ...rest] = args
  const right = rest.length === 0 && (action === 'list' ? id === undefined : (action === 'retry' || action === 'drop') && id !== undefined && id.trim() !== '')
  if (!right || (json && action !== 'list')) {
    io.err(`twimlets: expected "outbox list", "outbox retry <id>" or "outbox drop <id>"${json && action !== 'list' ? ' (--json is for list)' : ''}\n\n${OUTBOX_USAGE}\n`)
    return 2
  }
  let admin: OutboxAdmin | undefined
  try {
    admin = await open()
    if (action !== 'list') return await act(admin, action as 'retry' | 'drop', id as string, io)
    const letters = await admin.list()
    io.out(json ? listJson(letters) : listText(letters))
    return 0
  } catch (error) {
    io.err(`twimlets: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  } finally {
    await admin?.close()
  }
}
