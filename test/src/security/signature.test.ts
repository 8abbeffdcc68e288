import t from 'tap'
import twilio from 'twilio'
import { signature, urlForms, validSignature } from '../../../src/security/signature.js'

const TOKEN = '12345678901234567890123456789012'
const URL = 'https://calls.example.com/twimlets/findme?PhoneNumbers%5B%5D=%2B14155551001&Timeout=15'
const FORM = { CallSid: 'CA1', From: '+15105551212', To: '+14155550100', Digits: '1' }

t.test('the same signature as the twilio package computes', async (t) => {
  t.equal(signature(TOKEN, URL, Object.entries(FORM)), twilio.getExpectedTwilioSignature(TOKEN, URL, FORM))
  t.equal(signature(TOKEN, URL), twilio.getExpectedTwilioSignature(TOKEN, URL, {}))
  const repeated = { A: ['b', 'a', 'b'], C: 'x' }
  t.equal(signature(TOKEN, URL, [['C', 'x'], ['A', 'b'], ['A', 'a'], ['A', 'b']]), twilio.getExpectedTwilioSignature(TOKEN, URL, repeated))
})

t.test('URL forms with and without the default port', async (t) => {
  t.same(urlForms('https://h.example/x?a=1'), ['https://h.example/x?a=1', 'https://h.example:443/x?a=1'])
  t.same(urlForms('https://h.example:443/x'), ['https://h.example:443/x', 'https://h.example/x'])
  t.same(urlForms('http://h.example:80/x'), ['http://h.example:80/x', 'http://h.example/x'])
  t.same(urlForms('http://h.example:8080/x'), ['http://h.example:8080/x'])
  t.same(urlForms('https://[::1]/x'), ['https://[::1]/x', 'https://[::1]:443/x'])
  t.same(urlForms('/relative'), ['/relative'])
})

t.test('validation', async (t) => {
  const form = Object.entries(FORM)
  const header = twilio.getExpectedTwilioSignature(TOKEN, URL, FORM)
  t.ok(validSignature([TOKEN], { url: URL, form, header }))
  t.ok(validSignature(['other-token', TOKEN], { url: URL, form, header }), 'any of several tokens')
  t.ok(validSignature([TOKEN], { url: URL.replace('.com/', '.com:443/'), form, header }), 'with the default port')
  t.notOk(validSignature([TOKEN], { url: URL, form: [...form, ['Extra', '1']], header }), 'a parameter added')
  t.notOk(validSignature([TOKEN], { url: URL, form: form.map(([k, v]) => [k, k === 'Digits' ? '2' : v] as const), header }), 'a parameter changed')
  t.notOk(validSignature([TOKEN], { url: URL.replace('Timeout=15', 'Timeout=16'), form, header }), 'the URL changed')
  t.notOk(validSignature([TOKEN], { url: URL, form, header: undefined }), 'no header')
  t.notOk(validSignature([TOKEN], { url: URL, form, header: '' }), 'an empty header')
  t.notOk(validSignature(['wrong'], { url: URL, form, header }), 'another token')
})
