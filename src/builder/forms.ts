/**
 * What the builder page asks for each twimlet: every parameter, with help. The names are checked
 * against each twimlet's declared `params` by the tests, so a form never drifts from its twimlet.
 */

export type FieldKind = 'text' | 'textarea' | 'phone' | 'url' | 'message' | 'email' | 'number' | 'bool' | 'choice'

export interface Field {
  /** As typed in the URL; lists and maps get their brackets when the URL is written. */
  name: string
  label: string
  kind: FieldKind
  help: string
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
  /** Label of a map's key column. */
  keyLabel?: string
  /** Values offered as the user types (any other value may be typed too). */
  suggestions?: readonly string[]
}

export interface Form {
  name: string
  title: string
  summary: string
  fields: Field[]
  /** Parameters the twimlet still reads only to say they are retired; not offered. */
  retired?: readonly string[]
}

const SPEECH: Field[] = [
  {
    name: 'Language', label: 'Language', kind: 'text', advanced: true, placeholder: 'ja-JP',
    suggestions: ['en-US', 'en-GB', 'ja-JP', 'es-ES', 'es-MX', 'fr-FR', 'fr-CA', 'de-DE', 'pt-BR', 'pt-PT'],
    help: 'Language of every spoken sentence, such as ja-JP, en-GB, es-MX, fr-FR, de-DE or pt-BR. The sentences this service says itself (defaults, goodbyes, problems) come in English, Japanese, Spanish, French, German and Portuguese; other languages hear them in English. Empty: the operator\'s DEFAULT_LANGUAGE, else English.'
  },
  {
    name: 'Voice', label: 'Voice', kind: 'text', advanced: true, placeholder: 'Polly.Mizuki',
    suggestions: ['alice', 'man', 'woman', 'Polly.Mizuki', 'Polly.Takumi', 'Polly.Joanna', 'Polly.Amy', 'Polly.Lucia', 'Polly.Mia', 'Polly.Celine', 'Polly.Marlene', 'Polly.Camila'],
    help: 'Voice of every spoken sentence: man, woman, alice, or an Amazon Polly or Google voice that speaks the Language (Polly.Mizuki or Polly.Takumi for ja-JP). A voice known not to speak it is left out, with a warning.'
  }
]

function region (numbers: string): Field {
  return {
    name: 'Region', label: 'Country of local numbers', kind: 'text', placeholder: 'JP', suggestions: ['JP', 'US', 'GB', 'CA', 'AU', 'DE', 'FR', 'ES', 'MX', 'BR', 'PT'],
    help: `Two-letter country code. ${numbers} written without their country code (090-1234-5678, 03-1234-5678, 0120-123-456) are taken as numbers of this country and dialed in international form (+819012345678); one that cannot be valid there is reported, never dialed. Empty: the operator's DEFAULT_REGION, else numbers are dialed as typed.`
  }
}

const DIAL: Field[] = [
  {
    name: 'CallerId', label: 'Caller ID', kind: 'phone', advanced: true, placeholder: 'called', suggestions: ['called', 'caller'],
    help: 'The number the called phones see: "called" for the Twilio number that was called (Twilio for KDDI Web Communications requires one of your own Twilio numbers here; numbers other than 050, 0800 and 0120 show as withheld), "caller" for the caller\'s own number, or a number of your Twilio account, or client:name. Empty: the operator\'s DEFAULT_CALLER_ID, else the caller\'s number.'
  },
  { name: 'TimeLimit', label: 'Time limit (seconds)', kind: 'number', min: 1, max: 14400, advanced: true, help: 'Longest a connected call may last, 1 to 14400 seconds (the default, 4 hours).' },
  {
    name: 'Record', label: 'Record', kind: 'choice', advanced: true, help: 'Record the connected call; the recording comes with the FailUrl/action request.',
    choices: ['do-not-record', 'record-from-answer', 'record-from-ringing', 'record-from-answer-dual', 'record-from-ringing-dual']
  },
  { name: 'RecordingStatusCallback', label: 'Recording status callback', kind: 'url', advanced: true, help: 'URL Twilio tells when the recording is ready.' },
  { name: 'RecordingStatusCallbackMethod', label: 'Recording callback method', kind: 'choice', choices: ['POST', 'GET'], advanced: true, help: 'How Twilio requests the recording status callback (POST by default).' },
  { name: 'RecordingStatusCallbackEvent', label: 'Recording callback events', kind: 'text', advanced: true, placeholder: 'completed', help: 'Which recording events to report: in-progress, completed, absent (space-separated).' },
  { name: 'Trim', label: 'Trim silence', kind: 'choice', choices: ['trim-silence', 'do-not-trim'], advanced: true, help: 'Remove silence from the start and end of the recording.' },
  { name: 'RingTone', label: 'Ring tone', kind: 'text', advanced: true, placeholder: 'us', help: 'Ringback the caller hears, by two-letter country code (us, uk, de, fr, ...).' },
  { name: 'AnswerOnBridge', label: 'Answer on bridge', kind: 'bool', advanced: true, help: 'Keep the caller hearing ringing (unanswered) until someone picks up.' },
  { name: 'HangupOnStar', label: 'Hang up on *', kind: 'bool', advanced: true, help: 'Let the caller end the connected call by pressing *.' },
  { name: 'SendDigits', label: 'Send digits', kind: 'text', advanced: true, placeholder: 'ww123#', help: 'Keys played to the answered phone, for extensions; w waits half a second.' }
]

function timeout (seconds: number): Field {
  return { name: 'Timeout', label: 'Ring for (seconds)', kind: 'number', min: 5, max: 600, placeholder: String(seconds), help: `How long each phone rings before it counts as not answered: 5 to 600 seconds, ${seconds} by default.` }
}

const FAIL_URL: Field = { name: 'FailUrl', label: 'When nobody answers, go to', kind: 'url', placeholder: 'voicemail?Email=you@example.com', help: 'A URL for the caller when the call is not connected: another twimlet of this service (a relative URL such as voicemail?Email=...) or any TwiML URL. Without it, the call ends.' }

function screening (what: string): Field[] {
  return [
    { name: 'Message', label: 'Whisper to the called person', kind: 'message', help: `What ${what} hears on answering, before being connected: text to say, or an audio URL to play. Default: "You are receiving a call from <the caller's number, grouped as written in the answerer's country>. Press any key to accept.", in the Language.` },
    { name: 'HumanCheck', label: 'Require a key press', kind: 'bool', placeholder: 'true', help: 'Connect only when the person answering presses a key, so a voicemail box that answers never takes the call. On by default, and then a Message of your own is followed by "Press any key to accept." in the Language; typed true, the Message is said alone, so it should ask for a key.' },
    { name: 'AcceptPrompt', label: 'Say "Press any key to accept."', kind: 'bool', advanced: true, help: 'After a Message of your own, also say "Press any key to accept." in the Language. Left empty: on when HumanCheck is left at its default, off when it is typed.' }
  ]
}

const FORMS: Form[] = [
  {
    name: 'forward',
    title: 'Forward',
    summary: 'Forwards the call to one phone number.',
    fields: [
      { name: 'PhoneNumber', label: 'Forward to', kind: 'phone', required: true, dialed: true, placeholder: '+14155551001', help: 'The number to ring: a phone number with country code (or in national form with a Region), or client:name, sip:user@host.' },
      region('It and the allowed callers'),
      timeout(20),
      FAIL_URL,
      { name: 'AllowedCallers', label: 'Only these callers', kind: 'phone', shape: 'list', help: 'When given, only calls from (or to) these numbers are forwarded; others hear the refusal below.' },
      { name: 'AccessRestricted', label: 'Refusal message', kind: 'message', help: 'What callers who are not allowed hear. Default: "Sorry, you are calling from a restricted number. Good bye.", in the Language.' },
      ...DIAL, ...SPEECH
    ]
  },
  {
    name: 'simulring',
    title: 'Simultaneous ring',
    summary: 'Rings several phones at once; the first to accept gets the call.',
    fields: [
      { name: 'PhoneNumbers', label: 'Phones to ring', kind: 'phone', shape: 'list', required: true, dialed: true, max: 10, placeholder: '+14155551001', help: 'Up to 10 numbers, all rung at the same time.' },
      region('The numbers'), timeout(20), ...screening('each person'), FAIL_URL, ...DIAL, ...SPEECH
    ]
  },
  {
    name: 'findme',
    title: 'Find me',
    summary: 'Tries each phone in turn until one accepts.',
    fields: [
      { name: 'PhoneNumbers', label: 'Phones to try, in order', kind: 'phone', shape: 'list', required: true, dialed: true, max: 10, placeholder: '+14155551001', help: 'Up to 10 numbers, rung one after the other.' },
      region('The numbers'), timeout(60), ...screening('each person'), FAIL_URL, ...DIAL, ...SPEECH
    ]
  },
  {
    name: 'callme',
    title: 'Call me',
    summary: 'Forwards the call to one phone, which must accept it with a key press.',
    fields: [
      { name: 'PhoneNumber', label: 'Your phone', kind: 'phone', required: true, dialed: true, placeholder: '+14155551001', help: 'The number to ring.' },
      region('It'), timeout(20), ...screening('you'), FAIL_URL, ...DIAL, ...SPEECH
    ]
  },
  {
    name: 'whisper',
    title: 'Whisper',
    summary: 'The screening document a dialed phone hears before being connected.',
    fields: [
      { name: 'Message', label: 'Message', kind: 'message', help: 'What the answering person hears. Default: "You are receiving a call from <the caller\'s number, grouped as written in the answerer\'s country>. Press any key to accept.", in the Language.' },
      { name: 'HumanCheck', label: 'Require a key press', kind: 'bool', placeholder: 'false', help: 'Hang up unless a key is pressed. Off by default for a bare whisper URL.' },
      { name: 'AcceptPrompt', label: 'Say "Press any key to accept."', kind: 'bool', advanced: true, placeholder: 'false', help: 'After a Message of your own, also say "Press any key to accept." in the Language. The dialing twimlets set it when they screen by default.' },
      { name: 'CallFrom', label: 'Announce the call as from', kind: 'text', advanced: true, placeholder: '+819012345678', help: 'The number the default message names, in place of the leg\'s From. The dialing twimlets set it when a CallerId shows the answered phone another number than the caller\'s.' },
      ...SPEECH
    ]
  },
  {
    name: 'voicemail',
    title: 'Voicemail',
    summary: 'Records a message and e-mails it to you.',
    fields: [
      { name: 'Email', label: 'Send messages to', kind: 'email', required: true, placeholder: 'you@example.com', help: 'The e-mail address that receives each message, with a link to the recording.' },
      { name: 'Message', label: 'Greeting', kind: 'message', help: 'Text to say or an audio URL to play before the beep. Default: "Please leave a message after the beep.", in the Language.' },
      { name: 'Transcribe', label: 'Transcribe', kind: 'bool', placeholder: 'true', help: 'Include Twilio\'s transcription of the message in the e-mail. On by default.' },
      ...SPEECH
    ]
  },
  {
    name: 'menu',
    title: 'Menu',
    summary: 'Plays a menu and sends the caller on by the key pressed.',
    fields: [
      { name: 'Message', label: 'Menu prompt', kind: 'message', help: 'Text to say or an audio URL to play, such as "For sales press 1, for support press 2."' },
      { name: 'Options', label: 'Options', kind: 'url', shape: 'map', keyLabel: 'Keys', required: true, help: 'For each key (or key sequence), the URL the caller goes to: another twimlet of this service (forward?PhoneNumber=...) or any TwiML URL.' },
      { name: 'ErrorMessage', label: 'Wrong key message', kind: 'message', help: 'What a caller who presses a key with no option hears. Default: "I\'m sorry, that wasn\'t a valid option.", in the Language.' },
      ...SPEECH
    ]
  },
  {
    name: 'message',
    title: 'Message',
    summary: 'Says or plays messages, in order.',
    fields: [
      { name: 'Message', label: 'Messages', kind: 'message', shape: 'list', help: 'Each is text to say or an audio URL to play.' },
      ...SPEECH
    ]
  },
  {
    name: 'holdmusic',
    title: 'Hold music',
    summary: 'Plays the audio files of an S3 bucket, shuffled, over and over.',
    fields: [
      { name: 'Bucket', label: 'S3 bucket', kind: 'text', required: true, placeholder: 'com.twilio.music.classical', help: 'A public S3 bucket; its .mp3, .wav and other audio files are played.' },
      { name: 'Message', label: 'Between tracks', kind: 'message', help: 'Text to say or audio to play between tracks, such as "Thanks for holding."' },
      ...SPEECH
    ]
  },
  {
    name: 'conference',
    title: 'Conference',
    summary: 'Puts callers in a conference room.',
    retired: ['EnableSmsNotifications'],
    fields: [
      { name: 'Name', label: 'Room name', kind: 'text', help: 'Callers to the same name meet. By default, one room per line and settings.' },
      { name: 'Password', label: 'Pass code', kind: 'text', placeholder: '1234', help: 'Digits callers must key in to join (at least 3 are gathered).' },
      { name: 'Moderators', label: 'Moderators', kind: 'phone', shape: 'list', help: 'Numbers whose arrival starts the conference; others wait with music until one joins.' },
      region('Moderators\' numbers'),
      { name: 'Music', label: 'Wait music', kind: 'text', placeholder: 'classical', help: 'A genre (classical, ambient, electronica, guitars, rock, soft-rock) or an audio or TwiML URL.' },
      { name: 'Message', label: 'Welcome', kind: 'message', help: 'What callers hear before joining. Default: "You are now entering the conference line.", in the Language.' },
      ...SPEECH
    ]
  },
  {
    name: 'echo',
    title: 'Echo',
    summary: 'Answers with the TwiML you give.',
    fields: [
      { name: 'Twiml', label: 'TwiML', kind: 'textarea', required: true, placeholder: '<Response><Say>Hello</Say></Response>', help: 'A whole TwiML document; it is checked and rebuilt, never reflected as typed.' }
    ]
  }
]

/** The forms of the twimlets served, in the order the service lists them. */
export function formsFor (names: readonly string[]): Form[] {
  return names.map((name) => FORMS.find((form) => form.name === name)).filter((form): form is Form => form !== undefined)
}
