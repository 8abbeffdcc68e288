import { buildApp } from './app.js'
import { ConfigError, readConfig } from './config.js'

let config
try {
  config = readConfig(process.env)
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(`twimlets: configuration error: ${error.message}`)
  process.exit(1)
}

const app = await buildApp({ config, logger: { level: config.logLevel } })

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down')
    app.close().then(() => process.exit(0), (error: unknown) => {
      app.log.error({ err: error }, 'shutdown failed')
      process.exit(1)
    })
  })
}

await app.listen({ host: config.host, port: config.port })
