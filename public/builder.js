// The URL builder: forms from api/twimlets, problems from api/check, calls from api/simulate.
// Plain DOM, no dependencies; every text a user typed goes in through textContent or value.

const OUTCOME_LABELS = {
  accept: 'answers and accepts',
  silent: 'answers, presses nothing',
  voicemail: 'voicemail picks up',
  busy: 'is busy',
  'no-answer': 'does not answer',
  fails: 'fails (unreachable)'
}
const RESULT_TEXT = {
  completed: 'The call completed',
  rejected: 'The call was rejected',
  external: 'The call went on to another site',
  loop: 'The call loops until the caller hangs up'
}
const CHECK_DELAY_MS = 250

const $ = (id) => document.getElementById(id)
const state = { forms: [], outcomes: [], maxRows: 20, current: undefined, outcomeOf: new Map(), checkSeq: 0, checkAbort: undefined }

function el (tag, attributes = {}, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue
    if (name === 'text') node.textContent = value
    else node.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children) if (child !== undefined) node.append(child)
  return node
}

function inputFor (field, id, extra = {}) {
  const common = { id, name: field.name, autocomplete: 'off', spellcheck: 'false', ...extra }
  if (field.kind === 'bool' || field.kind === 'choice') {
    const choices = field.kind === 'bool' ? ['true', 'false'] : field.choices
    const select = el('select', common, el('option', { value: '', text: field.placeholder ? `(default: ${field.placeholder})` : '(default)' }))
    for (const choice of choices) select.append(el('option', { value: choice, text: choice }))
    return select
  }
  if (field.kind === 'textarea') return el('textarea', { ...common, rows: 6, placeholder: field.placeholder })
  const types = { phone: 'tel', email: 'email', number: 'number' }
  const modes = { url: 'url', number: 'numeric', phone: 'tel' }
  return el('input', {
    ...common,
    type: types[field.kind] ?? 'text',
    inputmode: modes[field.kind],
    min: field.min,
    max: field.kind === 'number' ? field.max : undefined,
    placeholder: field.placeholder ?? (field.kind === 'message' ? 'Text to say, or https://… audio to play' : undefined)
  })
}

function labelText (field) {
  return field.required ? `${field.label} (required)` : field.label
}

/** A list (Name[]=a&Name[]=b) or map (Name[key]=url) parameter: rows added and removed. */
function rowsField (form, field) {
  const id = `${form.name}-${field.name}`
  const rows = el('div', { class: 'rows', id: `${id}-rows` })
  const fieldset = el('fieldset', { class: 'field list', 'data-param': field.name, 'data-shape': field.shape, 'aria-describedby': `${id}-help` },
    el('legend', { text: labelText(field) }),
    el('p', { class: 'help', id: `${id}-help`, text: field.help }),
    rows)
  const add = el('button', { type: 'button', class: 'add', text: `Add to “${field.label}”` })
  const renumber = () => {
    [...rows.children].forEach((row, i) => {
      const n = i + 1
      if (field.shape === 'map') {
        row.querySelector('.key').setAttribute('aria-label', `${field.keyLabel ?? 'Key'} of option ${n}`)
        row.querySelector('.value').setAttribute('aria-label', `URL of option ${n}`)
      } else {
        row.querySelector('.value').setAttribute('aria-label', `${field.label} ${n}`)
      }
      row.querySelector('.remove').setAttribute('aria-label', `Remove ${field.shape === 'map' ? 'option' : field.label} ${n}`)
    })
    add.disabled = rows.children.length >= state.maxRows
  }
  const addRow = (value = '', key = '') => {
    const row = el('div', { class: 'row' })
    if (field.shape === 'map') row.append(el('input', { class: 'key', type: 'text', inputmode: 'numeric', autocomplete: 'off', value: key, placeholder: String(rows.children.length + 1) }))
    const input = inputFor(field, undefined, { class: 'value' })
    input.value = value
    row.append(input)
    const remove = el('button', { type: 'button', class: 'remove', text: 'Remove' })
    remove.addEventListener('click', () => {
      const next = row.nextElementSibling ?? row.previousElementSibling
      row.remove()
      if (rows.children.length === 0) addRow()
      renumber()
      changed()
      ;(next ?? rows.firstElementChild)?.querySelector('input, select')?.focus()
    })
    row.append(remove)
    rows.append(row)
    renumber()
    return input
  }
  add.addEventListener('click', () => {
    addRow().focus()
    changed()
  })
  fieldset.append(add)
  fieldset.setRows = (entries) => {
    rows.replaceChildren()
    for (const [key, value] of entries) addRow(value, key)
    if (rows.children.length === 0) addRow()
  }
  fieldset.setRows([])
  return fieldset
}

/** Values offered as the user types (Language, Region, CallerId); any other may be typed. */
function suggestionsFor (field, id) {
  if (field.suggestions === undefined) return undefined
  const list = el('datalist', { id: `${id}-suggestions` })
  for (const value of field.suggestions) list.append(el('option', { value }))
  return list
}

function scalarField (form, field) {
  const id = `${form.name}-${field.name}`
  const suggestions = suggestionsFor(field, id)
  const input = inputFor(field, id, { 'aria-describedby': `${id}-help`, 'aria-required': field.required ? 'true' : undefined, list: suggestions?.id })
  return el('div', { class: 'field', 'data-param': field.name },
    el('label', { for: id, text: labelText(field) }),
    input,
    suggestions,
    el('p', { class: 'help', id: `${id}-help`, text: field.help }))
}

function renderForm (form) {
  const node = el('form', { id: `form-${form.name}`, class: 'twimlet-form', 'aria-label': `${form.title} settings`, hidden: true })
  node.addEventListener('submit', (event) => event.preventDefault())
  const advanced = form.fields.filter((f) => f.advanced)
  for (const field of form.fields.filter((f) => !f.advanced)) node.append(field.shape === undefined ? scalarField(form, field) : rowsField(form, field))
  if (advanced.length > 0) {
    const dial = advanced.some((f) => f.name === 'CallerId')
    const details = el('details', { class: 'advanced' }, el('summary', { text: dial ? 'Advanced: <Dial> options, language and voice' : 'Advanced: language and voice' }))
    for (const field of advanced) details.append(field.shape === undefined ? scalarField(form, field) : rowsField(form, field))
    node.append(details)
  }
  node.addEventListener('input', changed)
  node.addEventListener('change', changed)
  return node
}

/** The name=value pairs of a form, lists and maps written PHP-style, as the service reads them. */
function pairsOf (form) {
  const node = $(`form-${form.name}`)
  const pairs = []
  for (const field of form.fields) {
    const holder = node.querySelector(`[data-param="${field.name}"]`)
    if (field.shape === 'list') {
      for (const input of holder.querySelectorAll('.value')) if (input.value.trim() !== '') pairs.push([`${field.name}[]`, input.value.trim()])
    } else if (field.shape === 'map') {
      for (const row of holder.querySelectorAll('.row')) {
        const key = row.querySelector('.key').value.trim()
        const value = row.querySelector('.value').value.trim()
        if (key !== '' && value !== '') pairs.push([`${field.name}[${key}]`, value])
      }
    } else {
      const input = holder.querySelector('input, select, textarea')
      const value = field.kind === 'textarea' ? input.value : input.value.trim()
      if (value.trim() !== '') pairs.push([field.name, value])
    }
  }
  return pairs
}

function baseUrl () {
  const typed = $('base').value.trim()
  return typed === '' ? new URL('.', location.href).href : typed.endsWith('/') ? typed : `${typed}/`
}

function buildUrl (form) {
  // Brackets stay readable; every value is encoded, "+" of phone numbers included.
  const query = pairsOf(form).map(([name, value]) => `${encodeURIComponent(name).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(value)}`)
  return `${baseUrl()}${form.name}${query.length === 0 ? '' : `?${query.join('&')}`}`
}

/** Dialed targets of the current form, for the simulation panel. */
function targetsOf (form) {
  const node = $(`form-${form.name}`)
  const targets = []
  for (const field of form.fields.filter((f) => f.dialed)) {
    for (const input of node.querySelectorAll(`[data-param="${field.name}"] input`)) {
      const value = input.value.trim()
      if (value !== '' && !targets.includes(value)) targets.push(value)
    }
  }
  return targets
}

function renderParties () {
  const rows = $('party-rows')
  const targets = state.current === undefined ? [] : targetsOf(state.current)
  const focused = document.activeElement?.closest?.('#party-rows') ? document.activeElement.id : undefined
  rows.replaceChildren()
  if (targets.length === 0) rows.append(el('p', { class: 'help', text: 'The phones of the form appear here.' }))
  targets.forEach((target, i) => {
    const id = `party-${i}`
    const select = el('select', { id, 'data-target': target })
    for (const outcome of state.outcomes) select.append(el('option', { value: outcome, text: OUTCOME_LABELS[outcome] ?? outcome }))
    select.value = state.outcomeOf.get(target) ?? 'accept'
    select.addEventListener('change', () => state.outcomeOf.set(target, select.value))
    rows.append(el('div', { class: 'field party' }, el('label', { for: id, text: target }), select))
  })
  if (focused !== undefined) $(focused)?.focus()
}

function renderProblems (problems, failure) {
  const box = $('problems')
  box.replaceChildren()
  if (failure !== undefined) {
    box.append(el('p', { class: 'error', text: failure }))
    return
  }
  if (problems.length === 0) {
    box.append(el('p', { class: 'ok', text: 'No problems found.' }))
    return
  }
  const list = el('ul', { class: 'problems' })
  for (const problem of problems) {
    const field = state.current === undefined ? undefined : $(`${state.current.name}-${problem.param}`)
    const name = field !== null && field !== undefined
      ? el('a', { href: `#${field.id}`, text: problem.param })
      : el('code', { text: problem.param })
    if (name.tagName === 'A') {
      name.addEventListener('click', (event) => {
        event.preventDefault()
        field.closest('details')?.setAttribute('open', '')
        field.focus()
      })
    }
    const item = el('li', { class: problem.level }, el('strong', { text: problem.level === 'error' ? 'Error: ' : 'Warning: ' }), name, ` ${problem.message}`)
    if (problem.spoken !== undefined) item.append(el('span', { class: 'spoken', text: ` Callers hear: “${problem.spoken}”` }))
    list.append(item)
  }
  box.append(list)
}

async function postJson (path, body, signal) {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal })
  const data = await res.json()
  if (!res.ok) throw new Error(data.message ?? `HTTP ${res.status}`)
  return data
}

async function check () {
  const url = $('url').value.trim()
  const seq = ++state.checkSeq
  state.checkAbort?.abort()
  state.checkAbort = new AbortController()
  if (url === '') return
  try {
    const result = await postJson('api/check', { url }, state.checkAbort.signal)
    if (seq !== state.checkSeq) return
    renderProblems(result.problems)
    $('twiml').textContent = result.twiml ?? '(no TwiML: see the problems)'
  } catch (error) {
    if (error.name === 'AbortError' || seq !== state.checkSeq) return
    renderProblems([], `Could not check the URL: ${error.message}`)
  }
}

let timer
function scheduleCheck () {
  clearTimeout(timer)
  timer = setTimeout(check, CHECK_DELAY_MS)
}

function changed () {
  if (state.current === undefined) return
  $('url').value = buildUrl(state.current)
  renderParties()
  scheduleCheck()
}

function show (name) {
  state.current = state.forms.find((form) => form.name === name) ?? state.forms[0]
  for (const form of state.forms) $(`form-${form.name}`).hidden = form !== state.current
  $('twimlet').value = state.current.name
  $('twimlet-summary').textContent = state.current.summary
  changed()
}

/** Fills the form of the URL's twimlet from its query, so an existing URL can be edited. */
function load () {
  let url
  try {
    url = new URL($('url').value.trim(), baseUrl())
  } catch {
    renderProblems([], 'That is not a URL.')
    return
  }
  const name = url.pathname.replace(/\/+$/, '').split('/').at(-1)
  const form = state.forms.find((f) => f.name === name)
  if (form === undefined) {
    renderProblems([], `The URL names no twimlet of this service (${state.forms.map((f) => f.name).join(', ')}).`)
    return
  }
  $('base').value = new URL(url.pathname.replace(/\/+$/, '').replace(/[^/]*$/, ''), url).href
  const node = $(`form-${form.name}`)
  const pairs = [...url.searchParams]
  for (const field of form.fields) {
    const holder = node.querySelector(`[data-param="${field.name}"]`)
    if (field.shape === 'list') {
      const entries = pairs.filter(([key]) => key === field.name || key.startsWith(`${field.name}[`)).map(([, value]) => ['', value])
      holder.setRows(entries)
    } else if (field.shape === 'map') {
      const entries = pairs.filter(([key]) => key.startsWith(`${field.name}[`) && key.endsWith(']')).map(([key, value]) => [key.slice(field.name.length + 1, -1), value])
      holder.setRows(entries)
    } else {
      const found = pairs.filter(([key]) => key === field.name).at(-1)
      holder.querySelector('input, select, textarea').value = found === undefined ? '' : found[1]
    }
  }
  show(form.name)
}

async function copy () {
  const url = $('url').value
  const status = $('copy-status')
  try {
    await navigator.clipboard.writeText(url)
  } catch {
    $('url').select()
    if (!document.execCommand('copy')) {
      status.textContent = 'Select the URL and copy it.'
      return
    }
  }
  status.textContent = 'Copied.'
  setTimeout(() => { status.textContent = '' }, 3000)
}

function scriptParties () {
  const parties = {}
  for (const select of $('party-rows').querySelectorAll('select')) parties[select.dataset.target] = select.value
  for (const entry of $('other-parties').value.split(',')) {
    const at = entry.lastIndexOf('=')
    if (at > 0) parties[entry.slice(0, at).trim()] = entry.slice(at + 1).trim()
  }
  return parties
}

async function run (event) {
  event.preventDefault()
  const result = $('result')
  const button = $('run')
  const digits = $('digits').value.trim()
  button.disabled = true
  result.textContent = 'Running the call…'
  try {
    const data = await postJson('api/simulate', {
      url: $('url').value.trim(),
      method: $('method').value,
      from: $('from').value,
      to: $('to').value,
      parties: scriptParties(),
      digits: digits === '' ? [] : digits.split(',').map((d) => d.trim()),
      talkSeconds: $('talk').value || '0',
      recordSeconds: $('record').value || '0',
      transcription: $('transcription').value
    })
    $('transcript').textContent = data.text
    const t = data.transcript
    result.className = t.result === 'error' ? 'error' : 'ok'
    const connected = t.bridged.length > 0 ? `, connected to ${t.bridged.join(', ')}` : ''
    result.textContent = t.result === 'error'
      ? `The call fails: ${t.error?.message ?? 'error'}`
      : `${RESULT_TEXT[t.result] ?? t.result}${connected}; ${t.requests} request${t.requests === 1 ? '' : 's'}.`
  } catch (error) {
    result.className = 'error'
    result.textContent = `Could not run the call: ${error.message}`
  } finally {
    button.disabled = false
  }
}

async function start () {
  const res = await fetch('api/twimlets')
  const data = await res.json()
  state.forms = data.twimlets
  state.outcomes = data.outcomes
  state.maxRows = data.maxListRows ?? state.maxRows
  const picker = $('twimlet')
  for (const form of state.forms) {
    picker.append(el('option', { value: form.name, text: `${form.title} (${form.name})` }))
    $('forms').append(renderForm(form))
  }
  $('base').value = new URL('.', location.href).href
  picker.addEventListener('change', () => show(picker.value))
  $('base').addEventListener('input', changed)
  $('url').addEventListener('input', scheduleCheck)
  $('copy').addEventListener('click', copy)
  $('load').addEventListener('click', load)
  $('simulation').addEventListener('submit', run)
  const wanted = new URLSearchParams(location.search).get('twimlet')
  show(wanted ?? state.forms[0]?.name)
  document.body.dataset.ready = 'true'
}

start().catch((error) => {
  $('problems').textContent = `The builder could not start: ${error.message}`
})
