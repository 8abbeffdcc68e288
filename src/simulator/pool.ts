import { openSandbox, type Sandbox, type SandboxOptions } from './sandbox.js'

export interface PoolOptions extends SandboxOptions {
  /** Simulations run at once, each in its own sandbox. */
  size: number
  /** Simulations that may wait for a sandbox; past them, Busy. */
  waiting: number
}

/** Too many simulations at once: the caller is told to try again shortly. */
export class Busy extends Error {
  readonly statusCode = 429
  constructor (running: number) {
    super(`${running} simulations are running and others are waiting; try again in a moment`)
    this.name = 'Busy'
  }
}

/**
 * Sandboxes kept between simulations: building one is a whole app (~5 ms of CPU), while a
 * simulation of a short call takes about as long. A sandbox serves one simulation at a time
 * and is reset between them, so no simulation sees another's notes, e-mail or transcripts.
 */
export class SandboxPool {
  readonly #options: PoolOptions
  readonly #idle: Sandbox[] = []
  readonly #queue: Array<(sandbox: Sandbox) => void> = []
  readonly #all: Array<Promise<Sandbox>> = []

  constructor (options: PoolOptions) {
    this.#options = options
  }

  /** Runs `simulation` in a sandbox of its own, waiting for one when all are in use. */
  async run<T> (simulation: (sandbox: Sandbox) => Promise<T>): Promise<T> {
    const sandbox = await this.#take()
    try {
      return await simulation(sandbox)
    } finally {
      await sandbox.reset()
      const next = this.#queue.shift()
      if (next === undefined) this.#idle.push(sandbox)
      else next(sandbox)
    }
  }

  async #take (): Promise<Sandbox> {
    const idle = this.#idle.pop()
    if (idle !== undefined) return await Promise.resolve(idle)
    if (this.#all.length < this.#options.size) {
      const opening = openSandbox(this.#options)
      this.#all.push(opening)
      // One that failed to open leaves room for another.
      opening.catch(() => this.#all.splice(this.#all.indexOf(opening), 1))
      return await opening
    }
    if (this.#queue.length >= this.#options.waiting) throw new Busy(this.#options.size)
    return await new Promise((resolve) => this.#queue.push(resolve))
  }

  async close (): Promise<void> {
    await Promise.all(this.#all.map(async (opening) => await (await opening).close()))
  }
}
