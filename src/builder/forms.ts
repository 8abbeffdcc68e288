import { en, type PageText } from './text/en.js'
import { fill, PAGE_TEXTS, type PageLanguage } from './text/index.js'

/**
 * What the builder page asks for each twimlet: every parameter, with help. The names are checked
 * against each twimlet's declared `params` by the tests, so a form never drifts from its twimlet.
 * The words (labels, help, titles) come from the page's catalogs (src/builder/text/), by language.
 */

export type FieldKind = 'text' | 'textarea' | 'phone' | 'url' | 'message' | 'email' | 'number' | 'bool' | 'choice'

type FieldTextKey = keyof PageText['fields']
type FormName = keyof PageText['forms']

/** A field as this module declares it; its words are looked up by `text` (default: its name). */
interface FieldSpec {
  /** As typed in the URL; lists and maps get their brackets when the URL is written. */
  name: string
  kind: FieldKind
  /** The catalog entry of its label and help, when not the name itself. */
  text?: FieldTextKey
  /** Region: whose numbers its help speaks of. */
  numbers?: keyof PageText['regionNumbers']
  /** `list`: Name[]=a&Name[]=b, rows added and removed; `map`: Name[key]=value rows. */
  shape?: 'list' | 'map'
  required?: boolean
  min?: number
  max?: number
  choices?: readonly string[]
  /** Shown behind the "advanced" fold. */
  advanced?: boolean
  placeholder?: string
  /** The targets it names are dialed: the simulation asks what each one does. */
  dialed?: boolean
  /** Values offered as the user types (any other value may be typed too). */
  suggestions?: readonly string[]
  /** A URL that may be built with another twimlet's form, nested as a relative URL of this service. */
  nests?: boolean
}

export interface Field extends Omit<FieldSpec, 'text' | 'numbers'> {
  label: string
  help: string
  /** Label of a map's key column. */
  keyLabel?: string
}

interface FormSpec {
  name: FormName
  fields: FieldSpec[]
  /** Parameters the twimlet still reads only to say they are retired; not offered. */
  retired?: readonly string[]
}

export interface Form extends Omit<FormSpec, 'name' | 'fields'> {
  name: string
  title: string
  summary: string
  fields: Field[]
}

const SPEECH: FieldSpec[] = [
  {
    name: 'Language',
    kind: 'text',
    advanced: true,
    placeholder: 'ja-JP',
    suggestions: ['en-US', 'en-GB', 'ja-JP', 'es-ES', 'es-MX', 'fr-FR', 'fr-CA', 'de-DE', 'pt-BR', 'pt-PT']
  },
  {
    name: 'Voice',
    kind: 'text',
    advanced: true,
    placeholder: 'Polly.Mizuki',
    suggestions: ['alice', 'man', 'woman', 'Polly.Mizuki', 'Polly.Takumi', 'Polly.Joanna', 'Polly.Amy', 'Polly.Lucia', 'Polly.Mia', 'Polly.Celine', 'Polly.Marlene', 'Polly.Camila']
  }
]

function region (numbers: FieldSpec['numbers']): FieldSpec {
  return {
    name: 'Region', kind: 'text', numbers, placeholder: 'JP', suggestions: ['JP', 'US', 'GB', 'CA', 'AU', 'DE', 'FR', 'ES', 'MX', 'BR', 'PT']
  }
}

const DIAL: FieldSpec[] = [
  {
    name: 'CallerId', kind: 'phone', advanced: true, placeholder: 'called', suggestions: ['called', 'caller']
  },
  { name: 'TimeLimit', kind: 'number', min: 1, max: 14400, advanced: true },
  {
    name: 'Record',
    kind: 'choice',
    advanced: true,
    choices: ['do-not-record', 'record-from-answer', 'record-from-ringing', 'record-from-answer-dual', 'record-from-ringing-dual']
  },
  { name: 'RecordingStatusCallback', kind: 'url', advanced: true },
  { name: 'RecordingStatusCallbackMethod', kind: 'choice', choices: ['POST', 'GET'], advanced: true },
  { name: 'RecordingStatusCallbackEvent', kind: 'text', advanced: true, placeholder: 'completed' },
  { name: 'Trim', kind: 'choice', choices: ['trim-silence', 'do-not-trim'], advanced: true },
  { name: 'RingTone', kind: 'text', advanced: true, placeholder: 'us' },
  { name: 'AnswerOnBridge', kind: 'bool', advanced: true },
  { name: 'HangupOnStar', kind: 'bool', advanced: true },
  { name: 'SendDigits', kind: 'text', advanced: true, placeholder: 'ww123#' }
]

function timeout (seconds: number): FieldSpec {
  return { name: 'Timeout', kind: 'number', min: 5, max: 600, placeholder: String(seconds) }
}

const FAIL_URL: FieldSpec = { name: 'FailUrl', kind: 'url', placeholder: 'voicemail?Email=you@example.com' }

function screening (message: FieldTextKey): FieldSpec[] {
  return [
    { name: 'Message', kind: 'message', text: message },
    { name: 'HumanCheck', kind: 'bool', text: 'screening.HumanCheck', placeholder: 'true' },
    { name: 'AcceptPrompt', kind: 'bool', text: 'screening.AcceptPrompt', advanced: true }
  ]
}

const FORMS: FormSpec[] = [
  {
    name: 'forward',
    fields: [
      { name: 'PhoneNumber', text: 'forward.PhoneNumber', kind: 'phone', required: true, dialed: true, placeholder: '+14155551001' },
      region('forward'),
      timeout(20),
      FAIL_URL,
      { name: 'AllowedCallers', kind: 'phone', shape: 'list' },
      { name: 'AccessRestricted', kind: 'message' },
      ...DIAL, ...SPEECH
    ]
  },
  {
    name: 'simulring',
    fields: [
      { name: 'PhoneNumbers', text: 'simulring.PhoneNumbers', kind: 'phone', shape: 'list', required: true, dialed: true, max: 10, placeholder: '+14155551001' },
      region('list'), timeout(20), ...screening('screening.Message'), FAIL_URL, ...DIAL, ...SPEECH
    ]
  },
  {
    name: 'findme',
    fields: [
      { name: 'PhoneNumbers', text: 'findme.PhoneNumbers', kind: 'phone', shape: 'list', required: true, dialed: true, max: 10, placeholder: '+14155551001' },
      region('list'), timeout(60), ...screening('screening.Message'), FAIL_URL, ...DIAL, ...SPEECH
    ]
  },
  {
    name: 'callme',
    fields: [
      { name: 'PhoneNumber', text: 'callme.PhoneNumber', kind: 'phone', required: true, dialed: true, placeholder: '+14155551001' },
      region('callme'), timeout(20), ...screening('callme.Message'), FAIL_URL, ...DIAL, ...SPEECH
    ]
  },
  {
    name: 'whisper',
    fields: [
      { name: 'Message', text: 'whisper.Message', kind: 'message' },
      { name: 'HumanCheck', text: 'whisper.HumanCheck', kind: 'bool', placeholder: 'false' },
      { name: 'AcceptPrompt', text: 'whisper.AcceptPrompt', kind: 'bool', advanced: true, placeholder: 'false' },
      { name: 'CallFrom', kind: 'text', advanced: true, placeholder: '+819012345678' },
      ...SPEECH
    ]
  },
  {
    name: 'voicemail',
    fields: [
      { name: 'Email', kind: 'email', required: true, placeholder: 'you@example.com' },
      { name: 'Message', text: 'voicemail.Message', kind: 'message' },
      { name: 'Transcribe', kind: 'bool', placeholder: 'true' },
      { name: 'TimeZone', kind: 'text', advanced: true, placeholder: 'Asia/Tokyo' },
      ...SPEECH
    ]
  },
  {
    name: 'menu',
    fields: [
      { name: 'Message', text: 'menu.Message', kind: 'message' },
      { name: 'Options', kind: 'url', shape: 'map', required: true },
      { name: 'ErrorMessage', kind: 'message' },
      ...SPEECH
    ]
  },
  {
    name: 'message',
    fields: [
      { name: 'Message', text: 'message.Message', kind: 'message', shape: 'list' },
      ...SPEECH
    ]
  },
  {
    name: 'holdmusic',
    fields: [
      { name: 'Bucket', kind: 'text', required: true, placeholder: 'com.twilio.music.classical' },
      { name: 'Message', text: 'holdmusic.Message', kind: 'message' },
      ...SPEECH
    ]
  },
  {
    name: 'conference',
    retired: ['EnableSmsNotifications'],
    fields: [
      { name: 'Name', kind: 'text' },
      { name: 'Password', kind: 'text', placeholder: '1234' },
      { name: 'Moderators', kind: 'phone', shape: 'list' },
      region('conference'),
      { name: 'Music', kind: 'text', placeholder: 'classical' },
      { name: 'Message', text: 'conference.Message', kind: 'message' },
      ...SPEECH
    ]
  },
  {
    name: 'hours',
    fields: [
      { name: 'Open', kind: 'text', shape: 'list', placeholder: 'Mon-Fri 09:00-18:00' },
      {
        name: 'TimeZone',
        text: 'hours.TimeZone',
        kind: 'text',
        placeholder: 'Asia/Tokyo',
        suggestions: ['Asia/Tokyo', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Europe/Paris', 'Europe/Madrid', 'America/Sao_Paulo', 'Australia/Sydney', 'UTC']
      },
      { name: 'Holidays', kind: 'text', placeholder: 'JP', suggestions: ['JP', 'US', 'GB', 'DE', 'FR', 'ES', 'PT', 'BR', 'MX', 'CA', 'AU', 'US-CA', 'US-NY', 'DE-BY'] },
      { name: 'Closed', kind: 'text', shape: 'list', placeholder: '2026-12-29..2027-01-03' },
      { name: 'OpenUrl', kind: 'url', required: true, nests: true, placeholder: 'findme?PhoneNumbers[]=%2B14155551001' },
      { name: 'ClosedUrl', kind: 'url', nests: true, placeholder: 'voicemail?Email=you@example.com' },
      { name: 'ClosedMessage', kind: 'message' },
      { name: 'Region', text: 'hours.Region', kind: 'text', advanced: true, placeholder: 'JP', suggestions: ['JP', 'US', 'GB', 'DE', 'FR'] },
      ...SPEECH
    ]
  },
  {
    name: 'echo',
    fields: [
      { name: 'Twiml', kind: 'textarea', required: true, placeholder: '<Response><Say>Hello</Say></Response>' }
    ]
  }
]

function fieldIn (text: PageText, spec: FieldSpec): Field {
  const { text: key, numbers, ...field } = spec
  const words: { label: string, help: string, keyLabel?: string } | undefined = (text.fields as Record<string, PageText['fields'][FieldTextKey]>)[key ?? spec.name]
  if (words === undefined) throw new Error(`the page text has no entry for the field ${key ?? spec.name}`)
  const help = fill(words.help, { seconds: spec.placeholder ?? '', numbers: numbers === undefined ? '' : text.regionNumbers[numbers] })
  return { ...field, label: words.label, help, ...(words.keyLabel === undefined ? {} : { keyLabel: words.keyLabel }) }
}

function formIn (text: PageText, spec: FormSpec): Form {
  return { ...spec, ...text.forms[spec.name], fields: spec.fields.map((field) => fieldIn(text, field)) }
}

/** Every form in every language, put together once. */
const TRANSLATED = new Map(Object.entries(PAGE_TEXTS).map(([lang, text]) => [lang, FORMS.map((spec) => formIn(text, spec))]))

/** The forms of the twimlets served, in the order the service lists them, in the page's language. */
export function formsFor (names: readonly string[], lang: PageLanguage = 'en'): Form[] {
  const forms = TRANSLATED.get(lang) ?? TRANSLATED.get(en.language) ?? []
  return names.map((name) => forms.find((form) => form.name === name)).filter((form): form is Form => form !== undefined)
}
