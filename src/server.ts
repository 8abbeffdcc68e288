import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, readConfig, type Config } from './config.js'

let config: Config
try {
  config = readConfig(process.env)
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(`twimlets: configuration error: ${error.message}`)
  process.exit(1)
}

const app = await buildApp({ config, logger: { level: config.logLevel } })

// On SIGTERM or SIGINT, stop accepting connections and let calls in flight get their answer.
closeWithGrace({ delay: config.shutdownGraceMs, logger: app.log }, async ({ signal, err }) => {
  if (err !== undefined) app.log.error({ err }, 'shutting down after an error')
  else app.log.info({ signal }, 'shutting down')
  // Connections kept alive by a client go idle only after their last answer: close each then,
  // so the process does not wait out the keep-alive timeout.
  const sweep = setInterval(() => app.server.closeIdleConnections(), 100)
  await app.close()
  clearInterval(sweep)
})

await app.listen({ host: config.host, port: config.port })
