import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { storedSummary, unreadableSummary, type LetterSummary, type OutboxAdmin } from './admin.js'
import { LETTER_ID, removed, TEMP_PREFIX, writeDurably } from './files.js'
import { isStored, listDir } from './outbox.js'

const FOLDERS = [['queue', 'waiting'], ['failed', 'set-aside']] as const

async function readStored (path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error
    return undefined
  }
}

async function summary (dir: string, name: string, state: LetterSummary['state']): Promise<LetterSummary | undefined> {
  const path = join(dir, name)
  const id = name.slice(0, -'.json'.length)
  let stored
  try {
    stored = await readStored(path)
  } catch {
    // Sent, set aside or dropped since the folder was read.
    return undefined
  }
  if (isStored(stored)) return storedSummary(id, stored, state)
  return await unreadableSummary(id, path, state, `${path} is not an outbox entry this service can read`)
}

/**
 * The operator's hands on the file outbox (OUTBOX_DIR), beside the running service: it reads
 * queue/ again every minute, so a letter put back there is sent without a restart, and it looks
 * for a letter's file before sending it, so a dropped one is not. The files do not record
 * attempts or the mail server's refusal; the service's log does.
 */
export function fileOutboxAdmin (outboxDir: string): OutboxAdmin {
  const folder = (name: 'queue' | 'failed'): string => join(outboxDir, name)
  return {
    async list () {
      const letters: LetterSummary[] = []
      for (const [name, state] of FOLDERS) {
        for (const file of await listDir(folder(name))) {
          if (file.startsWith(TEMP_PREFIX) || !file.endsWith('.json')) continue
          const letter = await summary(folder(name), file, state)
          if (letter !== undefined) letters.push(letter)
        }
      }
      return letters.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
    },
    async retry (id) {
      if (!LETTER_ID.test(id)) return false
      const from = join(folder('failed'), `${id}.json`)
      let stored
      try {
        stored = await readStored(from)
      } catch {
        return false
      }
      if (!isStored(stored)) throw new Error(`${from} cannot be read, so it cannot be sent; drop it`)
      const to = join(folder('queue'), `${id}.json`)
      if ((await listDir(folder('queue'))).includes(`${id}.json`)) {
        throw new Error(`a newer e-mail with the same key is waiting (${to}); drop one of them first`)
      }
      await writeDurably(to, JSON.stringify({ ...stored, notBefore: Date.now() }))
      await rm(from, { force: true })
      return true
    },
    async drop (id) {
      if (!LETTER_ID.test(id)) return false
      const waiting = await removed(join(folder('queue'), `${id}.json`))
      const setAside = await removed(join(folder('failed'), `${id}.json`))
      return waiting || setAside
    },
    async close () {}
  }
}
