import type { PageText } from './en.js'

/** The builder page's words in Japanese, in the terms of Twilio's Japanese documentation (KDDI Web Communications). */
export const ja: PageText = {
  language: 'ja',
  page: {
    title: 'twimlets: URL を作成して通話を試す',
    skip: 'URL の作成へ移動',
    intro: 'Twimlet の URL を作成し、Twilio にどんな指示が返るか、設定に問題がないかを確認できます。Twilio に貼り付ける前に、話し中・応答・ボタン操作などを指定して通話全体を試せます。',
    languageLabel: '表示言語',
    buildHeading: '1. Twimlet を選んで設定する',
    twimletLabel: 'Twimlet',
    baseLabel: 'このサービスの公開アドレス',
    baseHelp: 'Twilio がこのサービスにアクセスするアドレスです。URL はここから始まります。',
    placeholderNote: '入力欄の灰色の斜体の文字は入力例または既定値です。値を入力するまで URL には含まれません。',
    urlHeading: '2. URL と Twilio への応答',
    urlLabel: 'Twilio 電話番号の Voice URL',
    urlHelp: 'フォームの内容から作成されます。既存の URL を貼り付けて確認したり、フォームに読み込んだりもできます。',
    copy: 'URL をコピー',
    load: 'この URL をフォームに読み込む',
    problemsHeading: '問題点',
    twimlHeading: '最初のリクエストへの TwiML',
    simHeading: '3. 通話を試す',
    partiesLegend: '着信したときの各電話の動作',
    otherPartiesLabel: 'その他の電話（メニューや FailUrl の先で呼び出す番号）',
    otherPartiesHelp: '番号=動作 をカンマ区切りで入力します。動作: accept（応答）、silent（応答して無操作）、voicemail（留守番電話）、busy（話し中）、no-answer（応答なし）、fails（つながらない）。応答までの秒数は @秒 で指定します（accept@8）。',
    digitsLabel: '発信者が押すボタン',
    digitsHelp: '案内ごとに発信者が押すボタンを、順番にカンマ区切りで入力します。空欄は何も押さないことを意味します。',
    moreCall: '通話の詳しい設定',
    fromLabel: '発信者の電話番号',
    toLabel: 'お使いの Twilio 電話番号',
    methodLabel: 'Twilio が URL を呼び出す方法',
    talkLabel: '通話がつながっている時間（秒）',
    recordLabel: '発信者のメッセージの長さ（秒）',
    transcriptionLabel: 'メッセージの文字起こし',
    transcriptionValue: 'お世話になっております。通話シミュレーターからのテストメッセージです。',
    run: '通話を試す',
    footer: 'シミュレーション中は、このサーバーの外には何も送られません。メールは送信されず、バケットの一覧も取得しません。他のサイトの URL は名前を表示するだけで、アクセスしません。'
  },
  ui: {
    buildWith: 'フォームで作成…',
    nesting: '{title} の「{param}」を、このフォームで作成しています。',
    nestingUse: 'この URL を「{param}」に使う',
    nestingCancel: '使わずに戻る',
    hoursOpen: '現在は営業中です（{zone}）。',
    hoursClosed: '現在は営業時間外です（{zone}）。',
    hoursNext: '次の切り替え: {when}',
    hoursNoChange: '1 年以内に切り替えはありません。',
    hoursWeek: 'この先 1 週間（時刻ごと、営業中は塗りつぶし）',
    hoursHoliday: '祝日: {name}',
    hoursClosedDay: '休業日',
    weekdays: '月 火 水 木 金 土 日',
    required: '{label}（必須）',
    settings: '{title}の設定',
    add: '「{label}」に追加',
    remove: '削除',
    removeItem: '{label} {n} を削除',
    removeOption: '選択肢 {n} を削除',
    item: '{label} {n}',
    keyOf: '選択肢 {n} の{key}',
    urlOf: '選択肢 {n} の URL',
    defaultChoice: '（既定値）',
    defaultIs: '（既定値: {value}）',
    messagePlaceholder: '読み上げる文章、または https://… の音声ファイル',
    advancedDial: '詳細設定: <Dial> のオプション、言語と音声',
    advancedSpeech: '詳細設定: 言語と音声',
    otherLegend: 'その他のパラメーター',
    otherHelp: 'この Twimlet にないパラメーターです。入力どおり URL に残ります。名前を直すか、削除してください。',
    otherName: 'その他のパラメーター {n} の名前',
    otherValue: 'その他のパラメーター {n} の値',
    otherRemove: 'その他のパラメーター {n} を削除',
    phonesAppear: 'フォームに入力した電話番号がここに表示されます。',
    noProblems: '問題は見つかりませんでした。',
    level_error: 'エラー: ',
    level_warning: '注意: ',
    level_info: '補足: ',
    callersHear: '発信者に流れる案内:「{spoken}」',
    rename: '{name} に直す',
    noTwiml: '（TwiML はありません。問題点をご覧ください）',
    checkFailed: 'URL を確認できませんでした: {error}',
    notUrl: 'URL ではありません。',
    noTwimlet: 'この URL はこのサービスの Twimlet（{names}）を指していません。',
    selectToCopy: 'URL を選択してコピーしてください。',
    copied: 'コピーしました。',
    migrationHeading: 'これは twimlets.com の URL です',
    migrationIntro: 'このサービスで同じ設定を使う場合、次の点が異なります:',
    migrationSame: 'このサービスでも同じように動作します。変わるのは URL のアドレスだけです。',
    migrationUse: 'このサービスの URL を使う',
    baseLocal: 'Twilio は {host} にアクセスできません。このパソコン内、または社内ネットワークのアドレスです。実際の着信で使うには、インターネットから届くアドレスを入力してください（例: ngrok や cloudflared による HTTPS トンネル）。',
    baseHttp: 'このアドレスは暗号化されていない http です。発信者の電話番号を含む Twilio からのリクエストが、暗号化されずにインターネットを通ります。https:// のアドレスを使ってください（HTTPS トンネルやプロキシを前に置くと使えます）。',
    running: '通話を試しています…',
    callFails: '通話は失敗します: {error}',
    outcome: '{result}{connected}（{requests}）。',
    connected: '。{targets} につながりました',
    requestsOne: 'リクエスト {n} 件',
    requestsMany: 'リクエスト {n} 件',
    runFailed: '通話を試せませんでした: {error}',
    flowAlt: '通話の流れ',
    transcriptSummary: 'リクエストごとの詳細',
    startFailed: 'ページを開始できませんでした: {error}'
  },
  outcomes: {
    accept: '応答して受ける',
    silent: '応答するが何も押さない',
    voicemail: '留守番電話が応答する',
    busy: '話し中',
    'no-answer': '応答しない',
    fails: 'つながらない'
  },
  results: {
    completed: '通話は完了しました',
    rejected: '着信は拒否されました',
    external: '通話は他のサイトへ進みました',
    loop: '発信者が切るまで通話が続きます'
  },
  forms: {
    forward: { title: '転送', summary: '着信を 1 つの電話番号へ転送します。' },
    simulring: { title: '同時呼び出し', summary: '複数の電話を同時に呼び出し、最初に受けた人につなぎます。' },
    findme: { title: '順次呼び出し', summary: '受ける人が出るまで、電話を 1 台ずつ順番に呼び出します。' },
    callme: { title: 'コールミー', summary: '着信を 1 台の電話へ転送します。受ける側はボタンを押して応答します。' },
    whisper: { title: 'ウィスパー', summary: '呼び出した電話が、つながる前に聞く案内です。' },
    voicemail: { title: '留守番電話', summary: 'メッセージを録音し、メールでお知らせします。' },
    menu: { title: 'メニュー', summary: '音声メニューを流し、押されたボタンに応じて発信者を案内します。' },
    message: { title: 'メッセージ', summary: 'メッセージを順番に読み上げ、または再生します。' },
    holdmusic: { title: '保留音', summary: 'S3 バケットの音声ファイルをシャッフルして繰り返し再生します。' },
    conference: { title: '電話会議', summary: '発信者を電話会議室に参加させます。' },
    hours: { title: '営業時間', summary: '営業時間中と時間外で、発信者を別の URL に案内します。曜日ごとの時間、祝日、休業日をタイムゾーンで判断します。' },
    echo: { title: 'エコー', summary: '入力した TwiML をそのまま応答します。' }
  },
  regionNumbers: {
    forward: '転送先と許可する発信者の番号',
    list: '各電話番号',
    callme: '電話番号',
    conference: 'モデレーターの番号'
  },
  fields: {
    Language: {
      label: '言語',
      help: '読み上げる文章の言語です（ja-JP、en-GB、es-MX、fr-FR、de-DE、pt-BR など）。このサービス自身が話す文章（既定の案内、終話のあいさつ、設定の問題）は英語・日本語・スペイン語・フランス語・ドイツ語・ポルトガル語に対応し、それ以外の言語では英語になります。空欄の場合は運用者の DEFAULT_LANGUAGE、なければ英語です。'
    },
    Voice: {
      label: '音声',
      help: '読み上げの声です。man、woman、alice、またはその言語を話す Amazon Polly・Google の音声（ja-JP なら Polly.Mizuki、Polly.Takumi）を指定します。その言語を話さない音声は使われず、注意が表示されます。'
    },
    Region: {
      label: '国内番号の国',
      help: '2 文字の国コードです。{numbers}を国番号なし（090-1234-5678、03-1234-5678、0120-123-456）で書いた場合、この国の番号として国際形式（+819012345678）で発信します。その国で有効になりえない番号は発信せず、問題として表示します。空欄の場合は運用者の DEFAULT_REGION、なければ入力どおりに発信します。'
    },
    CallerId: {
      label: '発信者番号',
      help: '呼び出される電話に表示される番号です。"called" は着信した Twilio 電話番号（Twilio for KDDI Web Communications ではお持ちの Twilio 番号が必要です。050・0800・0120 以外の番号は非通知になります）、"caller" は発信者自身の番号、またはお使いの Twilio アカウントの番号か client:名前 を指定します。空欄の場合は運用者の DEFAULT_CALLER_ID、なければ発信者の番号です。'
    },
    TimeLimit: { label: '通話の上限（秒）', help: 'つながった通話の最長時間です。1〜14400 秒（既定値は 4 時間）。' },
    Record: { label: '録音', help: 'つながった通話を録音します。録音は FailUrl（action）へのリクエストで届きます。' },
    RecordingStatusCallback: { label: '録音ステータスのコールバック', help: '録音が完了したときに Twilio が通知する URL です。' },
    RecordingStatusCallbackMethod: { label: '録音コールバックのメソッド', help: 'Twilio が録音ステータスのコールバックを呼び出す方法です（既定値は POST）。' },
    RecordingStatusCallbackEvent: { label: '録音コールバックのイベント', help: '通知する録音イベントです: in-progress、completed、absent（スペース区切り）。' },
    Trim: { label: '無音のカット', help: '録音の最初と最後の無音部分を削除します。' },
    RingTone: { label: '呼び出し音', help: '発信者に聞こえる呼び出し音を、2 文字の国コードで指定します（jp、us、uk、de、fr など）。' },
    AnswerOnBridge: { label: 'つながるまで応答しない', help: '誰かが出るまで、発信者には呼び出し音が聞こえたまま（未応答のまま）にします。' },
    HangupOnStar: { label: '* で終話', help: 'つながった通話を、発信者が * を押して終了できるようにします。' },
    SendDigits: { label: 'プッシュ信号の送信', help: '応答した電話に送るボタン操作です（内線番号など）。w で 0.5 秒待ちます。' },
    Timeout: { label: '呼び出し時間（秒）', help: '各電話を呼び出し、応答なしとみなすまでの時間です。5〜600 秒、既定値は {seconds} 秒。' },
    FailUrl: {
      label: '誰も出ないときの転送先',
      help: '通話がつながらなかったときに発信者を案内する URL です。このサービスの他の Twimlet（voicemail?Email=... のような相対 URL）か、任意の TwiML の URL を指定します。空欄の場合は通話が終了します。'
    },
    'screening.Message': {
      label: '応答した人へのウィスパー',
      help: '応答した人が、つながる前に聞く案内です。読み上げる文章か、再生する音声ファイルの URL を指定します。既定値:「<発信者の番号（応答した人の国の書き方で区切って）> からお電話です。お受けになる場合は、いずれかのボタンを押してください。」（言語の設定に従います）'
    },
    'callme.Message': {
      label: '応答したときのウィスパー',
      help: 'あなたが応答したとき、つながる前に聞く案内です。読み上げる文章か、再生する音声ファイルの URL を指定します。既定値:「<発信者の番号（応答した人の国の書き方で区切って）> からお電話です。お受けになる場合は、いずれかのボタンを押してください。」（言語の設定に従います）'
    },
    'screening.HumanCheck': {
      label: 'ボタンを押して応答',
      help: '応答した人がボタンを押したときだけつなぎます。呼び出し先の留守番電話が応答しても、着信を取られません。既定でオンです。このとき独自のメッセージの後には「お受けになる場合は、いずれかのボタンを押してください。」が続きます。true と入力した場合はメッセージだけが流れるので、メッセージの中でボタンを押すよう案内してください。'
    },
    'screening.AcceptPrompt': {
      label: '「いずれかのボタンを押してください」と案内',
      help: '独自のメッセージの後に「お受けになる場合は、いずれかのボタンを押してください。」を言語の設定に従って流します。空欄の場合: 「ボタンを押して応答」が既定のままならオン、入力されていればオフです。'
    },
    'forward.PhoneNumber': {
      label: '転送先',
      help: '呼び出す番号です。国番号付きの電話番号（「国内番号の国」を指定すれば国内形式も可）、client:名前、sip:ユーザー@ホスト のいずれか。'
    },
    AllowedCallers: { label: '許可する発信者', help: '指定すると、これらの番号からの（またはこれらの番号への）着信だけを転送します。それ以外の発信者には下のお断りメッセージが流れます。' },
    AccessRestricted: { label: 'お断りメッセージ', help: '許可されていない発信者に流れる案内です。既定値:「申し訳ございません。お客様の電話番号からはおつなぎできません。失礼いたします。」（言語の設定に従います）' },
    'simulring.PhoneNumbers': { label: '呼び出す電話', help: '最大 10 件の番号を同時に呼び出します。' },
    'findme.PhoneNumbers': { label: '順番に呼び出す電話', help: '最大 10 件の番号を、1 件ずつ順番に呼び出します。' },
    'callme.PhoneNumber': { label: 'あなたの電話', help: '呼び出す番号です。' },
    'whisper.Message': {
      label: 'メッセージ',
      help: '応答した人が聞く案内です。既定値:「<発信者の番号（応答した人の国の書き方で区切って）> からお電話です。お受けになる場合は、いずれかのボタンを押してください。」（言語の設定に従います）'
    },
    'whisper.HumanCheck': { label: 'ボタンを押して応答', help: 'ボタンが押されなければ電話を切ります。ウィスパーの URL 単体では既定でオフです。' },
    'whisper.AcceptPrompt': {
      label: '「いずれかのボタンを押してください」と案内',
      help: '独自のメッセージの後に「お受けになる場合は、いずれかのボタンを押してください。」を言語の設定に従って流します。呼び出し系の Twimlet が既定で着信確認をするときに設定します。'
    },
    CallFrom: {
      label: '案内する発信元の番号',
      help: '既定の案内で読み上げる番号です（その通話の From の代わり）。発信者番号の設定で、応答した電話に発信者と違う番号が表示される場合に、呼び出し系の Twimlet が設定します。'
    },
    Email: { label: 'メッセージの送信先', help: '録音へのリンク付きで、メッセージを受け取るメールアドレスです。' },
    'voicemail.Message': { label: '応答メッセージ', help: '発信音の前に読み上げる文章か、再生する音声ファイルの URL です。既定値:「発信音のあとに、メッセージをお話しください。」（言語の設定に従います）' },
    Transcribe: { label: '文字起こし', help: 'Twilio によるメッセージの文字起こしを、Language の言語でメールに含めます。既定でオンです。' },
    TimeZone: { label: 'メールの時刻のタイムゾーン', help: 'メールに書く時刻の IANA タイムゾーンです（例: Asia/Tokyo）。既定はサーバーの MAIL_TIME_ZONE です。' },
    'menu.Message': { label: 'メニューの案内', help: '読み上げる文章か、再生する音声ファイルの URL です。例:「営業は 1 を、サポートは 2 を押してください。」' },
    Options: {
      label: '選択肢',
      keyLabel: 'ボタン',
      help: 'ボタン（または数字の組み合わせ）ごとに、発信者を案内する URL です。このサービスの他の Twimlet（forward?PhoneNumber=...）か、任意の TwiML の URL を指定します。'
    },
    ErrorMessage: { label: '誤ったボタンのときの案内', help: '選択肢にないボタンを押した発信者に流れる案内です。既定値:「申し訳ございません。その番号は選択できません。」（言語の設定に従います）' },
    'message.Message': { label: 'メッセージ', help: 'それぞれ、読み上げる文章か再生する音声ファイルの URL です。' },
    Bucket: { label: 'S3 バケット', help: '公開されている S3 バケットです。中の .mp3、.wav などの音声ファイルを再生します。' },
    'holdmusic.Message': { label: '曲間の案内', help: '曲と曲の間に読み上げる文章か、再生する音声です。例:「そのままお待ちください。」' },
    Name: { label: '会議室の名前', help: '同じ名前にかけた発信者同士がつながります。既定では、電話番号と設定ごとに 1 つの会議室です。' },
    Password: { label: 'パスコード', help: '参加するときに発信者が入力する数字です（3 桁以上を受け付けます）。' },
    Moderators: { label: 'モデレーター', help: 'この番号の人が参加すると電話会議が始まります。それまで他の参加者は保留音を聞いて待ちます。' },
    Music: { label: '待ち受け音楽', help: 'ジャンル（classical、ambient、electronica、guitars、rock、soft-rock）か、音声ファイルまたは TwiML の URL です。' },
    'conference.Message': { label: '参加時の案内', help: '参加する前に発信者に流れる案内です。既定値:「電話会議に参加します。」（言語の設定に従います）' },
    'hours.TimeZone': { label: 'タイムゾーン', help: '営業時間の IANA タイムゾーンです（例: Asia/Tokyo、America/New_York）。空欄の場合はサーバーの DEFAULT_TIME_ZONE、なければ国の設定のタイムゾーン（1 つだけの国の場合）、なければ UTC です。' },
    Open: { label: '営業時間', help: '1 行に 1 つの時間帯です（例: 月〜金 9:00-18:00、Sat 10:00-13:00）。金-月 のように週をまたげます。24:00 で 1 日の終わり、終わりが始まりより前なら翌日まで続きます（金 22:00-02:00）。空欄の場合は終日営業です。' },
    Holidays: { label: '休業する祝日の国', help: '国（JP、US、GB、DE など）または地域（US-CA、DE-BY）です。振替休日や国民の休日を含む、その国の祝日は休業します。' },
    Closed: { label: '休業日', help: '1 行に 1 日（2027-08-13）または期間（2026-12-29..2027-01-03、両端の日も休業）です。' },
    OpenUrl: { label: '営業時間中の転送先', help: 'このサービスの別の Twimlet（フォームで作成できます）か、任意の TwiML の URL です。' },
    ClosedUrl: { label: '営業時間外の転送先', help: '別の Twimlet（留守番電話、メッセージなど）か、任意の TwiML の URL です。空欄の場合は、時間外の案内を流して通話を終えます。' },
    ClosedMessage: { label: '時間外の案内', help: '営業時間外に流す案内です。転送先がない場合の既定値:「ただいまの時間は営業時間外です。営業時間内におかけ直しください。」（言語の設定に従います）' },
    'hours.Region': { label: '回線の国', help: '2 文字の国コードです。タイムゾーンが 1 つの国（JP、GB、FR など）なら、そのタイムゾーンが既定になります。空欄の場合はサーバーの DEFAULT_REGION です。' },
    Twiml: { label: 'TwiML', help: 'TwiML ドキュメント全体です。内容を確認して組み立て直すため、入力がそのまま返ることはありません。' }
  }
}
