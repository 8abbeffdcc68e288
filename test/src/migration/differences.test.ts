import t from 'tap'
import { DEFAULTS } from '../../../src/config.js'
import { differences } from '../../../src/migration/differences.js'

const numbers = (n: number): string => Array.from({ length: n }, (_, i) => `PhoneNumbers[]=%2B1415555${2001 + i}`).join('&')

t.test('findme keeps the first ten: said only when more than ten are given', async (t) => {
  t.same(differences([{ twimlet: 'findme', query: numbers(10) }], DEFAULTS), [])
  t.same(differences([{ twimlet: 'findme', query: numbers(11) }], DEFAULTS),
    ['findme dials the first 10 of its 11 numbers, where twimlets.com dialed the last 10: number 11 is no longer dialed.'])
  t.same(differences([{ twimlet: 'findme', query: numbers(14) }], DEFAULTS),
    ['findme dials the first 10 of its 14 numbers, where twimlets.com dialed the last 10: numbers 11 to 14 are no longer dialed.'])
})

t.test('screening by default: simulring and callme unless HumanCheck is typed; findme and forward as before', async (t) => {
  const screened = (twimlet: string): string => `${twimlet} screens every answered phone here: the person answering must press a key, so a voicemail box that answers first no longer takes the call (HumanCheck=false turns this off).`
  t.same(differences([{ twimlet: 'simulring', query: numbers(2) }, { twimlet: 'callme', query: 'PhoneNumber=%2B14155551001' }], DEFAULTS), [screened('simulring'), screened('callme')])
  t.same(differences([{ twimlet: 'callme', query: 'PhoneNumber=%2B14155551001&HumanCheck=true' }], DEFAULTS), [])
  t.same(differences([{ twimlet: 'findme', query: numbers(2) }, { twimlet: 'forward', query: 'PhoneNumber=%2B14155551001' }], DEFAULTS), [])
})

t.test('hold music, conference rooms, and each sentence said once for a whole line', async (t) => {
  t.same(differences([{ twimlet: 'holdmusic', query: 'Bucket=evil.example.com%2Fx' }], DEFAULTS),
    ['holdmusic lists only S3 buckets, where twimlets.com fetched whatever Bucket named: "evil.example.com/x" is no bucket name, so no music plays.'])
  t.same(differences([{ twimlet: 'holdmusic', query: 'Bucket=com.twilio.music.rock' }], DEFAULTS), [], 'on Amazon S3, as before')
  t.same(differences([{ twimlet: 'conference', query: 'Name=sales&Music=rock' }], { ...DEFAULTS, s3Endpoint: 'http://127.0.0.1:9000/' }),
    ['conference\'s rock hold music is listed from the bucket com.twilio.music.rock at 127.0.0.1:9000 (S3_ENDPOINT), not at Amazon S3.'])
  t.same(differences([{ twimlet: 'conference', query: 'Message=Welcome' }, { twimlet: 'conference', query: 'Moderators[]=%2B1' }], DEFAULTS),
    ['conference names a room without a Name after the line\'s own number too, so two lines with the same settings no longer share one room.'])
  const signed = { ...DEFAULTS, authTokens: ['0123456789abcdef'] }
  t.equal(differences([{ twimlet: 'message', query: 'Message=Hi' }, { twimlet: 'message', query: 'Message=Bye' }], signed).length, 1)
})
