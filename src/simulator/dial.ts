import { parsePhone } from '../dialing/phone.js'
import { parseTarget, phoneKey, type TargetKind } from '../dialing/targets.js'
import type { XmlElement } from '../twiml/xml.js'
import type { Call, Fetch, Leg, LegEnd } from './call.js'
import { attr, children, intAttr, textOf } from './document.js'
import { SIGNAL_AFTER, type Method, type Party } from './script.js'
import { WAIT_MUSIC } from './transcript.js'
import { API_VERSION } from './verbs.js'

const KINDS: Readonly<Record<string, TargetKind>> = { Number: 'number', Client: 'client', Sip: 'sip', Sim: 'sim' }
const ROOMS = new Set(['Conference', 'Queue'])
/** Twilio's default <Dial timeout>, and the most it allows. */
const TIMEOUT = { fallback: 30, max: 600 }
const ACCEPT: Party = { outcome: 'accept' }

interface Dialed {
  noun: XmlElement
  /** The target as written in the <Dial>, `client:` added for a <Client>. */
  label: string
  party: Party
  sid: string
}

interface Signal {
  dialed: Dialed
  at: number
  kind: 'answered' | 'busy' | 'failed' | 'no-answer'
}

function key (kind: TargetKind | undefined, value: string): string {
  return kind === 'number' ? `number:${phoneKey(value)}` : `${kind ?? 'other'}:${value.trim().toLowerCase()}`
}

/**
 * The party a dialed target is: found by its digits, or for a number in E.164 by its national
 * form, as the script may name it (`090-1234-5678` when a Region made it `+819012345678`).
 */
function partyOf (parties: ReadonlyMap<string, Party>, kind: TargetKind, value: string): Party | undefined {
  const party = parties.get(key(kind, value))
  if (party !== undefined || kind !== 'number') return party
  const national = parsePhone(value)?.national
  return national === undefined ? undefined : parties.get(key(kind, national))
}

/** The scripted parties, found by target: numbers compared by their digits, the rest by name. */
function partiesOf (call: Call): Map<string, Party> {
  const parties = new Map<string, Party>()
  for (const [typed, party] of call.script.parties) {
    const target = parseTarget(typed)
    parties.set(target === undefined ? key(undefined, typed) : key(target.kind, target.value), party)
  }
  return parties
}

function method (el: XmlElement, name: string): Method {
  return attr(el, name)?.toUpperCase() === 'GET' ? 'GET' : 'POST'
}

function signalOf (dialed: Dialed, timeout: number): Signal {
  const { outcome, after } = dialed.party
  const at = after ?? SIGNAL_AFTER[outcome]
  if (outcome === 'busy') return { dialed, at: Math.min(at, timeout), kind: 'busy' }
  if (outcome === 'fails') return { dialed, at: Math.min(at, timeout), kind: 'failed' }
  if (outcome === 'no-answer' || at >= timeout) return { dialed, at: timeout, kind: 'no-answer' }
  return { dialed, at, kind: 'answered' }
}

/**
 * The answered leg runs its `<Number url>` document; the caller is connected when that document
 * runs out of verbs, and not when it hangs up.
 */
async function screen (call: Call, caller: Leg, dialed: Dialed, documentUrl: string, callerId: string | undefined): Promise<boolean> {
  const ref = attr(dialed.noun, 'url')
  if (ref === undefined || ref.trim() === '') return true
  const accepts = dialed.party.outcome === 'accept'
  const from = callerId ?? caller.params.From ?? ''
  const leg: Leg = {
    name: dialed.label,
    role: 'callee',
    params: {
      AccountSid: caller.params.AccountSid ?? '',
      ApiVersion: caller.params.ApiVersion ?? '',
      CallSid: dialed.sid,
      ParentCallSid: caller.params.CallSid ?? '',
      CallStatus: 'in-progress',
      Direction: 'outbound-dial',
      From: from,
      Caller: from,
      To: dialed.label,
      Called: dialed.label
    },
    keys: () => (accepts ? dialed.party.keys ?? '1' : undefined)
  }
  const url = call.resolve(leg, ref, documentUrl)
  if (url === 'error') return false
  const end: LegEnd = await call.runLeg(leg, { url, method: method(dialed.noun, 'method'), extra: {} })
  if (end === 'external') {
    call.emit({ type: 'note', leg: dialed.label, text: `its screening document is on another site; taken to ${accepts ? 'accept' : 'refuse'} the call` })
    return accepts
  }
  return end === 'done'
}

/** <Conference> or <Queue>: the caller joins, hears the wait music once, and stays until hanging up. */
async function joinRoom (call: Call, caller: Leg, verb: XmlElement, room: XmlElement, documentUrl: string): Promise<LegEnd> {
  const name = textOf(room).trim()
  if (room.name === 'Queue') {
    call.emit({ type: 'queue', leg: caller.name, name })
    return 'done'
  }
  call.emit({ type: 'conference', leg: caller.name, name, startsOnEnter: attr(room, 'startConferenceOnEnter') !== 'false' })
  const wait = attr(room, 'waitUrl')
  if (wait === undefined) {
    call.emit({ type: 'note', leg: caller.name, text: 'Twilio\'s default wait music plays until the conference starts' })
  } else if (wait.trim() !== '') {
    const url = call.resolve(caller, wait, documentUrl)
    if (url === 'error') return url
    const hold: Leg = { name: WAIT_MUSIC, role: 'hold', params: { ...caller.params }, keys: () => undefined }
    await call.runLeg(hold, { url, method: method(room, 'waitMethod'), extra: {} })
  }
  call.emit({ type: 'note', leg: caller.name, text: `the caller stays in the conference for ${call.script.talkSeconds} s, then hangs up` })
  const action = attr(verb, 'action')
  if (action !== undefined && action.trim() !== '') {
    const url = call.resolve(caller, action, documentUrl)
    if (url === 'error') return url
    // The caller has gone: Twilio still reports the dial, and acts on nothing in the answer.
    call.later({ ...caller, name: 'caller (gone)', role: 'callback', params: { ...caller.params, CallStatus: 'completed' } },
      { url, method: method(verb, 'method'), extra: { DialCallStatus: 'answered' } })
  }
  return 'done'
}

function dialStatus (signals: readonly Signal[], winner: Dialed | undefined, answered: Dialed | undefined): string {
  if (winner !== undefined || answered !== undefined) return 'completed'
  if (signals.some((s) => s.kind === 'no-answer')) return 'no-answer'
  return signals.some((s) => s.kind === 'busy') ? 'busy' : 'failed'
}

/**
 * A <Dial>: every target rings at once; each gives its scripted signal in time order, and the
 * first answered leg whose screening lets it through is connected. Then Twilio requests the
 * action URL with the outcome, or goes on with the next verb when there is none.
 */
export async function runDial (call: Call, caller: Leg, verb: XmlElement, documentUrl: string): Promise<Fetch | LegEnd | undefined> {
  let nouns = children(verb)
  const bare = verb.children.filter((node): node is string => typeof node === 'string').join('').trim()
  if (nouns.length === 0 && bare !== '') nouns = [{ name: 'Number', attributes: [], children: [bare] }]
  const room = nouns.find((noun) => ROOMS.has(noun.name))
  if (room !== undefined) return await joinRoom(call, caller, verb, room, documentUrl)
  const parties = partiesOf(call)
  const unscripted: string[] = []
  const legs: Dialed[] = []
  for (const noun of nouns) {
    const kind = KINDS[noun.name]
    if (kind === undefined) {
      call.emit({ type: 'note', leg: caller.name, text: `<${noun.name}> inside <Dial> is not simulated; skipped` })
      continue
    }
    const value = textOf(noun).trim()
    const label = kind === 'client' && !value.toLowerCase().startsWith('client:') ? `client:${value}` : value
    const party = partyOf(parties, kind, kind === 'client' ? label.slice('client:'.length) : value)
    if (party === undefined) unscripted.push(label)
    legs.push({ noun, label, party: party ?? ACCEPT, sid: call.sids.next('CA') })
  }
  if (legs.length === 0) {
    call.emit({ type: 'note', leg: caller.name, text: 'the <Dial> has nobody to call' })
    return undefined
  }
  const timeout = Math.min(Math.max(intAttr(verb, 'timeout', TIMEOUT.fallback), 1), TIMEOUT.max)
  call.emit({ type: 'dial', leg: caller.name, targets: legs.map((l) => l.label), timeout })
  if (unscripted.length > 0) call.emit({ type: 'note', leg: caller.name, text: `no outcome given for ${unscripted.join(', ')}: answers and accepts` })

  const signals = legs.map((dialed) => signalOf(dialed, timeout))
  const order = signals.map((signal, i) => ({ signal, i })).sort((a, b) => a.signal.at - b.signal.at || a.i - b.i).map(({ signal }) => signal)
  const callerId = attr(verb, 'callerId')
  let winner: Dialed | undefined
  let answered: Dialed | undefined
  for (const signal of order) {
    const { dialed } = signal
    if (winner !== undefined) {
      call.emit({ type: 'ring', leg: dialed.label, result: 'canceled', after: signal.at })
      call.ended(dialed.label, 'canceled')
      continue
    }
    call.emit({ type: 'ring', leg: dialed.label, result: signal.kind, after: signal.at })
    if (signal.kind !== 'answered') {
      call.ended(dialed.label, signal.kind)
    } else if (await screen(call, caller, dialed, documentUrl, callerId)) {
      winner = dialed
      call.emit({ type: 'bridged', leg: dialed.label, seconds: call.script.talkSeconds, machine: dialed.party.outcome === 'voicemail' })
      call.ended(dialed.label, 'bridged')
    } else {
      answered = dialed
      call.emit({ type: 'screened-out', leg: dialed.label })
      call.ended(dialed.label, 'screened-out')
    }
  }

  const status = dialStatus(signals, winner, answered)
  call.emit({ type: 'dial-end', leg: caller.name, status, bridged: winner !== undefined })
  const action = attr(verb, 'action')
  if (action === undefined || action.trim() === '') return undefined
  const url = call.resolve(caller, action, documentUrl)
  if (url === 'error') return url
  const last = winner ?? answered ?? order.at(-1)?.dialed
  const extra: Record<string, string> = {
    DialCallStatus: status,
    DialCallSid: last?.sid ?? '',
    DialCallDuration: String(winner === undefined ? 0 : call.script.talkSeconds),
    DialBridged: String(winner !== undefined)
  }
  const record = attr(verb, 'record')
  if (winner !== undefined && record !== undefined && record !== 'false' && record !== 'do-not-record') {
    const recordingSid = call.sids.next('RE')
    extra.RecordingUrl = `https://api.twilio.com/${API_VERSION}/Accounts/${caller.params.AccountSid ?? ''}/Recordings/${recordingSid}`
    extra.RecordingSid = recordingSid
    extra.RecordingDuration = String(call.script.talkSeconds)
  }
  return { url, method: method(verb, 'method'), extra }
}
