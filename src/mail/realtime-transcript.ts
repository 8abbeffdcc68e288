import type { Params } from '../params/params.js'

/**
 * A voicemail transcribed in real time (<Start><Transcription>) arrives in pieces: the recording
 * from <Record>'s action, the words in Twilio's transcription events, each its own request, in
 * any order, any of them retried. Both kinds name the call (CallSid), which is what ties them.
 */

/** Twilio's real-time transcription events (TranscriptionEvent). */
const EVENTS: ReadonlyMap<string, TranscriptionEvent['kind']> = new Map([
  ['transcription-started', 'started'],
  ['transcription-content', 'content'],
  ['transcription-stopped', 'stopped'],
  ['transcription-error', 'error']
])

const CALL_SID = /^CA[0-9a-f]{32}$/i
const TRANSCRIPTION_SID = /^GT[0-9a-f]{32}$/i
/** A voicemail is minutes long: far fewer events than this. */
const SEQUENCE = { min: 1, max: 10_000 }
/** Bounds on what is kept of one voicemail's transcript. */
export const TRANSCRIPT_LIMITS = { utterances: 500, utteranceLength: 2000, length: 20_000, events: 1000 } as const
/** TranscriptionData is a small JSON object; anything much larger is not Twilio's. */
const DATA_LENGTH = 3 * TRANSCRIPT_LIMITS.utteranceLength

export interface TranscriptionEvent {
  kind: 'started' | 'content' | 'stopped' | 'error'
  callSid: string
  transcriptionSid: string
  sequence: number
  /** A final utterance of the caller's; undefined for other events and partial results. */
  text?: string | undefined
}

/** What the recording's callback said, for the e-mail. */
export interface RecordingFacts {
  caller: string | undefined
  called: string | undefined
  /** The MP3 to link to. */
  url: string | undefined
  seconds: number | undefined
  receivedAt: number
}

export interface Utterance {
  sequence: number
  text: string
}

/** Everything known so far of one voicemail. */
export interface VoicemailDraft {
  /** The transcription whose events count: the first seen (one <Start><Transcription> per voicemail). */
  transcriptionSid?: string | undefined
  /** SequenceIds of every event seen, so a retry is known and a gap noticed. */
  seen: number[]
  utterances: Utterance[]
  /** The SequenceId of transcription-stopped, once it came. */
  stopped?: number | undefined
  failed?: boolean | undefined
  recording?: RecordingFacts | undefined
}

export function isVoicemailDraft (value: unknown): value is VoicemailDraft {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Partial<VoicemailDraft>
  return Array.isArray(v.seen) && v.seen.every((n) => typeof n === 'number') &&
    Array.isArray(v.utterances) && v.utterances.every((u) => typeof u?.sequence === 'number' && typeof u.text === 'string') &&
    (v.recording === undefined || typeof v.recording.receivedAt === 'number')
}

/** Twilio's CallSid, when it is one. */
export function callSidOf (params: Params): string | undefined {
  const sid = params.string('CallSid', 64)
  return sid !== undefined && CALL_SID.test(sid) ? sid : undefined
}

function transcriptOf (params: Params): string | undefined {
  const data = params.string('TranscriptionData', DATA_LENGTH)
  if (data === undefined) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(data)
  } catch {
    parsed = undefined
  }
  const transcript = typeof parsed === 'object' && parsed !== null ? (parsed as { transcript?: unknown }).transcript : undefined
  if (typeof transcript !== 'string') {
    params.warn('TranscriptionData', 'is not the JSON object with a transcript that Twilio sends; ignored')
    return undefined
  }
  return transcript.slice(0, TRANSCRIPT_LIMITS.utteranceLength)
}

/**
 * A real-time transcription event as Twilio sends it; undefined, with a warning, for a request
 * Twilio would not send (no call, no transcription, no sequence number).
 */
export function readTranscriptionEvent (params: Params): TranscriptionEvent | undefined {
  const typed = params.string('TranscriptionEvent', 64) ?? ''
  const kind = EVENTS.get(typed)
  const callSid = callSidOf(params)
  const transcriptionSid = params.string('TranscriptionSid', 64)
  const sequenceText = params.string('SequenceId', 16) ?? ''
  const sequence = /^\d{1,6}$/.test(sequenceText) ? Number(sequenceText) : undefined
  if (kind === undefined) {
    params.warn('TranscriptionEvent', `"${typed.slice(0, 64)}" is not one of ${[...EVENTS.keys()].join(', ')}; ignored`)
    return undefined
  }
  if (callSid === undefined) {
    params.warn('CallSid', 'is not a Twilio call SID; the transcription event is ignored')
    return undefined
  }
  if (transcriptionSid === undefined || !TRANSCRIPTION_SID.test(transcriptionSid)) {
    params.warn('TranscriptionSid', 'is not a Twilio real-time transcription SID; the event is ignored')
    return undefined
  }
  if (sequence === undefined || sequence < SEQUENCE.min || sequence > SEQUENCE.max) {
    params.warn('SequenceId', `is not a whole number from ${SEQUENCE.min} to ${SEQUENCE.max}; the transcription event is ignored`)
    return undefined
  }
  const event: TranscriptionEvent = { kind, callSid, transcriptionSid, sequence }
  // Only the caller was asked for (inbound_track), and only final results make the transcript.
  const track = params.string('Track', 32)
  if (kind === 'content' && params.bool('Final') === true && (track === undefined || track === 'inbound_track')) event.text = transcriptOf(params)
  return event
}

/** The draft with one more event; a retried one, or another transcription's, changes nothing. */
export function withEvent (draft: VoicemailDraft | undefined, event: TranscriptionEvent): VoicemailDraft {
  const base: VoicemailDraft = draft ?? { seen: [], utterances: [] }
  const sid = base.transcriptionSid ?? event.transcriptionSid
  if (sid !== event.transcriptionSid || base.seen.includes(event.sequence) || base.seen.length >= TRANSCRIPT_LIMITS.events) return base
  const next: VoicemailDraft = { ...base, transcriptionSid: sid, seen: [...base.seen, event.sequence] }
  if (event.kind === 'stopped') next.stopped = event.sequence
  if (event.kind === 'error') next.failed = true
  if (event.text !== undefined && event.text.trim() !== '' && base.utterances.length < TRANSCRIPT_LIMITS.utterances) {
    next.utterances = [...base.utterances, { sequence: event.sequence, text: event.text.trim() }]
  }
  return next
}

/** The draft with the recording; a retried recording callback keeps the first one's facts. */
export function withRecording (draft: VoicemailDraft | undefined, recording: RecordingFacts): VoicemailDraft {
  const base: VoicemailDraft = draft ?? { seen: [], utterances: [] }
  return base.recording === undefined ? { ...base, recording } : base
}

/**
 * Where the transcription stands. It is `complete` once transcription-stopped came and every
 * event numbered before it too (SequenceIds count a transcription's events from 1): the words
 * still travelling in a retried request then are none. Stopped with a number missing is a
 * `gap`: a straggler is worth a short wait, not the whole one. An error ends it too.
 */
export function progressOf (draft: VoicemailDraft): 'complete' | 'gap' | 'running' {
  if (draft.failed === true) return 'complete'
  if (draft.stopped === undefined) return 'running'
  const seen = new Set(draft.seen)
  for (let n = 1; n < draft.stopped; n++) if (!seen.has(n)) return 'gap'
  return 'complete'
}

// Scripts written without spaces between words: their utterances join without one.
const UNSPACED = /^(ja|zh|cmn|yue|wuu|th|lo|km|my)(-|$)/i

/** The final utterances in the order spoken, joined as the language writes them, bounded. */
export function transcriptText (draft: VoicemailDraft, language: string | undefined): string {
  const text = [...draft.utterances].sort((a, b) => a.sequence - b.sequence).map((u) => u.text)
    .join(UNSPACED.test(language ?? '') ? '' : ' ')
  return text.length > TRANSCRIPT_LIMITS.length ? `${text.slice(0, TRANSCRIPT_LIMITS.length)}…` : text
}
