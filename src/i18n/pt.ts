import type { Catalog } from './catalog.js'

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`

const ACCEPT = 'Pressione qualquer tecla para atender.'
const ACCEPT_PT = 'Prima qualquer tecla para atender.'

/** Portuguese as spoken in Brazil, also the fallback for any other pt-* Language. */
export const pt: Catalog = {
  language: 'pt',
  restricted: 'Desculpe, você está ligando de um número restrito. Até logo.',
  whisper: (caller) => `Você está recebendo uma chamada${caller === undefined ? '' : ` de ${caller}`}. ${ACCEPT}`,
  accept: ACCEPT,
  voicemailGreeting: 'Por favor, deixe sua mensagem após o sinal.',
  voicemailThanks: 'Obrigado. Até logo.',
  invalidOption: 'Desculpe, essa opção não é válida.',
  goodbye: 'Até logo.',
  conferenceWelcome: 'Você está entrando na linha de conferência.',
  conferencePassCode: 'Digite o código de acesso da conferência.',
  conferenceWrongPassCode: 'Esse código de acesso não está correto.',
  noHoldMusic: 'Desculpe, esta linha não tem música de espera.',
  holdMusicBack: 'Por favor, aguarde. A música voltará em instantes.',
  hoursClosed: 'Estamos fechados agora. Por favor, ligue novamente em nosso horário de atendimento.',
  apology: 'Desculpe, esta linha não conseguiu completar sua chamada. Até logo.',
  problems: {
    TW_NO_TARGET: 'Desculpe, esta linha ainda não está configurada: não tem nenhum número para chamar. Até logo.',
    TW_URL_TOO_LONG: 'Desculpe, esta linha está configurada com mais informações do que uma chamada pode levar. Até logo.',
    TW_TWIML_TOO_LARGE: 'Desculpe, esta linha está configurada com mais mensagens do que cabem em uma chamada. Até logo.',
    TW_NO_OPTIONS: 'Desculpe, este menu ainda não está configurado: não tem opções para escolher. Até logo.',
    TW_BAD_PASSWORD: 'Desculpe, esta linha de conferência está configurada com um código de acesso que não pode ser digitado no teclado do telefone. Até logo.',
    TW_NO_TWIML: 'Desculpe, esta linha ainda não está configurada: não tem instruções para a chamada. Até logo.',
    TW_BAD_TWIML: 'Desculpe, esta linha está configurada com instruções que não puderam ser lidas. Até logo.',
    TW_NO_EMAIL: 'Desculpe, esta caixa postal ainda não está configurada: não tem um endereço de e-mail para enviar as mensagens. Até logo.',
    TW_BAD_NUMBER: 'Desculpe, esta linha está configurada com um número de telefone para o qual não é possível ligar. Até logo.',
    TW_NO_OPEN_URL: 'Desculpe, esta linha ainda não está configurada: não tem para onde enviar as chamadas no horário de atendimento. Até logo.',
    TW_BAD_HOURS: 'Desculpe, esta linha está configurada com um horário que não pôde ser lido. Até logo.',
    TW_BAD_TIME_ZONE: 'Desculpe, esta linha está configurada com um fuso horário desconhecido. Até logo.',
    TW_BAD_HOLIDAYS: 'Desculpe, esta linha está configurada com um país cujos feriados não são conhecidos. Até logo.'
  },
  phone: { plus: 'mais', pause: ', ' },
  mail: {
    subject: (caller, received) => `Mensagem de voz de ${caller} (${received})`,
    heading: (caller) => `Mensagem de voz de ${caller}`,
    from: 'De',
    to: 'Para',
    received: 'Recebida em',
    length: 'Duração',
    seconds: (count) => plural(count, 'segundo', 'segundos'),
    minutes: (count) => plural(count, 'minuto', 'minutos'),
    transcript: 'Transcrição',
    emptyTranscript: 'A transcrição está vazia.',
    transcriptionFailed: 'O Twilio não conseguiu transcrever esta mensagem.',
    notTranscribed: 'Não transcrita: o Twilio transcreve mensagens de 2 a 120 segundos.',
    transcriptLate: (after) => `A transcrição não havia chegado ${after} depois que a mensagem foi deixada.`,
    transcriptPartial: (after) => `A transcrição não havia terminado ${after} depois que a mensagem foi deixada; isto é o que havia chegado.`,
    listen: 'Ouvir a gravação',
    noRecording: 'O Twilio não enviou nenhum link para a gravação.',
    unknownCaller: 'um número desconhecido'
  }
}

/** European Portuguese: the sentences whose grammar differs from Brazil's. */
export const ptPT: Catalog = {
  ...pt,
  language: 'pt-PT',
  restricted: 'Desculpe, está a ligar de um número restrito. Até logo.',
  whisper: (caller) => `Está a receber uma chamada${caller === undefined ? '' : ` de ${caller}`}. ${ACCEPT_PT}`,
  accept: ACCEPT_PT,
  voicemailGreeting: 'Por favor, deixe a sua mensagem após o sinal.',
  conferenceWelcome: 'Está a entrar na linha de conferência.',
  conferencePassCode: 'Introduza o código de acesso da conferência.',
  holdMusicBack: 'Por favor, aguarde. A música volta dentro de momentos.',
  hoursClosed: 'Estamos fechados neste momento. Por favor, ligue novamente no nosso horário de atendimento.',
  apology: 'Desculpe, esta linha não conseguiu completar a sua chamada. Até logo.'
}
