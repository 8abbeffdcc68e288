import { request as httpRequest, Agent } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyReply } from 'fastify'
import t from 'tap'
import { sendAtTurnEnd } from '../../../src/http/write-batch.js'
import { CALL, testApp } from '../../fixtures/app.js'

async function post (port: number, agent: Agent, path: string, form: Record<string, string>): Promise<string> {
  const body = new URLSearchParams(form).toString()
  return await new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (chunk: string) => { text += chunk }).on('end', () => { resolve(text) })
    })
    req.on('error', reject)
    req.end(body)
  })
}

t.test('calls arriving together are each answered with their own document, over real HTTP', async (t) => {
  const app = await testApp(t)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const agent = new Agent({ keepAlive: true, maxSockets: 10 })
  t.teardown(() => { agent.destroy() })
  // Thirty calls over ten connections: several reach the service in one turn of its event loop.
  const numbers = Array.from({ length: 30 }, (_, i) => `+1415555${String(1000 + i)}`)
  const answers = await Promise.all(numbers.map(async (number, i) =>
    await post(port, agent, `/forward?PhoneNumber=${encodeURIComponent(number)}`, { ...CALL, CallSid: `CA${String(i).padStart(32, '0')}` })))
  answers.forEach((answer, i) => {
    t.equal(answer, `<?xml version="1.0" encoding="UTF-8"?><Response><Dial action="forward?Dial=true" timeout="20"><Number>${numbers[i] ?? ''}</Number></Dial></Response>`)
  })
})

t.test('an answer that cannot be sent is logged, and the rest of its batch is still sent', async (t) => {
  const logged: unknown[] = []
  const sent: string[] = []
  const failing = { send: () => { throw new Error('socket gone') }, log: { error: (fields: unknown) => { logged.push(fields) } } }
  const working = { send: (payload: string) => { sent.push(payload) }, log: { error: () => {} } }
  sendAtTurnEnd(failing as unknown as FastifyReply, 'first')
  sendAtTurnEnd(working as unknown as FastifyReply, 'second')
  t.same(sent, [], 'nothing is sent before the turn ends')
  await new Promise((resolve) => setImmediate(resolve))
  t.same(sent, ['second'])
  t.equal(logged.length, 1)
})
