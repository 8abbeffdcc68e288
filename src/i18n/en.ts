import { Problems } from '../params/problems.js'
import type { Catalog } from './catalog.js'

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`

const ACCEPT = 'Press any key to accept.'

export const en: Catalog = {
  language: 'en',
  restricted: 'Sorry, you are calling from a restricted number. Good bye.',
  whisper: (caller) => `You are receiving a call${caller === undefined ? '' : ` from ${caller}`}. ${ACCEPT}`,
  accept: ACCEPT,
  voicemailGreeting: 'Please leave a message after the beep.',
  voicemailThanks: 'Thanks. Good bye.',
  invalidOption: "I'm sorry, that wasn't a valid option.",
  goodbye: 'Good bye.',
  conferenceWelcome: 'You are now entering the conference line.',
  conferencePassCode: 'Please enter your conference pass code.',
  conferenceWrongPassCode: 'That pass code is not correct.',
  noHoldMusic: 'Sorry, there is no hold music for this line.',
  holdMusicBack: 'Please hold. The music will be back in a moment.',
  hoursClosed: 'We are closed now. Please call again during our business hours.',
  apology: 'Sorry, this line could not complete your call. Good bye.',
  // Declared with their codes; every other language translates them here.
  problems: Problems,
  phone: { plus: 'plus', pause: ', ' },
  mail: {
    subject: (caller, received) => `Voicemail from ${caller} (${received})`,
    heading: (caller) => `Voicemail from ${caller}`,
    from: 'From',
    to: 'To',
    received: 'Received',
    length: 'Length',
    seconds: (count) => plural(count, 'second', 'seconds'),
    minutes: (count) => plural(count, 'minute', 'minutes'),
    transcript: 'Transcript',
    emptyTranscript: 'The transcription is empty.',
    transcriptionFailed: 'Twilio could not transcribe this message.',
    notTranscribed: 'Not transcribed: Twilio transcribes messages of 2 to 120 seconds.',
    transcriptLate: (after) => `The transcription had not arrived ${after} after the message was left.`,
    transcriptPartial: (after) => `The transcription had not finished ${after} after the message was left; this is what had arrived.`,
    listen: 'Listen to the recording',
    noRecording: 'Twilio sent no link to the recording.',
    unknownCaller: 'an unknown caller'
  }
}
