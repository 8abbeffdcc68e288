import t from 'tap'
import { voiceFit } from '../../../src/i18n/voices.js'

t.test('Polly voices speak their own language', async (t) => {
  t.same(voiceFit('Polly.Mizuki', 'ja-JP'), { kind: 'fits', voice: 'Polly.Mizuki' })
  t.same(voiceFit('polly.takumi', 'ja-jp'), { kind: 'fits', voice: 'Polly.Takumi' }, 'spelled as Twilio spells it')
  t.same(voiceFit('Polly.Kazuha-neural', 'ja-JP'), { kind: 'fits', voice: 'Polly.Kazuha-Neural' })
  t.same(voiceFit('Polly.Joanna', 'en'), { kind: 'fits', voice: 'Polly.Joanna' }, 'a language without a region')
  t.same(voiceFit('Polly.Joanna', 'ja-JP'), { kind: 'unfit', speaks: 'en-US' })
  t.same(voiceFit('Polly.Conchita', 'es-MX'), { kind: 'unfit', speaks: 'es-ES' })
})

t.test('Google voices say their language in their name', async (t) => {
  t.same(voiceFit('Google.ja-JP-Standard-A', 'ja-JP'), { kind: 'fits', voice: 'Google.ja-JP-Standard-A' })
  t.same(voiceFit('Google.en-GB-Wavenet-B', 'ja-JP'), { kind: 'unfit', speaks: 'en-GB' })
})

t.test('man and woman speak English, Spanish, French and German; alice many more', async (t) => {
  for (const language of ['en-US', 'en-GB', 'es-MX', 'fr-FR', 'de-DE']) t.same(voiceFit('man', language), { kind: 'fits', voice: 'man' }, language)
  t.match(voiceFit('woman', 'ja-JP'), { kind: 'unfit' })
  t.same(voiceFit('Alice', 'ja-JP'), { kind: 'fits', voice: 'alice' })
  t.same(voiceFit('alice', 'pt'), { kind: 'fits', voice: 'alice' })
  t.match(voiceFit('alice', 'xh-ZA'), { kind: 'unfit' })
})

t.test('a voice not known for sure is left to Twilio', async (t) => {
  t.same(voiceFit('Polly.Someone', 'ja-JP'), { kind: 'unknown' })
  t.same(voiceFit('ElevenLabs.x', 'ja-JP'), { kind: 'unknown' })
})
