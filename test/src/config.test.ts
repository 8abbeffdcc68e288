import t from 'tap'
import { ConfigError, DEFAULTS, readConfig } from '../../src/config.js'

t.test('defaults with an empty environment', async (t) => {
  t.same(readConfig({}), DEFAULTS)
  t.equal(DEFAULTS.host, '127.0.0.1')
  t.equal(DEFAULTS.port, 3000)
})

t.test('HOST, PORT and LOG_LEVEL', async (t) => {
  t.match(readConfig({ HOST: '0.0.0.0', PORT: '8080', LOG_LEVEL: 'warn' }), { host: '0.0.0.0', port: 8080, logLevel: 'warn' })
})

t.test('unusable settings are refused with the setting named', async (t) => {
  t.throws(() => readConfig({ PORT: 'eighty' }), new ConfigError('PORT', '"eighty" is not a port number (0–65535)'))
  t.throws(() => readConfig({ PORT: '70000' }), { name: 'ConfigError', message: /^PORT: / })
  t.throws(() => readConfig({ LOG_LEVEL: 'loud' }), { name: 'ConfigError', message: /^LOG_LEVEL: / })
})
