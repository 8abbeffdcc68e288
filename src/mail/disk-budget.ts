import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

// Files are counted as du counts them: whole blocks, and an empty file (a delivered key) too.
const BLOCK = 4096
// A refusal measures again, so an operator who cleared the folders is heard; not more often than this.
const REMEASURE_MS = 60_000

export function blocks (bytes: number): number {
  return (Math.ceil(bytes / BLOCK) || 1) * BLOCK
}

/** What one delivered message of `bytes` takes: its file in mail/ and its key in delivered/. */
export function footprint (bytes: number): number {
  return blocks(bytes) + blocks(0)
}

async function folderBytes (dir: string): Promise<number> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return 0
  }
  let total = 0
  for (const name of names) {
    const info = await stat(join(dir, name)).catch(() => undefined)
    if (info?.isFile() === true) total += blocks(info.size)
  }
  return total
}

/**
 * The bytes the file outbox may keep in its folders (mail/ and delivered/): a flood of forged
 * callbacks fills a budget, not the disk. Kept up to date as files are written, and measured
 * again from the disk now and then, since the operator empties mail/ by hand.
 */
export class DiskBudget {
  #used = 0
  #measuredAt = -Infinity

  constructor (readonly bytes: number, readonly dirs: readonly string[]) {}

  get used (): number {
    return this.#used
  }

  async measure (): Promise<void> {
    this.#measuredAt = Date.now()
    let total = 0
    for (const dir of this.dirs) total += await folderBytes(dir)
    this.#used = total
  }

  /** True when `bytes` more (besides `pending`, stored but not yet written out) fit. */
  async fits (bytes: number, pending: number): Promise<boolean> {
    if (this.#used + pending + bytes <= this.bytes) return true
    if (Date.now() - this.#measuredAt < REMEASURE_MS) return false
    await this.measure()
    return this.#used + pending + bytes <= this.bytes
  }

  /** Counts `bytes` more as used: a file just written. */
  add (bytes: number): void {
    this.#used += bytes
  }

  /** What a refusal says: how full the folders are, and the setting that bounds them. */
  describe (): string {
    return `${this.dirs.join(' and ')} already hold ${this.#used} of the ${this.bytes} bytes OUTBOX_DISK_BUDGET_BYTES allows`
  }
}
