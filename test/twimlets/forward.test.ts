import t from 'tap'
import { CALL, request, testApp } from '../fixtures/app.js'
import { response } from '../fixtures/twiml.js'

t.test('dials PhoneNumber with the action back to itself', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward?PhoneNumber=%2B14155551001', CALL)
  t.equal(res.status, 200)
  t.match(res.contentType, /^text\/xml/)
  t.same(res.twiml, response('<Dial action="forward?Dial=true" timeout="20"><Number>+14155551001</Number></Dial>'))
})
