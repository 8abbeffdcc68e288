import type { Catalog } from './catalog.js'

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`

export const es: Catalog = {
  language: 'es',
  restricted: 'Lo sentimos, está llamando desde un número restringido. Adiós.',
  whisper: (caller) => `Tiene una llamada${caller === undefined ? '' : ` de ${caller}`}. Pulse cualquier tecla para aceptarla.`,
  accept: 'Pulse cualquier tecla para aceptar la llamada.',
  voicemailGreeting: 'Por favor, deje su mensaje después de la señal.',
  voicemailThanks: 'Gracias. Adiós.',
  invalidOption: 'Lo sentimos, esa opción no es válida.',
  goodbye: 'Adiós.',
  conferenceWelcome: 'Está entrando en la línea de conferencia.',
  conferencePassCode: 'Introduzca el código de acceso de la conferencia.',
  conferenceWrongPassCode: 'Ese código de acceso no es correcto.',
  noHoldMusic: 'Lo sentimos, esta línea no tiene música de espera.',
  holdMusicBack: 'Por favor, espere. La música volverá en un momento.',
  hoursClosed: 'Ahora estamos cerrados. Por favor, vuelva a llamar en nuestro horario de atención.',
  apology: 'Lo sentimos, esta línea no ha podido completar su llamada. Adiós.',
  problems: {
    TW_NO_TARGET: 'Lo sentimos, esta línea aún no está configurada: no tiene ningún número al que llamar. Adiós.',
    TW_URL_TOO_LONG: 'Lo sentimos, esta línea está configurada con más información de la que puede llevar una llamada. Adiós.',
    TW_TWIML_TOO_LARGE: 'Lo sentimos, esta línea está configurada con más mensajes de los que caben en una llamada. Adiós.',
    TW_NO_OPTIONS: 'Lo sentimos, este menú aún no está configurado: no tiene opciones para elegir. Adiós.',
    TW_BAD_PASSWORD: 'Lo sentimos, esta línea de conferencia tiene un código de acceso que no se puede marcar en el teclado del teléfono. Adiós.',
    TW_NO_TWIML: 'Lo sentimos, esta línea aún no está configurada: no tiene instrucciones para la llamada. Adiós.',
    TW_BAD_TWIML: 'Lo sentimos, esta línea está configurada con instrucciones que no se han podido leer. Adiós.',
    TW_NO_EMAIL: 'Lo sentimos, este buzón de voz aún no está configurado: no tiene una dirección de correo electrónico a la que enviar los mensajes. Adiós.',
    TW_BAD_NUMBER: 'Lo sentimos, esta línea está configurada con un número de teléfono al que no se puede llamar. Adiós.',
    TW_NO_OPEN_URL: 'Lo sentimos, esta línea aún no está configurada: no tiene adónde enviar las llamadas en horario de atención. Adiós.',
    TW_BAD_HOURS: 'Lo sentimos, esta línea está configurada con un horario que no se pudo leer. Adiós.',
    TW_BAD_TIME_ZONE: 'Lo sentimos, esta línea está configurada con una zona horaria desconocida. Adiós.',
    TW_BAD_HOLIDAYS: 'Lo sentimos, esta línea está configurada con un país cuyos días festivos no se conocen. Adiós.'
  },
  phone: { plus: 'más', pause: ', ' },
  mail: {
    subject: (caller, received) => `Mensaje de voz de ${caller} (${received})`,
    heading: (caller) => `Mensaje de voz de ${caller}`,
    from: 'De',
    to: 'Para',
    received: 'Recibido',
    length: 'Duración',
    seconds: (count) => plural(count, 'segundo', 'segundos'),
    minutes: (count) => plural(count, 'minuto', 'minutos'),
    transcript: 'Transcripción',
    emptyTranscript: 'La transcripción está vacía.',
    transcriptionFailed: 'Twilio no ha podido transcribir este mensaje.',
    notTranscribed: 'Sin transcripción: Twilio transcribe mensajes de 2 a 120 segundos.',
    transcriptLate: (after) => `La transcripción no había llegado ${after} después de dejar el mensaje.`,
    transcriptPartial: (after) => `La transcripción no había terminado ${after} después de dejar el mensaje; esto es lo que había llegado.`,
    listen: 'Escuchar la grabación',
    noRecording: 'Twilio no envió ningún enlace a la grabación.',
    unknownCaller: 'un número desconocido'
  }
}
