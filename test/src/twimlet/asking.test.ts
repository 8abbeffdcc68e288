import t from 'tap'
import { readRound, renderQuestion, renderWrongAnswer, ROUNDS, roundUrls, type Question } from '../../../src/twimlet/asking.js'
import { Params } from '../../../src/params/params.js'
import { TwiML } from '../../../src/twiml/twiml.js'
import { Links } from '../../../src/params/urls.js'
import { parseTwiml, response } from '../../fixtures/twiml.js'

const question = (round: number): Question => ({
  gather: { numDigits: 2 },
  prompt: { kind: 'say', text: 'Which one?' },
  at: (r) => `ask?Round=${r}`,
  round,
  goodbye: 'Good bye.'
})
const doc = (twiml: TwiML): unknown => parseTwiml(twiml.toString())

t.test('three rounds', async (t) => {
  t.equal(ROUNDS, 3)
})

t.test('a question gathers, then falls through to the next round', async (t) => {
  t.same(doc(renderQuestion(new TwiML(), question(1))),
    response('<Gather numDigits="2" action="ask?Round=1"><Say>Which one?</Say></Gather><Redirect>ask?Round=2</Redirect>'))
  t.same(doc(renderQuestion(new TwiML(), question(3))),
    response('<Gather numDigits="2" action="ask?Round=3"><Say>Which one?</Say></Gather><Say>Good bye.</Say><Hangup/>'))
  t.same(doc(renderQuestion(new TwiML(), { ...question(1), prompt: undefined })),
    response('<Gather numDigits="2" action="ask?Round=1"/><Redirect>ask?Round=2</Redirect>'))
})

t.test('a wrong answer is answered, then the next round, or goodbye after the last', async (t) => {
  const sorry = { kind: 'say', text: 'No.' } as const
  t.same(doc(renderWrongAnswer(new TwiML(), question(2), sorry)),
    response('<Say>No.</Say><Gather numDigits="2" action="ask?Round=3"><Say>Which one?</Say></Gather><Say>Good bye.</Say><Hangup/>'))
  t.same(doc(renderWrongAnswer(new TwiML(), question(3), sorry)), response('<Say>No.</Say><Say>Good bye.</Say><Hangup/>'))
})

t.test('the round comes from the URL: 1 by default, clamped with a warning', async (t) => {
  t.equal(readRound(Params.fromSearch('')), 1)
  t.equal(readRound(Params.fromSearch('Round=2')), 2)
  const p = Params.fromSearch('Round=7')
  t.equal(readRound(p), 3)
  t.same(p.issues.map((i) => i.param), ['Round'])
})

t.test('roundUrls: the settings plus the round; too long for Twilio blames the longest setting', async (t) => {
  const at = roundUrls(new Links('/menu/'), 'menu', new URLSearchParams({ Message: 'a b', 'Options[1]': 'x?y=1' }))
  t.equal(at(2), '../menu?Message=a%20b&Options%5B1%5D=x%3Fy%3D1&Round=2')
  const long = roundUrls(new Links('/menu'), 'menu', new URLSearchParams({ Message: 'm'.repeat(2000), 'Options[1]': 'o'.repeat(2500) }))
  t.throws(() => long(1), { name: 'ConfigProblem', code: 'TW_URL_TOO_LONG', param: 'Options[1]' })
})
