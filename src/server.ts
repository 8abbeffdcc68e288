import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, readConfig, type Config } from './config.js'
import { closeSlowConnections, openFilesLimit } from './http/connections.js'

let config: Config
try {
  config = readConfig(process.env, { openFiles: openFilesLimit() })
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(`twimlets: configuration error: ${error.message}`)
  process.exit(1)
}

const app = await buildApp({ config, logger: { level: config.logLevel } })

/** close-with-grace's own deadline, past ours: ours closes every connection and exits 0. */
const FORCED_EXIT_AFTER_MS = 2000

// On SIGTERM or SIGINT, stop accepting connections and let calls in flight get their answer.
closeWithGrace({ delay: config.shutdownGraceMs + FORCED_EXIT_AFTER_MS, logger: app.log }, async ({ signal, err }) => {
  if (err !== undefined) app.log.error({ err }, 'shutting down after an error')
  else app.log.info({ signal }, 'shutting down')
  // Connections kept alive by a client go idle only after their last answer: close each then,
  // so the process does not wait out the keep-alive timeout. A client still sending its request
  // is not waited for either.
  const sweep = setInterval(() => closeSlowConnections(app.server), 100)
  const grace = setTimeout(() => {
    app.log.warn({ graceMs: config.shutdownGraceMs }, 'closing the connections still open after SHUTDOWN_GRACE_MS')
    app.server.closeAllConnections()
  }, config.shutdownGraceMs)
  await app.close()
  clearInterval(sweep)
  clearTimeout(grace)
})

await app.listen({ host: config.host, port: config.port })
