import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/** Temporary files start with this; a crash can leave them behind, and they are cleared. */
export const TEMP_PREFIX = '.tmp-'

/** A letter's id as its files are named: the hash of its key. Anything else names no file of ours. */
export const LETTER_ID = /^[0-9a-f]{32}$/

/** Removes the file; false when it was not there. */
export async function removed (path: string): Promise<boolean> {
  try {
    await rm(path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}

async function syncDirectory (dir: string): Promise<void> {
  // Makes a rename survive a power cut; not every platform can open a directory for that.
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    return
  } finally {
    await handle?.close()
  }
}

/**
 * Writes a file so that afterwards it is on disk whole, or not at all: a temporary file is
 * written and flushed, then renamed over the name.
 */
export async function writeDurably (path: string, data: string): Promise<void> {
  const dir = dirname(path)
  await mkdir(dir, { recursive: true })
  const temp = join(dir, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`)
  try {
    const handle = await open(temp, 'wx', 0o600)
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  await syncDirectory(dir)
}
