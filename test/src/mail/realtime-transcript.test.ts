import t from 'tap'
import {
  progressOf, readTranscriptionEvent, TRANSCRIPT_LIMITS, transcriptText, withEvent, withRecording, type TranscriptionEvent, type VoicemailDraft
} from '../../../src/mail/realtime-transcript.js'
import { Params } from '../../../src/params/params.js'

const CA = 'CA0123456789abcdef0123456789abcdef'
const GT = 'GT0123456789abcdef0123456789abcdef'

function params (form: Record<string, string>): Params {
  return Params.fromSearch('', new URLSearchParams(form).toString())
}

function twilio (kind: string, sequence: number, extra: Record<string, string> = {}): Record<string, string> {
  return { AccountSid: 'AC00000000000000000000000000000000', CallSid: CA, TranscriptionSid: GT, TranscriptionEvent: `transcription-${kind}`, SequenceId: String(sequence), Timestamp: '2026-12-01T09:00:00Z', ...extra }
}

function content (sequence: number, text: string, extra: Record<string, string> = {}): Record<string, string> {
  return twilio('content', sequence, { TranscriptionData: JSON.stringify({ transcript: text, confidence: 0.9 }), Final: 'true', Track: 'inbound_track', LanguageCode: 'ja-JP', ...extra })
}

function event (kind: TranscriptionEvent['kind'], sequence: number, text?: string): TranscriptionEvent {
  return { kind, callSid: CA, transcriptionSid: GT, sequence, text }
}

function draftOf (...events: TranscriptionEvent[]): VoicemailDraft {
  return events.reduce<VoicemailDraft | undefined>((draft, e) => withEvent(draft, e), undefined) ?? { seen: [], utterances: [] }
}

t.test('Twilio\'s events read: a final utterance of the caller\'s carries its words', async (t) => {
  t.same(readTranscriptionEvent(params(content(2, ' もしもし '))), { kind: 'content', callSid: CA, transcriptionSid: GT, sequence: 2, text: ' もしもし ' })
  t.same(readTranscriptionEvent(params(twilio('started', 1))), { kind: 'started', callSid: CA, transcriptionSid: GT, sequence: 1 })
  t.same(readTranscriptionEvent(params(twilio('stopped', 9))), { kind: 'stopped', callSid: CA, transcriptionSid: GT, sequence: 9 })
  t.same(readTranscriptionEvent(params(twilio('error', 3, { TranscriptionError: 'x' }))), { kind: 'error', callSid: CA, transcriptionSid: GT, sequence: 3 })
  t.equal(readTranscriptionEvent(params(content(2, 'もし', { Final: 'false' })))?.text, undefined, 'a partial result')
  t.equal(readTranscriptionEvent(params(content(2, 'hello', { Track: 'outbound_track' })))?.text, undefined, 'not the caller')
  const long = readTranscriptionEvent(params(content(2, 'あ'.repeat(TRANSCRIPT_LIMITS.utteranceLength + 10))))
  t.equal(long?.text?.length, TRANSCRIPT_LIMITS.utteranceLength, 'an utterance is bounded')
})

t.test('what Twilio would not send is refused, naming the parameter', async (t) => {
  for (const [form, param] of [
    [{ ...content(2, 'x'), TranscriptionEvent: 'transcription-paused' }, 'TranscriptionEvent'],
    [{ ...content(2, 'x'), CallSid: 'CA1' }, 'CallSid'],
    [{ ...content(2, 'x'), TranscriptionSid: 'RE0123456789abcdef0123456789abcdef' }, 'TranscriptionSid'],
    [{ ...content(2, 'x'), SequenceId: '-1' }, 'SequenceId'],
    [{ ...content(2, 'x'), SequenceId: '1e3' }, 'SequenceId'],
    [{ ...content(2, 'x'), SequenceId: '20000' }, 'SequenceId']
  ] as const) {
    const p = params(form)
    t.equal(readTranscriptionEvent(p), undefined, param)
    t.match(p.issues, [{ level: 'warning', param }], param)
  }
  const data = params({ ...content(2, 'x'), TranscriptionData: '{"text":"x"}' })
  t.match(readTranscriptionEvent(data), { kind: 'content', text: undefined }, 'data without a transcript')
  t.match(data.issues, [{ param: 'TranscriptionData' }])
})

t.test('events fold into a draft: retries and other transcriptions change nothing; the draft itself is never changed', async (t) => {
  const first = withEvent(undefined, event('content', 3, 'two'))
  const again = withEvent(first, event('content', 3, 'two'))
  t.equal(again, first, 'a retry')
  t.equal(withEvent(first, { ...event('content', 4, 'x'), transcriptionSid: 'GT9' }), first, 'another transcription')
  const next = withEvent(first, event('content', 2, 'one'))
  t.same(first.utterances, [{ sequence: 3, text: 'two' }], 'unchanged')
  t.same(next, { transcriptionSid: GT, seen: [3, 2], utterances: [{ sequence: 3, text: 'two' }, { sequence: 2, text: 'one' }] })
  t.same(withEvent(next, event('content', 5, '  ')).utterances.length, 2, 'a blank utterance adds nothing')
  const facts = { caller: '+1', called: '+2', url: undefined, seconds: 3, receivedAt: 1 }
  const recorded = withRecording(next, facts)
  t.equal(recorded.recording, facts)
  t.equal(withRecording(recorded, { ...facts, receivedAt: 2 }).recording?.receivedAt, 1, 'a retried recording callback keeps the first')
})

t.test('complete once stopped and nothing before the stop is missing; an error ends it too', async (t) => {
  t.equal(progressOf(draftOf(event('started', 1), event('content', 2, 'a'))), 'running')
  t.equal(progressOf(draftOf(event('started', 1), event('content', 2, 'a'), event('stopped', 3))), 'complete')
  t.equal(progressOf(draftOf(event('stopped', 3), event('content', 2, 'a'))), 'gap', 'started has not come')
  t.equal(progressOf(draftOf(event('stopped', 3), event('content', 2, 'a'), event('started', 1))), 'complete', 'in any order')
  t.equal(progressOf(draftOf(event('started', 1), event('error', 2))), 'complete')
})

t.test('the transcript: final utterances by SequenceId, joined as the language writes, bounded', async (t) => {
  const draft = draftOf(event('content', 4, '折り返しお電話ください。'), event('content', 2, 'もしもし、'), event('content', 3, '田中です。'))
  t.equal(transcriptText(draft, 'ja-JP'), 'もしもし、田中です。折り返しお電話ください。')
  t.equal(transcriptText(draftOf(event('content', 3, 'me back.'), event('content', 2, 'Call')), 'fr-FR'), 'Call me back.')
  t.equal(transcriptText(draftOf(event('content', 2, '你好'), event('content', 3, '再见')), 'cmn-CN'), '你好再见')
  const many = Array.from({ length: TRANSCRIPT_LIMITS.utterances + 20 }, (_, i) => event('content', i + 2, 'x'.repeat(100)))
  const big = draftOf(...many)
  t.equal(big.utterances.length, TRANSCRIPT_LIMITS.utterances, 'at most so many utterances')
  const text = transcriptText(big, 'de-DE')
  t.equal(text.length, TRANSCRIPT_LIMITS.length + 1)
  t.ok(text.endsWith('…'), 'a cut transcript says so')
})
