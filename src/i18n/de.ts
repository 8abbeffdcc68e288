import type { Catalog } from './catalog.js'

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`

export const de: Catalog = {
  language: 'de',
  restricted: 'Leider rufen Sie von einer gesperrten Nummer an. Auf Wiederhören.',
  whisper: (caller) => `Sie erhalten einen Anruf${caller === undefined ? '' : ` von ${caller}`}. Drücken Sie eine beliebige Taste, um ihn anzunehmen.`,
  accept: 'Drücken Sie eine beliebige Taste, um den Anruf anzunehmen.',
  voicemailGreeting: 'Bitte hinterlassen Sie nach dem Signalton eine Nachricht.',
  voicemailThanks: 'Vielen Dank. Auf Wiederhören.',
  invalidOption: 'Das war leider keine gültige Auswahl.',
  goodbye: 'Auf Wiederhören.',
  conferenceWelcome: 'Sie treten jetzt der Telefonkonferenz bei.',
  conferencePassCode: 'Bitte geben Sie den Zugangscode der Konferenz ein.',
  conferenceWrongPassCode: 'Dieser Zugangscode ist nicht korrekt.',
  noHoldMusic: 'Für diese Leitung gibt es leider keine Wartemusik.',
  holdMusicBack: 'Bitte bleiben Sie dran. Die Musik ist gleich wieder da.',
  hoursClosed: 'Wir haben gerade geschlossen. Bitte rufen Sie während unserer Geschäftszeiten wieder an.',
  apology: 'Leider konnte Ihr Anruf über diese Leitung nicht verbunden werden. Auf Wiederhören.',
  problems: {
    TW_NO_TARGET: 'Leider ist diese Leitung noch nicht eingerichtet: Es fehlt eine Nummer, die angerufen werden kann. Auf Wiederhören.',
    TW_URL_TOO_LONG: 'Leider ist diese Leitung mit mehr Angaben eingerichtet, als ein Anruf übertragen kann. Auf Wiederhören.',
    TW_TWIML_TOO_LARGE: 'Leider ist diese Leitung mit mehr Ansagen eingerichtet, als ein Anruf fassen kann. Auf Wiederhören.',
    TW_NO_OPTIONS: 'Leider ist dieses Menü noch nicht eingerichtet: Es gibt nichts zur Auswahl. Auf Wiederhören.',
    TW_BAD_PASSWORD: 'Leider ist diese Konferenzleitung mit einem Zugangscode eingerichtet, der sich auf einer Telefontastatur nicht eingeben lässt. Auf Wiederhören.',
    TW_NO_TWIML: 'Leider ist diese Leitung noch nicht eingerichtet: Es fehlen Anweisungen für den Anruf. Auf Wiederhören.',
    TW_BAD_TWIML: 'Leider ist diese Leitung mit Anweisungen eingerichtet, die nicht gelesen werden konnten. Auf Wiederhören.',
    TW_NO_EMAIL: 'Leider ist diese Mailbox noch nicht eingerichtet: Es fehlt eine E-Mail-Adresse, an die Nachrichten gesendet werden. Auf Wiederhören.',
    TW_BAD_NUMBER: 'Leider ist diese Leitung mit einer Telefonnummer eingerichtet, die nicht angerufen werden kann. Auf Wiederhören.',
    TW_NO_OPEN_URL: 'Leider ist diese Leitung noch nicht eingerichtet: Sie hat kein Ziel für Anrufe während der Geschäftszeiten. Auf Wiederhören.',
    TW_BAD_HOURS: 'Leider ist diese Leitung mit Geschäftszeiten eingerichtet, die nicht gelesen werden konnten. Auf Wiederhören.',
    TW_BAD_TIME_ZONE: 'Leider ist diese Leitung mit einer unbekannten Zeitzone eingerichtet. Auf Wiederhören.',
    TW_BAD_HOLIDAYS: 'Leider ist diese Leitung mit einem Land eingerichtet, dessen Feiertage nicht bekannt sind. Auf Wiederhören.'
  },
  phone: { plus: 'plus', pause: ', ' },
  mail: {
    subject: (caller, received) => `Sprachnachricht von ${caller} (${received})`,
    heading: (caller) => `Sprachnachricht von ${caller}`,
    from: 'Von',
    to: 'An',
    received: 'Empfangen',
    length: 'Dauer',
    seconds: (count) => plural(count, 'Sekunde', 'Sekunden'),
    minutes: (count) => plural(count, 'Minute', 'Minuten'),
    transcript: 'Transkript',
    emptyTranscript: 'Das Transkript ist leer.',
    transcriptionFailed: 'Twilio konnte diese Nachricht nicht transkribieren.',
    notTranscribed: 'Nicht transkribiert: Twilio transkribiert Nachrichten von 2 bis 120 Sekunden.',
    transcriptLate: (after) => `Das Transkript war ${after} nach dem Hinterlassen der Nachricht noch nicht eingetroffen.`,
    transcriptPartial: (after) => `Das Transkript war ${after} nach dem Hinterlassen der Nachricht noch nicht fertig; dies ist der bis dahin eingetroffene Teil.`,
    listen: 'Aufnahme anhören',
    noRecording: 'Twilio hat keinen Link zur Aufnahme gesendet.',
    unknownCaller: 'Unbekannt'
  }
}
