import { access, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { TEMP_PREFIX, writeDurably } from './files.js'
import { isStored, type Stored } from './outbox.js'

/** The spool's folder under OUTBOX_DIR. */
export function spoolDirOf (outboxDir: string): string {
  return join(outboxDir, 'spool')
}

/** A letter kept on this machine while Redis could not take it, with what Redis will need of it. */
export interface Spooled {
  version: 1
  /** Names this arrival, so that moving it again after a half-done move counts it once. */
  token: string
  replace: boolean
  /** For the per-caller quota, applied when it moves. */
  caller: string | undefined
  stored: Stored
}

function isSpooled (value: unknown): value is Spooled {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Partial<Spooled>
  return v.version === 1 && typeof v.token === 'string' && typeof v.replace === 'boolean' &&
    (v.caller === undefined || typeof v.caller === 'string') && isStored(v.stored)
}

/**
 * The letters of one replica that Redis could not take (it was unreachable or slow), one file
 * per letter's id, written durably before the caller is thanked; moved to Redis once it answers.
 * Kept in memory too: a call asks it whether its letter is here without touching the disk.
 */
export class Spool {
  readonly #entries = new Map<string, Spooled>()

  private constructor (readonly dir: string) {}

  static empty (dir: string): Spool {
    return new Spool(dir)
  }

  /** Takes up what a previous run left here (its Redis was down when it stopped). */
  static async open (dir: string, onUnreadable: (file: string) => void): Promise<Spool> {
    return await Spool.#load(dir, { tidy: true }, onUnreadable)
  }

  /**
   * What the spool holds, for the operator's command beside the running replica: its writes in
   * progress are left alone.
   */
  static async read (dir: string, onUnreadable: (file: string) => void): Promise<Spool> {
    return await Spool.#load(dir, { tidy: false }, onUnreadable)
  }

  static async #load (dir: string, { tidy }: { tidy: boolean }, onUnreadable: (file: string) => void): Promise<Spool> {
    const spool = new Spool(dir)
    let names: string[]
    try {
      names = await readdir(dir)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return spool
      throw error
    }
    for (const name of names) {
      const path = join(dir, name)
      // A write that never finished (nobody was told it was stored), or, beside a running replica, one under way.
      if (name.startsWith(TEMP_PREFIX)) {
        if (tidy) await rm(path, { force: true })
        continue
      }
      if (!name.endsWith('.json')) continue
      let entry: unknown
      try {
        entry = JSON.parse(await readFile(path, 'utf8'))
      } catch (error) {
        // Moved to Redis (or dropped) since the folder was read.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
        entry = undefined
      }
      if (isSpooled(entry)) spool.#entries.set(name.slice(0, -'.json'.length), entry)
      else onUnreadable(path)
    }
    return spool
  }

  get size (): number {
    return this.#entries.size
  }

  get (id: string): Spooled | undefined {
    return this.#entries.get(id)
  }

  /** Letters here for one recipient (lowercased), for its share of the queue. */
  heldFor (recipient: string): number {
    let held = 0
    for (const entry of this.#entries.values()) if (entry.stored.to.toLowerCase() === recipient) held++
    return held
  }

  ids (): string[] {
    return [...this.#entries.keys()]
  }

  async put (id: string, entry: Spooled): Promise<void> {
    await writeDurably(join(this.dir, `${id}.json`), JSON.stringify(entry))
    this.#entries.set(id, entry)
  }

  /** False once the operator dropped the letter's file (npx twimlets outbox drop). */
  async kept (id: string): Promise<boolean> {
    try {
      await access(join(this.dir, `${id}.json`))
      return true
    } catch (error) {
      // Only a file that is gone was dropped; a disk that fails says so.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw error
    }
  }

  async remove (id: string): Promise<void> {
    await rm(join(this.dir, `${id}.json`), { force: true })
    this.#entries.delete(id)
  }
}
