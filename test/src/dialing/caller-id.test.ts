import t from 'tap'
import { parseCallerId, readCallerId } from '../../../src/dialing/caller-id.js'
import { Params } from '../../../src/params/params.js'

const call = (query: string, form = 'From=%2B819012345678&To=%2B815012345678'): Params => Params.fromSearch(query, form)

t.test('settings: called, caller, a number or a client', async (t) => {
  t.same(parseCallerId('called', undefined), { kind: 'called' })
  t.same(parseCallerId('Caller', undefined), { kind: 'caller' })
  t.same(parseCallerId('+14155550100', undefined), { kind: 'fixed', value: '+14155550100' })
  t.same(parseCallerId('050-1234-5678', 'JP'), { kind: 'fixed', value: '+815012345678' }, 'national form with a region: E.164')
  t.same(parseCallerId('415-555-0100', undefined), { kind: 'fixed', value: '415-555-0100' }, 'without a region: as typed')
  t.same(parseCallerId('client:joey', undefined), { kind: 'fixed', value: 'client:joey' })
  t.match(parseCallerId('050-1234', 'JP'), { kind: 'invalid', reason: 'is not a valid phone number in JP' })
  t.match(parseCallerId('the office', undefined), { kind: 'invalid' })
  t.same(parseCallerId('０５０ー１２３４ー５６７８', 'JP'), { kind: 'fixed', value: '+815012345678' }, 'typed on a Japanese keyboard')
  t.same(parseCallerId('＋８１５０１２３４５６７８', undefined), { kind: 'fixed', value: '+815012345678' })
})

t.test('CallerId=called is the number the caller dialed; the next URLs carry the word', async (t) => {
  const params = call('CallerId=called')
  t.same(readCallerId(params, { region: undefined }), { attribute: '+815012345678', carried: 'called' })
  t.same(params.issues, [])
  t.same(readCallerId(call('CallerId=called', 'Called=%2B815012345678'), { region: undefined }), { attribute: '+815012345678', carried: 'called' }, 'Called of old API versions')
})

t.test('called without a phone number to show: Twilio\'s default, named', async (t) => {
  const params = call('CallerId=called', 'From=%2B819012345678&To=client%3Adesk')
  t.same(readCallerId(params, { region: undefined }), { attribute: undefined, carried: 'called' })
  t.match(params.issues, [{ param: 'CallerId', message: /is "called", but this call's To \("client:desk"\) is not a phone number/ }])
})

t.test('the operator\'s default applies when the URL gives none, and is never carried', async (t) => {
  t.same(readCallerId(call(''), { region: undefined, defaultCallerId: 'called' }), { attribute: '+815012345678', carried: undefined })
  t.same(readCallerId(call(''), { region: undefined, defaultCallerId: '+815012345678' }), { attribute: '+815012345678', carried: undefined })
  t.same(readCallerId(call('CallerId=caller'), { region: undefined, defaultCallerId: 'called' }), { attribute: undefined, carried: 'caller' },
    'caller overrides the default, and rides along so the next step does too')
  t.same(readCallerId(call(''), { region: undefined }), { attribute: undefined, carried: undefined })
})

t.test('a number in national form with a region is shown in E.164; one invalid there is ignored, named', async (t) => {
  t.same(readCallerId(call('CallerId=050-1234-5678'), { region: 'JP' }), { attribute: '+815012345678', carried: '+815012345678' })
  const params = call('CallerId=050-1234')
  t.same(readCallerId(params, { region: 'JP' }), { attribute: undefined, carried: undefined })
  t.same(params.issues, [{ param: 'CallerId', message: '"050-1234" is not a valid phone number in JP; ignored', level: 'warning' }])
})
