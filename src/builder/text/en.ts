/**
 * The builder page's words in English: the reference catalog. Every other language is an object
 * of the type `PageText` (below), so a string missing from one of them is a type error. Strings
 * are sent to the page as JSON, so what varies is written `{name}` and filled in where it is used.
 */
export const en = {
  language: 'en',
  /** Text of index.html, by its data-text keys. */
  page: {
    title: 'twimlets: build a URL, try a call',
    skip: 'Skip to the builder',
    intro: 'Build a twimlet URL, see what Twilio will be told and what is wrong with it, and play a whole call through it (who is busy, who answers, who presses a key) before pasting it into Twilio.',
    languageLabel: 'Page language',
    buildHeading: '1. Choose a twimlet and fill it in',
    twimletLabel: 'Twimlet',
    baseLabel: 'Public address of this service',
    baseHelp: 'Where Twilio reaches this service; the URL starts with it.',
    placeholderNote: 'Grey, slanted text in a field is an example or the default: it is not in the URL until you type a value.',
    urlHeading: '2. The URL, and what Twilio is told',
    urlLabel: 'Voice URL for your Twilio number',
    urlHelp: 'Built from the form. You can also paste a URL here to check it, or to fill the form from it.',
    copy: 'Copy URL',
    load: 'Fill the form from this URL',
    problemsHeading: 'Problems',
    twimlHeading: 'TwiML of the first request',
    simHeading: '3. Try a call',
    partiesLegend: 'What each phone does when it rings',
    otherPartiesLabel: 'Other phones (for numbers reached through a menu or FailUrl)',
    otherPartiesHelp: 'number=outcome, separated by commas. Outcomes: accept, silent, voicemail, busy, no-answer, fails; add @seconds for when it answers (accept@8).',
    digitsLabel: 'Keys the caller presses',
    digitsHelp: 'What the caller keys at each prompt, in order, separated by commas. Nothing, or an empty entry, is silence.',
    moreCall: 'More about the call',
    fromLabel: 'Caller\'s number',
    toLabel: 'Your Twilio number',
    methodLabel: 'Twilio requests the URL by',
    talkLabel: 'A connected call lasts (seconds)',
    recordLabel: 'The caller\'s message lasts (seconds)',
    transcriptionLabel: 'Transcription of the message',
    transcriptionValue: 'Hello, this is a test message left in the call simulator.',
    run: 'Run the call',
    footer: 'Nothing leaves this server while simulating: no e-mail is sent and no bucket is listed; URLs of other sites are named, not fetched.'
  },
  /** Sentences the page's script writes. */
  ui: {
    buildWith: 'Build with a form…',
    nesting: 'Building “{param}” of {title} with this form.',
    nestingUse: 'Use this URL in “{param}”',
    nestingCancel: 'Back without it',
    hoursOpen: 'Open now ({zone}).',
    hoursClosed: 'Closed now ({zone}).',
    hoursNext: 'Next change: {when}.',
    hoursNoChange: 'No change within a year.',
    hoursWeek: 'The coming week (hours of the day, open shaded)',
    hoursHoliday: 'Holiday: {name}',
    hoursClosedDay: 'Closed day',
    weekdays: 'Mon Tue Wed Thu Fri Sat Sun',
    required: '{label} (required)',
    settings: '{title} settings',
    add: 'Add to “{label}”',
    remove: 'Remove',
    removeItem: 'Remove {label} {n}',
    removeOption: 'Remove option {n}',
    item: '{label} {n}',
    keyOf: '{key} of option {n}',
    urlOf: 'URL of option {n}',
    defaultChoice: '(default)',
    defaultIs: '(default: {value})',
    messagePlaceholder: 'Text to say, or https://… audio to play',
    advancedDial: 'Advanced: <Dial> options, language and voice',
    advancedSpeech: 'Advanced: language and voice',
    otherLegend: 'Other parameters',
    otherHelp: 'Parameters of the URL this twimlet does not have. They stay in the URL as typed; rename or remove them.',
    otherName: 'Name of other parameter {n}',
    otherValue: 'Value of other parameter {n}',
    otherRemove: 'Remove other parameter {n}',
    phonesAppear: 'The phones of the form appear here.',
    noProblems: 'No problems found.',
    level_error: 'Error: ',
    level_warning: 'Warning: ',
    level_info: 'Note: ',
    callersHear: 'Callers hear: “{spoken}”',
    rename: 'Rename to {name}',
    noTwiml: '(no TwiML: see the problems)',
    checkFailed: 'Could not check the URL: {error}',
    notUrl: 'That is not a URL.',
    noTwimlet: 'The URL names no twimlet of this service ({names}).',
    selectToCopy: 'Select the URL and copy it.',
    copied: 'Copied.',
    migrationHeading: 'This URL is for twimlets.com',
    migrationIntro: 'The same line on this service works a little differently:',
    migrationSame: 'This service answers the same line the same way: only the address changes.',
    migrationUse: 'Use this service\'s URL',
    baseLocal: 'Twilio cannot reach {host}: it is an address of this computer or of a private network. For real calls, give an address on the internet, for example through an HTTPS tunnel (ngrok, cloudflared) to this service.',
    baseHttp: 'This address is plain http: Twilio\'s requests, with your callers\' numbers, would cross the internet unencrypted. Use an https:// address (an HTTPS tunnel or proxy in front of this service gives one).',
    running: 'Running the call…',
    callFails: 'The call fails: {error}',
    outcome: '{result}{connected}; {requests}.',
    connected: ', connected to {targets}',
    requestsOne: '{n} request',
    requestsMany: '{n} requests',
    runFailed: 'Could not run the call: {error}',
    flowAlt: 'Picture of the call',
    transcriptSummary: 'Request by request',
    startFailed: 'The builder could not start: {error}'
  },
  /** What a phone can do when it rings (the simulator's outcomes). */
  outcomes: {
    accept: 'answers and accepts',
    silent: 'answers, presses nothing',
    voicemail: 'voicemail picks up',
    busy: 'is busy',
    'no-answer': 'does not answer',
    fails: 'fails (unreachable)'
  },
  /** How a simulated call ended. */
  results: {
    completed: 'The call completed',
    rejected: 'The call was rejected',
    external: 'The call went on to another site',
    loop: 'The call loops until the caller hangs up'
  },
  forms: {
    forward: { title: 'Forward', summary: 'Forwards the call to one phone number.' },
    simulring: { title: 'Simultaneous ring', summary: 'Rings several phones at once; the first to accept gets the call.' },
    findme: { title: 'Find me', summary: 'Tries each phone in turn until one accepts.' },
    callme: { title: 'Call me', summary: 'Forwards the call to one phone, which must accept it with a key press.' },
    whisper: { title: 'Whisper', summary: 'The screening document a dialed phone hears before being connected.' },
    voicemail: { title: 'Voicemail', summary: 'Records a message and e-mails it to you.' },
    menu: { title: 'Menu', summary: 'Plays a menu and sends the caller on by the key pressed.' },
    message: { title: 'Message', summary: 'Says or plays messages, in order.' },
    holdmusic: { title: 'Hold music', summary: 'Plays the audio files of an S3 bucket, shuffled, over and over.' },
    conference: { title: 'Conference', summary: 'Puts callers in a conference room.' },
    hours: { title: 'Business hours', summary: 'Sends the caller to one URL while open, another while closed: weekly hours, holidays and closed days in a time zone.' },
    echo: { title: 'Echo', summary: 'Answers with the TwiML you give.' }
  },
  /** Whose numbers Region applies to, in its help. */
  regionNumbers: {
    forward: 'It and the allowed callers',
    list: 'The numbers',
    callme: 'It',
    conference: 'Moderators\' numbers'
  },
  /** Each field's label and help, by the key forms.ts names (the parameter, or form.parameter where forms differ). */
  fields: {
    Language: {
      label: 'Language',
      help: 'Language of every spoken sentence, such as ja-JP, en-GB, es-MX, fr-FR, de-DE or pt-BR. The sentences this service says itself (defaults, goodbyes, problems) come in English, Japanese, Spanish, French, German and Portuguese; other languages hear them in English. Empty: the operator\'s DEFAULT_LANGUAGE, else English.'
    },
    Voice: {
      label: 'Voice',
      help: 'Voice of every spoken sentence: man, woman, alice, or an Amazon Polly or Google voice that speaks the Language (Polly.Mizuki or Polly.Takumi for ja-JP). A voice known not to speak it is left out, with a warning.'
    },
    Region: {
      label: 'Country of local numbers',
      help: 'Two-letter country code. {numbers} written without their country code (090-1234-5678, 03-1234-5678, 0120-123-456) are taken as numbers of this country and dialed in international form (+819012345678); one that cannot be valid there is reported, never dialed. Empty: the operator\'s DEFAULT_REGION, else numbers are dialed as typed.'
    },
    CallerId: {
      label: 'Caller ID',
      help: 'The number the called phones see: "called" for the Twilio number that was called (Twilio for KDDI Web Communications requires one of your own Twilio numbers here; numbers other than 050, 0800 and 0120 show as withheld), "caller" for the caller\'s own number, or a number of your Twilio account, or client:name. Empty: the operator\'s DEFAULT_CALLER_ID, else the caller\'s number.'
    },
    TimeLimit: { label: 'Time limit (seconds)', help: 'Longest a connected call may last, 1 to 14400 seconds (the default, 4 hours).' },
    Record: { label: 'Record', help: 'Record the connected call; the recording comes with the FailUrl/action request.' },
    RecordingStatusCallback: { label: 'Recording status callback', help: 'URL Twilio tells when the recording is ready.' },
    RecordingStatusCallbackMethod: { label: 'Recording callback method', help: 'How Twilio requests the recording status callback (POST by default).' },
    RecordingStatusCallbackEvent: { label: 'Recording callback events', help: 'Which recording events to report: in-progress, completed, absent (space-separated).' },
    Trim: { label: 'Trim silence', help: 'Remove silence from the start and end of the recording.' },
    RingTone: { label: 'Ring tone', help: 'Ringback the caller hears, by two-letter country code (us, uk, de, fr, ...).' },
    AnswerOnBridge: { label: 'Answer on bridge', help: 'Keep the caller hearing ringing (unanswered) until someone picks up.' },
    HangupOnStar: { label: 'Hang up on *', help: 'Let the caller end the connected call by pressing *.' },
    SendDigits: { label: 'Send digits', help: 'Keys played to the answered phone, for extensions; w waits half a second.' },
    Timeout: { label: 'Ring for (seconds)', help: 'How long each phone rings before it counts as not answered: 5 to 600 seconds, {seconds} by default.' },
    FailUrl: {
      label: 'When nobody answers, go to',
      help: 'A URL for the caller when the call is not connected: another twimlet of this service (a relative URL such as voicemail?Email=...) or any TwiML URL. Without it, the call ends.'
    },
    'screening.Message': {
      label: 'Whisper to the called person',
      help: 'What each person hears on answering, before being connected: text to say, or an audio URL to play. Default: "You are receiving a call from <the caller\'s number, grouped as written in the answerer\'s country>. Press any key to accept.", in the Language.'
    },
    'callme.Message': {
      label: 'Whisper to the called person',
      help: 'What you hear on answering, before being connected: text to say, or an audio URL to play. Default: "You are receiving a call from <the caller\'s number, grouped as written in the answerer\'s country>. Press any key to accept.", in the Language.'
    },
    'screening.HumanCheck': {
      label: 'Require a key press',
      help: 'Connect only when the person answering presses a key, so a voicemail box that answers never takes the call. On by default, and then a Message of your own is followed by "Press any key to accept." in the Language; typed true, the Message is said alone, so it should ask for a key.'
    },
    'screening.AcceptPrompt': {
      label: 'Say "Press any key to accept."',
      help: 'After a Message of your own, also say "Press any key to accept." in the Language. Left empty: on when Require a key press is left at its default, off when it is typed.'
    },
    'forward.PhoneNumber': {
      label: 'Forward to',
      help: 'The number to ring: a phone number with country code (or in national form with a Region), or client:name, sip:user@host.'
    },
    AllowedCallers: { label: 'Only these callers', help: 'When given, only calls from (or to) these numbers are forwarded; others hear the refusal below.' },
    AccessRestricted: { label: 'Refusal message', help: 'What callers who are not allowed hear. Default: "Sorry, you are calling from a restricted number. Good bye.", in the Language.' },
    'simulring.PhoneNumbers': { label: 'Phones to ring', help: 'Up to 10 numbers, all rung at the same time.' },
    'findme.PhoneNumbers': { label: 'Phones to try, in order', help: 'Up to 10 numbers, rung one after the other.' },
    'callme.PhoneNumber': { label: 'Your phone', help: 'The number to ring.' },
    'whisper.Message': {
      label: 'Message',
      help: 'What the answering person hears. Default: "You are receiving a call from <the caller\'s number, grouped as written in the answerer\'s country>. Press any key to accept.", in the Language.'
    },
    'whisper.HumanCheck': { label: 'Require a key press', help: 'Hang up unless a key is pressed. Off by default for a bare whisper URL.' },
    'whisper.AcceptPrompt': {
      label: 'Say "Press any key to accept."',
      help: 'After a Message of your own, also say "Press any key to accept." in the Language. The dialing twimlets set it when they screen by default.'
    },
    CallFrom: {
      label: 'Announce the call as from',
      help: 'The number the default message names, in place of the leg\'s From. The dialing twimlets set it when a CallerId shows the answered phone another number than the caller\'s.'
    },
    Email: { label: 'Send messages to', help: 'The e-mail address that receives each message, with a link to the recording.' },
    'voicemail.Message': { label: 'Greeting', help: 'Text to say or an audio URL to play before the beep. Default: "Please leave a message after the beep.", in the Language.' },
    Transcribe: { label: 'Transcribe', help: 'Include Twilio\'s transcription of the message in the e-mail, in the Language. On by default.' },
    TimeZone: { label: 'Time zone of the e-mail', help: 'IANA time zone of the times in the e-mail, such as Asia/Tokyo. Default: the server\'s MAIL_TIME_ZONE.' },
    'menu.Message': { label: 'Menu prompt', help: 'Text to say or an audio URL to play, such as "For sales press 1, for support press 2."' },
    Options: {
      label: 'Options',
      keyLabel: 'Keys',
      help: 'For each key (or key sequence), the URL the caller goes to: another twimlet of this service (forward?PhoneNumber=...) or any TwiML URL.'
    },
    ErrorMessage: { label: 'Wrong key message', help: 'What a caller who presses a key with no option hears. Default: "I\'m sorry, that wasn\'t a valid option.", in the Language.' },
    'message.Message': { label: 'Messages', help: 'Each is text to say or an audio URL to play.' },
    Bucket: { label: 'S3 bucket', help: 'A public S3 bucket; its .mp3, .wav and other audio files are played.' },
    'holdmusic.Message': { label: 'Between tracks', help: 'Text to say or audio to play between tracks, such as "Thanks for holding."' },
    Name: { label: 'Room name', help: 'Callers to the same name meet. By default, one room per line and settings.' },
    Password: { label: 'Pass code', help: 'Digits callers must key in to join (at least 3 are gathered).' },
    Moderators: { label: 'Moderators', help: 'Numbers whose arrival starts the conference; others wait with music until one joins.' },
    Music: { label: 'Wait music', help: 'A genre (classical, ambient, electronica, guitars, rock, soft-rock) or an audio or TwiML URL.' },
    'conference.Message': { label: 'Welcome', help: 'What callers hear before joining. Default: "You are now entering the conference line.", in the Language.' },
    'hours.TimeZone': { label: 'Time zone', help: 'IANA time zone of the hours, such as Asia/Tokyo or America/New_York. Empty: the operator\'s DEFAULT_TIME_ZONE, else the zone of the Region\'s country when it keeps one, else UTC.' },
    Open: { label: 'Opening hours', help: 'One range per row: Mon-Fri 09:00-18:00, Sat 10:00-13:00, 月〜金 9:00-18:00. Fri-Mon wraps; 24:00 ends a day; an end before the start runs past midnight (Fri 22:00-02:00). Empty: open around the clock.' },
    Holidays: { label: 'Closed on the holidays of', help: 'A country (JP, US, GB, DE…) or a subdivision (US-CA, DE-BY): closed on its public holidays, substitute holidays included.' },
    Closed: { label: 'Closed days', help: 'One day (2027-08-13) or range (2026-12-29..2027-01-03, both days closed) per row.' },
    OpenUrl: { label: 'While open, go to', help: 'Another twimlet of this service (build it with its form) or any TwiML URL.' },
    ClosedUrl: { label: 'While closed, go to', help: 'Another twimlet (voicemail, message…) or any TwiML URL. Empty: the caller hears the closed message and the call ends.' },
    ClosedMessage: { label: 'Closed message', help: 'Said or played while closed, before going on. Default without a closed URL: "We are closed now. Please call again during our business hours.", in the Language.' },
    'hours.Region': { label: 'Country of the line', help: 'Two-letter country code: its time zone is the default when the country keeps one (JP, GB, FR). Empty: the operator\'s DEFAULT_REGION.' },
    Twiml: { label: 'TwiML', help: 'A whole TwiML document; it is checked and rebuilt, never reflected as typed.' }
  }
}

/** The shape every language's page text has: English's, key for key. */
export type PageText = typeof en
