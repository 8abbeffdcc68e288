import t from 'tap'
import { story } from '../../../src/simulator/story.js'
import { sandboxCall } from '../../fixtures/simulate.js'

/** The steps of whole calls from the caller's side, from which the summary and the picture are made. */

const A = '+14155551001'
const B = '+14155551002'
const enc = encodeURIComponent

t.test('a menu: the prompt goes with the keys, the option gone to opens the next step', async (t) => {
  const { transcript } = await sandboxCall(t, `menu?Message=${enc('Press 1')}&Options[1]=${enc(`forward?PhoneNumber=${enc(A)}`)}`, { digits: ['1'], parties: { [A]: 'busy' } })
  const told = story(transcript)
  t.equal(told.from, '+15105551212')
  t.equal(told.result, 'completed')
  t.match(told.steps, [
    { kind: 'press', digits: '1', prompt: [{ say: 'Press 1' }], valid: true },
    { kind: 'open', url: { twimlet: 'forward', params: [['PhoneNumber', '+1 415 555 1001']] } },
    { kind: 'dial', timeout: 20, rang: [{ target: A, result: 'busy', after: 1, pressed: undefined, talked: undefined, machine: false }] }
  ])
  t.equal(told.steps.length, 3)
})

t.test('screening: what the dialed person pressed, and a voicemail box known by its digits however the script writes it', async (t) => {
  const { transcript, script } = await sandboxCall(t, `simulring?PhoneNumbers[]=${enc(A)}&PhoneNumbers[]=${enc(B)}`, { parties: { '(415) 555-1001': 'accept@4:7', '415.555.1002': 'voicemail' } })
  const [dial] = story(transcript, { parties: script.parties }).steps
  t.match(dial, {
    kind: 'dial',
    rang: [
      { target: A, result: 'accepted', after: 4, pressed: '7', talked: 45 },
      { target: B, result: 'screened-out', after: 3, machine: true }
    ]
  })
})

t.test('an error on a dialed party\'s leg is a step of the call; the party is not connected', async (t) => {
  const twiml = `<Response><Dial><Number url="nothing-here">${A}</Number></Dial></Response>`
  const { transcript } = await sandboxCall(t, `echo?Twiml=${enc(twiml)}`, {})
  t.match(story(transcript).steps, [
    { kind: 'dial', rang: [{ target: A, result: 'screened-out' }] },
    { kind: 'error', code: '11200', message: /HTTP 404/ }
  ])
})

t.test('a message heard, then hold music over and over', async (t) => {
  const { transcript } = await sandboxCall(t, 'holdmusic?Bucket=com.example.music', {})
  const told = story(transcript)
  t.match(told.steps, [{ kind: 'music', items: [{ play: { text: /example-track/ } }, { play: {} }, { play: {} }] }])
  t.equal(told.result, 'loop')
})
