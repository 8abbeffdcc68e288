import type { FastifyBaseLogger } from 'fastify'
import type { Config } from './config.js'

/**
 * What twimlets may use beyond their parameters (mail, listings, ...). Built once per app from
 * the configuration and closed with it; twimlets themselves do no I/O.
 */
export interface Services {
  config: Config
}

export interface ServiceHandle {
  services: Services
  close: () => Promise<void>
}

export async function createServices (config: Config, log: FastifyBaseLogger): Promise<ServiceHandle> {
  const closers: Array<() => Promise<void>> = []
  void log
  return {
    services: { config },
    close: async () => { for (const close of closers.reverse()) await close() }
  }
}
