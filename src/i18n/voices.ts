/**
 * Voices Twilio takes for <Say>, and the languages each speaks. Only voices known for sure are
 * listed; a voice not listed is passed on as typed, since Twilio adds voices.
 */

// Twilio's basic voices: man and woman speak English, Spanish, French and German.
const BASIC = new Set(['en', 'es', 'fr', 'de'])
const ALICE_SPEAKS = ['da-DK', 'de-DE', 'en-AU', 'en-CA', 'en-GB', 'en-IN', 'en-US', 'ca-ES', 'es-ES', 'es-MX', 'fi-FI', 'fr-CA', 'fr-FR',
  'it-IT', 'ja-JP', 'ko-KR', 'nb-NO', 'nl-NL', 'pl-PL', 'pt-BR', 'pt-PT', 'ru-RU', 'sv-SE', 'zh-CN', 'zh-HK', 'zh-TW']
const ALICE = new Set(ALICE_SPEAKS.map((l) => l.toLowerCase()))

/** Amazon Polly voices by the language they speak. */
const POLLY: Readonly<Record<string, readonly string[]>> = {
  'en-US': ['Joanna', 'Matthew', 'Ivy', 'Justin', 'Kendra', 'Kimberly', 'Salli', 'Joey', 'Kevin', 'Ruth', 'Stephen', 'Danielle', 'Gregory'],
  'en-GB': ['Amy', 'Brian', 'Emma', 'Arthur'],
  'en-AU': ['Nicole', 'Russell', 'Olivia'],
  'en-IN': ['Aditi', 'Raveena', 'Kajal'],
  'es-ES': ['Conchita', 'Enrique', 'Lucia', 'Sergio'],
  'es-MX': ['Mia', 'Andres'],
  'es-US': ['Penelope', 'Miguel', 'Lupe', 'Pedro'],
  'fr-FR': ['Celine', 'Mathieu', 'Lea', 'Remi'],
  'fr-CA': ['Chantal', 'Gabrielle', 'Liam'],
  'de-DE': ['Marlene', 'Vicki', 'Hans', 'Daniel'],
  'de-AT': ['Hannelore'],
  'pt-BR': ['Camila', 'Vitoria', 'Ricardo', 'Thiago'],
  'pt-PT': ['Cristiano', 'Ines'],
  'ja-JP': ['Mizuki', 'Takumi', 'Kazuha', 'Tomoko'],
  'it-IT': ['Carla', 'Bianca', 'Giorgio', 'Adriano'],
  'ko-KR': ['Seoyeon'],
  'nl-NL': ['Lotte', 'Ruben', 'Laura']
}

/** The languages Twilio's voices are known to speak, as Twilio spells them. */
export const SAY_LANGUAGES: readonly string[] = [...new Set([...ALICE_SPEAKS, ...Object.keys(POLLY)])]

/** Lower-case `Polly.name` to its spelling and language. */
const POLLY_VOICES: ReadonlyMap<string, { voice: string, speaks: string }> = new Map(Object.entries(POLLY).flatMap(([speaks, names]) =>
  names.map((name) => [`polly.${name.toLowerCase()}`, { voice: `Polly.${name}`, speaks }] as const)))
// Neural and generative editions of a Polly voice speak as it does.
const POLLY_EDITION = /-(neural|generative|longform)$/i
const EDITIONS: ReadonlyMap<string, string> = new Map([['-neural', '-Neural'], ['-generative', '-Generative'], ['-longform', '-LongForm']])
const GOOGLE = /^google\.([a-z]{2,3}-[a-z]{2,3})-/i

export type VoiceFit =
  | { kind: 'fits', voice: string }
  | { kind: 'unfit', speaks: string }
  | { kind: 'unknown' }

/** True when a voice speaking `speaks` reads `language`: the same code, or the same language when no region is asked. */
function speaksIt (speaks: string, language: string): boolean {
  const wanted = language.toLowerCase()
  const own = speaks.toLowerCase()
  return own === wanted || (!wanted.includes('-') && own.split('-')[0] === wanted)
}

/** Whether `voice` speaks `language`, with the voice in Twilio's spelling when known. */
export function voiceFit (voice: string, language: string): VoiceFit {
  const lower = voice.toLowerCase()
  const primary = language.toLowerCase().split('-')[0] ?? ''
  if (lower === 'man' || lower === 'woman') return BASIC.has(primary) ? { kind: 'fits', voice: lower } : { kind: 'unfit', speaks: 'en, es, fr, de' }
  if (lower === 'alice') {
    const fits = ALICE.has(language.toLowerCase()) || (!language.includes('-') && [...ALICE].some((l) => l.startsWith(`${primary}-`)))
    return fits ? { kind: 'fits', voice: 'alice' } : { kind: 'unfit', speaks: ALICE_SPEAKS.join(', ') }
  }
  const edition = POLLY_EDITION.exec(lower)?.[0] ?? ''
  const polly = POLLY_VOICES.get(lower.slice(0, lower.length - edition.length))
  if (polly !== undefined) {
    return speaksIt(polly.speaks, language) ? { kind: 'fits', voice: `${polly.voice}${EDITIONS.get(edition) ?? ''}` } : { kind: 'unfit', speaks: polly.speaks }
  }
  const google = GOOGLE.exec(voice)?.[1]
  if (google !== undefined) return speaksIt(google, language) ? { kind: 'fits', voice } : { kind: 'unfit', speaks: google }
  return { kind: 'unknown' }
}
