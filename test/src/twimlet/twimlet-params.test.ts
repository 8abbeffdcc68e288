import t from 'tap'
import { baseName, DeclaredNames, isCallParam, nearestName } from '../../../src/twimlet/twimlet-params.js'
import { findme } from '../../../twimlets/findme.js'
import { voicemail } from '../../../twimlets/voicemail.js'

t.test('the name meant: the same letters in another case, else the nearest by a typo\'s edits', async (t) => {
  const names = findme.params ?? []
  t.equal(nearestName('PhoneNumbrs', names), 'PhoneNumbers')
  t.equal(nearestName('Timout', names), 'Timeout')
  t.equal(nearestName('Messages', names), 'Message')
  t.equal(nearestName('TimeOut', names), 'Timeout')
  t.equal(nearestName('phonenumbers', names), 'PhoneNumbers')
  t.equal(nearestName('Emial', voicemail.params ?? []), 'Email', 'a transposition is two edits')
  t.equal(nearestName('Colour', names), undefined, 'nothing near')
  t.equal(nearestName('Xy', ['Ab']), undefined, 'a short name is allowed one edit only')
  t.equal(nearestName('Ab', ['Ac']), 'Ac')
  t.equal(nearestName('voicemal', ['forward', 'voicemail', 'menu']), 'voicemail')
})

t.test('a list or map name without its brackets; Twilio\'s own names', async (t) => {
  t.equal(baseName('PhoneNumbers[]'), 'PhoneNumbers')
  t.equal(baseName('Options[12]'), 'Options')
  t.equal(baseName('Timeout'), 'Timeout')
  t.equal(baseName('[]'), '[]')
  t.equal(baseName('a[b]c]'), 'a[b]c]')
  for (const name of ['CallSid', 'From', 'DialCallStatus', 'FromCity', 'CalledCountry', 'SipHeader_X-Id', 'StirVerstat', 'Digits', 'Round']) t.ok(isCallParam(name), name)
  for (const name of ['RecordingStatusCallback', 'Fromage', 'Email', 'Timeout']) t.notOk(isCallParam(name), name)
})

t.test('the names a query carries that the twimlet does not declare, once each, in the order typed', async (t) => {
  const declared = new DeclaredNames(findme)
  const names = ['PhoneNumbers[]', 'PhoneNumbers[3]', 'Timout', 'Timout', 'CallSid', 'FromCity', 'Colour', 'TimeOut']
  t.same(declared.unknown(names, false), [
    { name: 'Timout', suggestion: 'Timeout', caseOnly: false, duringCall: false },
    { name: 'Colour', suggestion: undefined, caseOnly: false, duringCall: false },
    { name: 'TimeOut', suggestion: 'Timeout', caseOnly: true, duringCall: false }
  ], 'a live request: Twilio\'s names are its own')
  t.same(declared.unknown(names, true).map((u) => u.name), ['Timout', 'CallSid', 'FromCity', 'Colour', 'TimeOut'], 'the check names them too')
  const [timout, colour, timeOut] = declared.unknown(names, false)
  t.equal(declared.message(timout!), 'is not a parameter of findme, so it is ignored; did you mean Timeout?')
  t.equal(declared.message(colour!), 'is not a parameter of findme, so it is ignored')
  t.equal(declared.message(timeOut!), 'is not a parameter of findme, so it is ignored; did you mean Timeout? Names are case-sensitive')
  t.equal(declared.message(declared.unknown(['CallSid'], true)[0]!), 'is not a parameter of findme, so it is ignored; it is sent by Twilio, or set by the twimlet itself, during the call')
  t.same(declared.unknown([`${'x'.repeat(100)}`], false)[0]?.name, 'x'.repeat(80), 'cut for the log')
  t.same(new DeclaredNames({ name: 'free' }).unknown(['Anything'], true), [], 'a twimlet that declares nothing has no unknown names')
  const many = Array.from({ length: 600 }, (_, i) => `Name${i}`)
  t.equal(declared.unknown(many, false).length, 600, 'suggestions are remembered within bounds')
})
