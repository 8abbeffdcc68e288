/** Operator settings, read once at start-up by server.ts and handed to the app. */
export interface Config {
  host: string
  port: number
  logLevel: string
}

export const DEFAULTS: Config = {
  host: '127.0.0.1',
  port: 3000,
  logLevel: 'info'
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])

export class ConfigError extends Error {
  constructor (readonly setting: string, detail: string) {
    super(`${setting}: ${detail}`)
    this.name = 'ConfigError'
  }
}

/** Builds the configuration from environment variables, refusing anything unusable. */
export function readConfig (env: Record<string, string | undefined>): Config {
  const config = { ...DEFAULTS }
  if (env.HOST !== undefined && env.HOST !== '') config.host = env.HOST
  if (env.PORT !== undefined && env.PORT !== '') {
    if (!/^\d{1,5}$/.test(env.PORT) || Number(env.PORT) > 65535) throw new ConfigError('PORT', `"${env.PORT}" is not a port number (0–65535)`)
    config.port = Number(env.PORT)
  }
  if (env.LOG_LEVEL !== undefined && env.LOG_LEVEL !== '') {
    if (!LOG_LEVELS.has(env.LOG_LEVEL)) throw new ConfigError('LOG_LEVEL', `"${env.LOG_LEVEL}" is not one of ${[...LOG_LEVELS].join(', ')}`)
    config.logLevel = env.LOG_LEVEL
  }
  return config
}
