import type { Catalog } from './catalog.js'

// French counts 0 and 1 as singular.
const plural = (count: number, one: string, many: string): string => `${count} ${count < 2 ? one : many}`
/** "de" elided before a vowel sound: "d'un numéro inconnu", but "de +33 6…". */
const de = (who: string): string => /^[aeiouyhàâéèêëîïôûü]/i.test(who) ? `d'${who}` : `de ${who}`

export const fr: Catalog = {
  language: 'fr',
  restricted: 'Désolé, vous appelez depuis un numéro non autorisé. Au revoir.',
  whisper: (caller) => `Vous recevez un appel${caller === undefined ? '' : ` ${de(caller)}`}. Appuyez sur une touche pour l'accepter.`,
  accept: "Appuyez sur une touche pour accepter l'appel.",
  voicemailGreeting: 'Veuillez laisser un message après le bip.',
  voicemailThanks: 'Merci. Au revoir.',
  invalidOption: "Désolé, ce choix n'est pas valide.",
  goodbye: 'Au revoir.',
  conferenceWelcome: 'Vous entrez dans la conférence téléphonique.',
  conferencePassCode: "Veuillez saisir le code d'accès de la conférence.",
  conferenceWrongPassCode: "Ce code d'accès n'est pas correct.",
  noHoldMusic: "Désolé, il n'y a pas de musique d'attente sur cette ligne.",
  holdMusicBack: 'Veuillez patienter. La musique reprend dans un instant.',
  hoursClosed: 'Nous sommes fermés pour le moment. Veuillez rappeler pendant nos heures d\'ouverture.',
  apology: "Désolé, votre appel n'a pas pu aboutir sur cette ligne. Au revoir.",
  problems: {
    TW_NO_TARGET: "Désolé, cette ligne n'est pas encore configurée : elle n'a aucun numéro à appeler. Au revoir.",
    TW_URL_TOO_LONG: "Désolé, cette ligne est configurée avec plus d'informations qu'un appel ne peut en transporter. Au revoir.",
    TW_TWIML_TOO_LARGE: "Désolé, cette ligne est configurée avec plus de messages qu'un appel ne peut en contenir. Au revoir.",
    TW_NO_OPTIONS: "Désolé, ce menu n'est pas encore configuré : il ne propose aucun choix. Au revoir.",
    TW_BAD_PASSWORD: "Désolé, cette conférence est configurée avec un code d'accès impossible à saisir sur un clavier de téléphone. Au revoir.",
    TW_NO_TWIML: "Désolé, cette ligne n'est pas encore configurée : elle n'a aucune instruction pour l'appel. Au revoir.",
    TW_BAD_TWIML: "Désolé, cette ligne est configurée avec des instructions qui n'ont pas pu être lues. Au revoir.",
    TW_NO_EMAIL: "Désolé, cette messagerie vocale n'est pas encore configurée : elle n'a aucune adresse e-mail où envoyer les messages. Au revoir.",
    TW_BAD_NUMBER: 'Désolé, cette ligne est configurée avec un numéro de téléphone impossible à appeler. Au revoir.',
    TW_NO_OPEN_URL: 'Désolé, cette ligne n\'est pas encore configurée : elle n\'indique pas où envoyer les appels pendant les heures d\'ouverture. Au revoir.',
    TW_BAD_HOURS: 'Désolé, cette ligne est configurée avec des horaires illisibles. Au revoir.',
    TW_BAD_TIME_ZONE: 'Désolé, cette ligne est configurée avec un fuseau horaire inconnu. Au revoir.',
    TW_BAD_HOLIDAYS: 'Désolé, cette ligne est configurée avec un pays dont les jours fériés sont inconnus. Au revoir.'
  },
  phone: { plus: 'plus', pause: ', ' },
  mail: {
    subject: (caller, received) => `Message vocal ${de(caller)} (${received})`,
    heading: (caller) => `Message vocal ${de(caller)}`,
    from: 'De',
    to: 'À',
    received: 'Reçu le',
    length: 'Durée',
    seconds: (count) => plural(count, 'seconde', 'secondes'),
    minutes: (count) => plural(count, 'minute', 'minutes'),
    transcript: 'Transcription',
    emptyTranscript: 'La transcription est vide.',
    transcriptionFailed: "Twilio n'a pas pu transcrire ce message.",
    notTranscribed: 'Non transcrit : Twilio transcrit les messages de 2 à 120 secondes.',
    transcriptLate: (after) => `La transcription n'était pas arrivée ${after} après le dépôt du message.`,
    transcriptPartial: (after) => `La transcription n'était pas terminée ${after} après le dépôt du message ; voici ce qui était arrivé.`,
    listen: "Écouter l'enregistrement",
    noRecording: "Twilio n'a envoyé aucun lien vers l'enregistrement.",
    unknownCaller: 'un numéro inconnu'
  }
}
