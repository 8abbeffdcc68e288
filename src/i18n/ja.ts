import type { Catalog } from './catalog.js'

const ACCEPT = 'お受けになる場合は、いずれかのボタンを押してください。'

export const ja: Catalog = {
  language: 'ja',
  restricted: '申し訳ございません。お客様の電話番号からはおつなぎできません。失礼いたします。',
  whisper: (caller) => `${caller === undefined ? '' : `${caller} から`}お電話です。${ACCEPT}`,
  accept: ACCEPT,
  voicemailGreeting: '発信音のあとに、メッセージをお話しください。',
  voicemailThanks: 'ありがとうございました。失礼いたします。',
  invalidOption: '申し訳ございません。その番号は選択できません。',
  goodbye: '失礼いたします。',
  conferenceWelcome: '電話会議に参加します。',
  conferencePassCode: '電話会議のパスコードを入力してください。',
  conferenceWrongPassCode: 'パスコードが正しくありません。',
  noHoldMusic: '申し訳ございません。この回線には保留音がありません。',
  holdMusicBack: 'そのままお待ちください。まもなく保留音に戻ります。',
  hoursClosed: 'ただいまの時間は営業時間外です。営業時間内におかけ直しください。',
  apology: '申し訳ございません。この回線ではお電話をおつなぎできませんでした。失礼いたします。',
  problems: {
    TW_NO_TARGET: '申し訳ございません。この回線はまだ設定されていません。発信先の電話番号がありません。失礼いたします。',
    TW_URL_TOO_LONG: '申し訳ございません。この回線の設定は、通話で扱える情報量を超えています。失礼いたします。',
    TW_TWIML_TOO_LARGE: '申し訳ございません。この回線の設定は、通話で扱える案内の量を超えています。失礼いたします。',
    TW_NO_OPTIONS: '申し訳ございません。このメニューはまだ設定されていません。選択肢がありません。失礼いたします。',
    TW_BAD_PASSWORD: '申し訳ございません。この電話会議には、電話のボタンでは入力できないパスコードが設定されています。失礼いたします。',
    TW_NO_TWIML: '申し訳ございません。この回線はまだ設定されていません。通話の指示がありません。失礼いたします。',
    TW_BAD_TWIML: '申し訳ございません。この回線に設定された通話の指示を読み取れませんでした。失礼いたします。',
    TW_NO_EMAIL: '申し訳ございません。この留守番電話はまだ設定されていません。メッセージを送るメールアドレスがありません。失礼いたします。',
    TW_BAD_NUMBER: '申し訳ございません。この回線には、発信できない電話番号が設定されています。失礼いたします。',
    TW_NO_OPEN_URL: '申し訳ございません。この回線はまだ設定されていません。営業時間中の転送先がありません。失礼いたします。',
    TW_BAD_HOURS: '申し訳ございません。この回線に設定された営業時間を読み取れませんでした。失礼いたします。',
    TW_BAD_TIME_ZONE: '申し訳ございません。この回線には、不明なタイムゾーンが設定されています。失礼いたします。',
    TW_BAD_HOLIDAYS: '申し訳ございません。この回線には、祝日がわからない国が設定されています。失礼いたします。'
  },
  phone: { plus: 'プラス', pause: '、' },
  mail: {
    subject: (caller, received) => `${caller} からの留守番電話 (${received})`,
    heading: (caller) => `${caller} からの留守番電話`,
    from: '発信者',
    to: '着信番号',
    received: '受信日時',
    length: '長さ',
    seconds: (count) => `${count}秒`,
    minutes: (count) => `${count}分`,
    transcript: '文字起こし',
    emptyTranscript: '文字起こしの内容は空でした。',
    transcriptionFailed: 'Twilio はこのメッセージを文字起こしできませんでした。',
    notTranscribed: '文字起こしはありません。Twilio が文字起こしするのは 2 秒から 120 秒のメッセージです。',
    transcriptLate: (after) => `メッセージが残されてから${after}たっても、文字起こしが届きませんでした。`,
    transcriptPartial: (after) => `メッセージが残されてから${after}たっても文字起こしが終わらなかったため、それまでに届いた分を載せています。`,
    listen: '録音を聞く',
    noRecording: 'Twilio から録音へのリンクが届きませんでした。',
    unknownCaller: '不明な発信者'
  }
}
