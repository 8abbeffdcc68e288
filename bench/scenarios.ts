/** What one benchmark scenario asks of the service, as Twilio would ask it. */
export interface Scenario {
  name: string
  /** The request path and query; `{N}` is replaced by seven digits. */
  path: string
  /** Form fields Twilio adds for this step, after its call parameters. */
  extra: string
  /** The stage the service must log for this request: anything else is not what is measured. */
  stage: string
  /** The document must match, so a broken URL cannot benchmark an error message instead. */
  expect: RegExp
}

export type Pattern = 'repeated' | 'unique'

export const PATTERNS: readonly Pattern[] = ['repeated', 'unique']

const E = encodeURIComponent
const VOICEMAIL = `voicemail?Email=${E('owner@example.com')}`
const OTHERS = Array.from({ length: 9 }, (_, i) => `PhoneNumbers[]=${E(`+1415555${1002 + i}`)}`)

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'findme first step',
    path: `/findme?PhoneNumbers[]=%2B1415{N}&${OTHERS.slice(0, 2).join('&')}&Timeout=20&FailUrl=${E(VOICEMAIL)}`,
    extra: '',
    stage: 'dial',
    expect: /<Dial action="findme\?Dial=true[^"]*"[^>]*><Number url="whisper\?[^"]*">\+1415\d{7}<\/Number><\/Dial>/
  },
  {
    name: 'findme action step',
    path: `/findme?Dial=true&FailUrl=${E(VOICEMAIL)}&Timeout=20&HumanCheck=true&PhoneNumbers[]=%2B1415{N}&${OTHERS.slice(1, 2).join('&')}`,
    extra: '&DialCallDuration=0&DialCallSid=DC00000000000000000000000000000001&DialCallStatus=no-answer',
    stage: 'dial-next',
    expect: /<Dial action="findme\?Dial=true[^"]*"[^>]*><Number url="whisper\?[^"]*">\+1415\d{7}<\/Number><\/Dial>/
  },
  {
    name: 'forward',
    path: '/forward?PhoneNumber=%2B1415{N}&Timeout=20',
    extra: '',
    stage: 'dial',
    expect: /<Dial action="forward\?Dial=true"[^>]*><Number>\+1415\d{7}<\/Number><\/Dial>/
  },
  {
    name: 'simulring, ten numbers',
    path: `/simulring?PhoneNumbers[]=%2B1415{N}&${OTHERS.join('&')}&Message=${E('Call for sales. Press any key to accept.')}`,
    extra: '',
    stage: 'dial',
    expect: /<Dial [^>]*>(<Number url="whisper\?[^"]*">\+1415\d{7}<\/Number>){10}<\/Dial>/
  },
  {
    name: 'whisper',
    path: `/whisper?Message=${E('Call for line ')}{N}${E('. Press any key to accept.')}&HumanCheck=true`,
    extra: '',
    stage: 'prompt',
    expect: /<Gather numDigits="1"><Say>Call for line \d{7}\. Press any key to accept\.<\/Say><\/Gather><Hangup\/>/
  },
  {
    name: 'menu',
    path: `/menu?Message=${E('Thanks for calling line ')}{N}${E('. Press 1 for sales, 2 for support.')}` +
      `&Options[1]=${E(`forward?PhoneNumber=${E('+14155551001')}`)}&Options[2]=${E(`voicemail?Email=${E('support@example.com')}`)}`,
    extra: '',
    stage: 'prompt',
    expect: /<Gather [^>]*numDigits="1"[^>]*><Say>Thanks for calling line \d{7}\./
  },
  {
    name: 'message',
    path: `/message?Message[]=${E('Our office ')}{N}${E(' is closed.')}&Message[]=${E('https://example.com/closed.mp3')}`,
    extra: '',
    stage: 'message',
    expect: /<Say>Our office \d{7} is closed\.<\/Say><Play>https:\/\/example\.com\/closed\.mp3<\/Play>/
  },
  {
    name: 'voicemail stage 1',
    path: `/voicemail?Email=owner{N}%40example.com&Message=${E('Please leave a message after the beep.')}`,
    extra: '',
    stage: 'greeting',
    expect: /<Say>Please leave a message after the beep\.<\/Say><Record [^>]*action="voicemail\?Email=owner\d{7}%40example\.com"/
  }
]

/**
 * Seven digits, the same width for every i, so every answer of a scenario has one size; a
 * valid exchange (2xx to 9xx), so +1415 and these make a number the service does not warn about.
 */
export function digits (i: number): string {
  return String(2_000_000 + (i % 8_000_000))
}

const REPEATED = digits(0)

/** Each request is a new call, with its own CallSid, as Twilio sends them. */
export function callSidOf (i: number): string {
  return `CA${String(i).padStart(32, '0')}`
}

/** The parameters Twilio posts for an inbound call, in its (alphabetical) order. */
function callForm (callSid: string, from: string): string {
  return 'AccountSid=AC00000000000000000000000000000000&ApiVersion=2010-04-01' +
    `&CallSid=${callSid}&CallStatus=ringing&Called=%2B14155550100&CalledCity=SAN+FRANCISCO&CalledCountry=US` +
    `&CalledState=CA&CalledZip=94105&Caller=${from}&CallerCity=OAKLAND&CallerCountry=US&CallerState=CA` +
    `&CallerZip=94612&Direction=inbound&From=${from}&FromCity=OAKLAND&FromCountry=US&FromState=CA` +
    '&FromZip=94612&To=%2B14155550100&ToCity=SAN+FRANCISCO&ToCountry=US&ToState=CA&ToZip=94105'
}

export interface BenchRequest {
  path: string
  body: string
}

/**
 * The i-th request of a run. Every request is a new call (its own CallSid, as Twilio sends);
 * with `unique`, the URL and the caller differ too, so nothing keyed on the request repeats.
 */
export function requestOf (scenario: Scenario, pattern: Pattern, i: number): BenchRequest {
  const n = digits(i)
  const callSid = callSidOf(i)
  const from = pattern === 'unique' ? `%2B1510${n}` : '%2B15105551212'
  return {
    path: scenario.path.replaceAll('{N}', pattern === 'unique' ? n : REPEATED),
    body: callForm(callSid, from) + scenario.extra
  }
}
