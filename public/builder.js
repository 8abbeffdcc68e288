// The URL builder: forms and words from api/twimlets, problems from api/check, calls from api/simulate.
// Plain DOM, no dependencies; every text a user typed, and every text of the API, goes in through
// textContent or value, and the call's picture through an <img> (never innerHTML).

const CHECK_DELAY_MS = 250
const LANGUAGE_KEY = 'twimlets.language'
const SVG_NS = 'http://www.w3.org/2000/svg'

const $ = (id) => document.getElementById(id)
const state = {
  lang: 'en',
  text: undefined,
  forms: [],
  outcomes: [],
  maxRows: 20,
  current: undefined,
  outcomeOf: new Map(),
  checkSeq: 0,
  checkAbort: undefined,
  /** While another twimlet's form builds a URL field of the form shown before: { host, field }. */
  nesting: undefined
}

function fill (text, values = {}) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => Object.hasOwn(values, name) ? String(values[name]) : whole)
}

/** A sentence of the page's catalog, in the page's language. */
function say (key, values) {
  return fill(state.text.ui[key] ?? key, values)
}

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

/** Brackets stay readable; every value is encoded, "+" of phone numbers and whole nested URLs included. */
function queryOf (pairs) {
  return pairs.map(([name, value]) => `${encodeURIComponent(name).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(value)}`).join('&')
}

function inputFor (field, id, extra = {}) {
  const common = { id, name: field.name, autocomplete: 'off', spellcheck: 'false', ...extra }
  if (field.kind === 'bool' || field.kind === 'choice') {
    const choices = field.kind === 'bool' ? ['true', 'false'] : field.choices
    const select = el('select', common, el('option', { value: '', text: field.placeholder ? say('defaultIs', { value: field.placeholder }) : say('defaultChoice') }))
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
    placeholder: field.placeholder ?? (field.kind === 'message' ? say('messagePlaceholder') : undefined)
  })
}

function labelText (field) {
  return field.required ? say('required', { label: field.label }) : field.label
}

/** A list (Name[]=a&Name[]=b) or map (Name[key]=url) parameter: rows added and removed. */
function rowsField (form, field) {
  const id = `${form.name}-${field.name}`
  const rows = el('div', { class: 'rows', id: `${id}-rows` })
  const fieldset = el('fieldset', { class: 'field list', 'data-param': field.name, 'data-shape': field.shape, 'aria-describedby': `${id}-help` },
    el('legend', { text: labelText(field) }),
    el('p', { class: 'help', id: `${id}-help`, text: field.help }),
    rows)
  const add = el('button', { type: 'button', class: 'add', text: say('add', { label: field.label }) })
  const renumber = () => {
    [...rows.children].forEach((row, i) => {
      const n = i + 1
      if (field.shape === 'map') {
        row.querySelector('.key').setAttribute('aria-label', say('keyOf', { key: field.keyLabel ?? 'Key', n }))
        row.querySelector('.value').setAttribute('aria-label', say('urlOf', { n }))
        row.querySelector('.remove').setAttribute('aria-label', say('removeOption', { n }))
      } else {
        row.querySelector('.value').setAttribute('aria-label', say('item', { label: field.label, n }))
        row.querySelector('.remove').setAttribute('aria-label', say('removeItem', { label: field.label, n }))
      }
    })
    add.disabled = rows.children.length >= state.maxRows
  }
  const addRow = (value = '', key = '') => {
    const row = el('div', { class: 'row' })
    if (field.shape === 'map') row.append(el('input', { class: 'key', type: 'text', inputmode: 'numeric', autocomplete: 'off', value: key, placeholder: String(rows.children.length + 1) }))
    const input = inputFor(field, undefined, { class: 'value' })
    input.value = value
    row.append(input, removeButton(row, rows, () => { if (rows.children.length === 0) addRow() }, renumber))
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

/** A row's "Remove" button: the focus goes to the row after it (or before it). */
function removeButton (row, rows, refill, renumber) {
  const remove = el('button', { type: 'button', class: 'remove', text: say('remove') })
  remove.addEventListener('click', () => {
    const next = row.nextElementSibling ?? row.previousElementSibling
    row.remove()
    refill()
    renumber()
    changed()
    ;(next ?? rows.firstElementChild)?.querySelector('input, select')?.focus()
  })
  return remove
}

/**
 * Parameters of a loaded URL that the twimlet does not have: kept, as name=value rows written back
 * into the URL, so a misspelt name can be seen, renamed or removed rather than silently lost.
 */
function otherField (form) {
  const rows = el('div', { class: 'rows' })
  const fieldset = el('fieldset', { class: 'field list other', 'data-other': '', 'aria-describedby': `${form.name}-other-help`, hidden: true },
    el('legend', { text: say('otherLegend') }),
    el('p', { class: 'help', id: `${form.name}-other-help`, text: say('otherHelp') }),
    rows)
  const renumber = () => {
    [...rows.children].forEach((row, i) => {
      const n = i + 1
      row.querySelector('.name').setAttribute('aria-label', say('otherName', { n }))
      row.querySelector('.value').setAttribute('aria-label', say('otherValue', { n }))
      row.querySelector('.remove').setAttribute('aria-label', say('otherRemove', { n }))
    })
    fieldset.hidden = rows.children.length === 0
  }
  fieldset.setRows = (pairs) => {
    rows.replaceChildren()
    for (const [name, value] of pairs) {
      const row = el('div', { class: 'row', 'data-param': baseName(name) })
      const nameInput = el('input', { class: 'name', type: 'text', autocomplete: 'off', spellcheck: 'false', value: name })
      nameInput.addEventListener('input', () => { row.dataset.param = baseName(nameInput.value.trim()) })
      const valueInput = el('input', { class: 'value', type: 'text', autocomplete: 'off', spellcheck: 'false' })
      valueInput.value = value
      row.append(nameInput, valueInput, removeButton(row, rows, () => {}, renumber))
      rows.append(row)
    }
    renumber()
  }
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
    field.nests ? nestPicker(form, field) : undefined,
    el('p', { class: 'help', id: `${id}-help`, text: field.help }))
}

/** For a URL field: another twimlet's form builds the URL, which comes back nested, relative to this service. */
function nestPicker (form, field) {
  const picker = el('select', { class: 'build-with', 'aria-label': `${field.label}: ${say('buildWith')}` }, el('option', { value: '', text: say('buildWith') }))
  for (const other of state.forms) if (other.name !== form.name) picker.append(el('option', { value: other.name, text: `${other.title} (${other.name})` }))
  picker.addEventListener('change', (event) => {
    event.stopPropagation()
    const into = picker.value
    picker.value = ''
    if (into !== '') startNesting(form, field, into)
  })
  return picker
}

function startNesting (host, field, into) {
  state.nesting = { host, field }
  // What the field holds already, when it is that twimlet: its form starts from it.
  const typed = formNode(host).querySelector(`[data-param="${field.name}"] input`).value.trim()
  const target = state.forms.find((form) => form.name === into)
  if (typed !== '' && new URL(typed, baseUrl()).pathname.split('/').at(-1) === into) {
    $('url').value = new URL(typed, baseUrl()).href
    load()
  } else {
    show(into)
  }
  const use = el('button', { type: 'button', id: 'nesting-use', text: say('nestingUse', { param: field.label }) })
  const cancel = el('button', { type: 'button', id: 'nesting-cancel', text: say('nestingCancel') })
  use.addEventListener('click', () => endNesting(`${target.name}${pairsOf(target).length === 0 ? '' : `?${queryOf(pairsOf(target))}`}`))
  cancel.addEventListener('click', () => endNesting(undefined))
  $('nesting').replaceChildren(el('p', { text: say('nesting', { param: field.label, title: host.title }) }), el('div', { class: 'buttons' }, use, cancel))
  $('nesting').hidden = false
  use.focus()
}

/** Back to the form that asked, with the URL built (relative: a twimlet of this service) in its field. */
function endNesting (url) {
  const { host, field } = state.nesting
  state.nesting = undefined
  $('nesting').hidden = true
  $('nesting').replaceChildren()
  const input = formNode(host).querySelector(`[data-param="${field.name}"] input`)
  if (url !== undefined) input.value = url
  show(host.name)
  input.focus()
}

function renderForm (form) {
  const node = el('form', { id: `form-${form.name}`, class: 'twimlet-form', 'aria-label': say('settings', { title: form.title }), hidden: true })
  node.addEventListener('submit', (event) => event.preventDefault())
  const advanced = form.fields.filter((f) => f.advanced)
  for (const field of form.fields.filter((f) => !f.advanced)) node.append(field.shape === undefined ? scalarField(form, field) : rowsField(form, field))
  if (advanced.length > 0) {
    const dial = advanced.some((f) => f.name === 'CallerId')
    const details = el('details', { class: 'advanced' }, el('summary', { text: say(dial ? 'advancedDial' : 'advancedSpeech') }))
    for (const field of advanced) details.append(field.shape === undefined ? scalarField(form, field) : rowsField(form, field))
    node.append(details)
  }
  node.append(otherField(form))
  node.addEventListener('input', changed)
  node.addEventListener('change', changed)
  return node
}

function formNode (form = state.current) {
  return form === undefined ? undefined : $(`form-${form.name}`)
}

/** The element holding a parameter's input(s) in the current form: a field, a list, or an "other" row. */
function holderOf (name) {
  const node = formNode()
  if (node === undefined) return undefined
  return [...node.querySelectorAll('[data-param]')].find((holder) => holder.dataset.param === name)
}

/** The name=value pairs of a form, lists and maps written PHP-style, as the service reads them. */
function pairsOf (form) {
  const node = formNode(form)
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
  for (const row of node.querySelectorAll('[data-other] .row')) {
    const name = row.querySelector('.name').value.trim()
    if (name !== '') pairs.push([name, row.querySelector('.value').value])
  }
  return pairs
}

function baseUrl () {
  const typed = $('base').value.trim()
  return typed === '' ? new URL('.', location.href).href : typed.endsWith('/') ? typed : `${typed}/`
}

function buildUrl (form) {
  const query = queryOf(pairsOf(form))
  return `${baseUrl()}${form.name}${query === '' ? '' : `?${query}`}`
}

function baseName (param) {
  return param.replace(/\[[^\]]*\]$/, '')
}

/** Addresses Twilio, on the internet, cannot reach: this machine, private networks, local names. */
function isPrivateHost (host) {
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host)
  if (v4 !== null) {
    const [a, b] = [Number(v4[1]), Number(v4[2])]
    return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
  }
  // IPv6 as URL writes it (compressed, lower case): loopback, unspecified, unique local fc00::/7, link-local fe80::/10.
  return host === '::1' || host === '::' || /^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host) || /^::ffff:(127|10|192\.168)\./.test(host)
}

function reachability (base) {
  let url
  try {
    url = new URL(base)
  } catch {
    return undefined
  }
  if (isPrivateHost(url.hostname.toLowerCase().replace(/^\[|\]$/g, ''))) return say('baseLocal', { host: url.host })
  if (url.protocol === 'http:') return say('baseHttp')
  return undefined
}

function renderReachability () {
  const warning = $('base-warning')
  const text = reachability(baseUrl())
  warning.hidden = text === undefined
  warning.textContent = text ?? ''
}

/** Dialed targets of the current form, for the simulation panel. */
function targetsOf (form) {
  const node = formNode(form)
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
  if (targets.length === 0) rows.append(el('p', { class: 'help', text: say('phonesAppear') }))
  targets.forEach((target, i) => {
    const id = `party-${i}`
    const select = el('select', { id, 'data-target': target })
    for (const outcome of state.outcomes) select.append(el('option', { value: outcome, text: state.text.outcomes[outcome] ?? outcome }))
    select.value = state.outcomeOf.get(target) ?? 'accept'
    select.addEventListener('change', () => state.outcomeOf.set(target, select.value))
    rows.append(el('div', { class: 'field party' }, el('label', { for: id, text: target }), select))
  })
  if (focused !== undefined) $(focused)?.focus()
}

/** A problem's parameter path: the check's `path`, else taken from its displayed name. */
function pathOf (problem) {
  return Array.isArray(problem.path) && problem.path.length > 0 ? problem.path.map(String) : String(problem.param).split(' → ')
}

function splitUrl (text) {
  const at = text.indexOf('?')
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)]
}

function decoded (raw) {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '))
  } catch {
    return raw
  }
}

/**
 * The URL with the parameter at `path` renamed; a nested one is renamed inside the URL that holds
 * it. The other pairs stay exactly as they were written.
 */
function renamed (text, path, name) {
  const [head, query] = splitUrl(text)
  const [first, ...rest] = path
  const pairs = query.split('&').map((pair) => {
    const at = pair.indexOf('=')
    const [rawKey, rawValue] = at < 0 ? [pair, undefined] : [pair.slice(0, at), pair.slice(at + 1)]
    const key = decoded(rawKey)
    if (key !== first && baseName(key) !== first) return pair
    if (rest.length > 0) return rawValue === undefined ? pair : queryOf([[key, renamed(decoded(rawValue), rest, name)]])
    const newKey = queryOf([[`${name}${key.slice(baseName(key).length)}`, '']]).slice(0, -1)
    return rawValue === undefined ? newKey : `${newKey}=${rawValue}`
  })
  return `${head}?${pairs.join('&')}`
}

/** The suggested name offered as a one-click fix: the URL is rewritten, and the form filled from it. */
function fixButton (problem) {
  if (typeof problem.suggestion !== 'string' || problem.suggestion === '') return undefined
  const button = el('button', { type: 'button', class: 'fix', text: say('rename', { name: problem.suggestion }) })
  button.addEventListener('click', () => {
    $('url').value = renamed($('url').value.trim(), pathOf(problem), problem.suggestion)
    load()
    holderOf(problem.suggestion)?.querySelector('input, select, textarea')?.focus()
  })
  return button
}

function problemText (problem) {
  return `${say(`level_${problem.level}`)}${pathOf(problem).join(' → ')} ${problem.message}`
}

/**
 * Where a problem of a top-level parameter stands, and the input it leads to: the field, or for
 * one entry of a map (`Options[2]`) the row with that key, since that row holds the URL at fault.
 */
function placeOf (param) {
  const holder = holderOf(baseName(param))
  if (holder === undefined) return undefined
  const key = holder.dataset.shape === 'map' ? /\[([^\]]*)\]$/.exec(param)?.[1] : undefined
  const row = key === undefined ? undefined : [...holder.querySelectorAll('.row')].find((r) => r.querySelector('.key').value.trim() === key)
  return row === undefined
    ? { box: holder, input: holder.querySelector('input, select, textarea') ?? undefined }
    : { box: row, input: row.querySelector('.value') }
}

/** Each problem also stands under the field it concerns (the first step of its path). */
function renderFieldProblems (problems) {
  for (const old of document.querySelectorAll('#forms .field-problem')) {
    for (const input of document.querySelectorAll('#forms [aria-describedby]')) {
      const ids = input.getAttribute('aria-describedby').split(' ')
      if (ids.includes(old.id)) input.setAttribute('aria-describedby', ids.filter((id) => id !== old.id).join(' '))
    }
    old.remove()
  }
  problems.forEach((problem, i) => {
    const place = placeOf(pathOf(problem)[0])
    if (place === undefined) return
    const id = `field-problem-${i}`
    const note = el('p', { class: `field-problem ${problem.level}`, id, text: problemText(problem) })
    const fix = fixButton(problem)
    if (fix !== undefined) note.append(' ', fix)
    place.box.append(note)
    place.input?.setAttribute('aria-describedby', `${place.input.getAttribute('aria-describedby') ?? ''} ${id}`.trim())
  })
}

function renderProblems (problems, failure) {
  const box = $('problems')
  box.replaceChildren()
  renderFieldProblems(problems)
  if (failure !== undefined) {
    box.append(el('p', { class: 'error', text: failure }))
    return
  }
  if (problems.length === 0) {
    box.append(el('p', { class: 'ok', text: say('noProblems') }))
    return
  }
  const list = el('ul', { class: 'problems' })
  for (const problem of problems) {
    const path = pathOf(problem)
    const place = placeOf(path[0])
    const shown = path.join(' → ')
    const name = place !== undefined ? el('a', { href: `#${place.box.querySelector('[id]')?.id ?? ''}`, text: shown }) : el('code', { text: shown })
    if (place !== undefined) {
      name.addEventListener('click', (event) => {
        event.preventDefault()
        place.box.closest('details')?.setAttribute('open', '')
        place.input?.focus()
      })
    }
    const item = el('li', { class: problem.level }, el('strong', { text: say(`level_${problem.level}`) }), name, ` ${problem.message}`)
    if (problem.spoken !== undefined) item.append(el('span', { class: 'spoken', text: ` ${say('callersHear', { spoken: problem.spoken })}` }))
    const fix = fixButton(problem)
    if (fix !== undefined) item.append(' ', fix)
    list.append(item)
  }
  box.append(list)
}

/** A twimlets.com URL: the same line on this service, with what differs, one click away. */
function renderMigration (migration) {
  const box = $('migration')
  box.replaceChildren()
  box.hidden = migration === undefined || typeof migration.rewritten !== 'string'
  if (box.hidden) return
  const use = el('button', { type: 'button', class: 'primary', text: say('migrationUse') })
  use.addEventListener('click', () => {
    $('url').value = migration.rewritten
    load()
    $('url').focus()
  })
  const sentences = Array.isArray(migration.differences) ? migration.differences : []
  // Nothing else differs for this URL: said so, rather than an introduction to an empty list.
  const intro = el('p', { text: say(sentences.length === 0 ? 'migrationSame' : 'migrationIntro') })
  const differences = el('ul', { hidden: sentences.length === 0 })
  for (const sentence of sentences) differences.append(el('li', { text: sentence }))
  box.append(el('h3', { id: 'migration-heading', text: say('migrationHeading') }), intro, differences,
    el('p', { class: 'rewritten' }, el('code', { text: migration.rewritten })), el('div', { class: 'buttons' }, use))
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
    const result = await postJson('api/check', { url, base: baseUrl(), lang: state.lang }, state.checkAbort.signal)
    if (seq !== state.checkSeq) return
    renderProblems(result.problems ?? [])
    renderMigration(result.migration)
    renderHours(result.hours)
    $('twiml').textContent = result.twiml ?? say('noTwiml')
    document.body.dataset.checked = String(seq)
  } catch (error) {
    if (error.name === 'AbortError' || seq !== state.checkSeq) return
    renderProblems([], say('checkFailed', { error: error.message }))
  }
}

const hhmm = (minutes) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

/** An hours line: open or closed now, the next change, and the week as days × hours. */
function renderHours (view) {
  const box = $('hours')
  box.hidden = view === undefined
  if (view === undefined) return box.replaceChildren()
  const when = (iso) => new Date(iso).toLocaleString(state.lang, { timeZone: view.zone, dateStyle: 'medium', timeStyle: 'short' })
  const status = el('p', { id: 'hours-now', class: view.open ? 'open' : 'closed', text: `${say(view.open ? 'hoursOpen' : 'hoursClosed', { zone: view.zone })} ${view.nextChange === null ? say('hoursNoChange') : say('hoursNext', { when: when(view.nextChange) })}` })
  const days = say('weekdays').split(' ')
  const head = el('tr', {}, el('th', { scope: 'col', text: '' }))
  for (let h = 0; h < 24; h++) head.append(el('th', { scope: 'col', text: String(h) }))
  const table = el('table', { id: 'hours-week', class: 'week' }, el('caption', { text: say('hoursWeek') }), el('thead', {}, head))
  const body = el('tbody')
  for (const day of view.week) {
    const off = day.off === undefined ? '' : day.off.kind === 'holiday' ? say('hoursHoliday', { name: day.off.name }) : say('hoursClosedDay')
    const open = day.open.map(([from, to]) => `${hhmm(from)}-${hhmm(to)}`).join(', ')
    const row = el('tr', { 'data-date': day.date }, el('th', { scope: 'row', text: `${days[day.weekday] ?? ''} ${day.date.slice(5)}${off === '' ? '' : ` · ${off}`}` }))
    day.hours.forEach((isOpen, h) => row.append(el('td', { class: isOpen ? 'open' : 'closed', title: `${hhmm(h * 60)} ${isOpen ? open : off}`, text: isOpen ? '■' : '' })))
    body.append(row)
  }
  table.append(body)
  box.replaceChildren(status, table)
}

let timer
function scheduleCheck () {
  clearTimeout(timer)
  timer = setTimeout(check, CHECK_DELAY_MS)
}

function changed () {
  if (state.current === undefined) return
  $('url').value = buildUrl(state.current)
  renderReachability()
  renderParties()
  scheduleCheck()
}

function show (name) {
  state.current = state.forms.find((form) => form.name === name) ?? state.forms[0]
  for (const form of state.forms) formNode(form).hidden = form !== state.current
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
    renderProblems([], say('notUrl'))
    return
  }
  const name = url.pathname.replace(/\/+$/, '').split('/').at(-1)
  const form = state.forms.find((f) => f.name === name)
  if (form === undefined) {
    renderProblems([], say('noTwimlet', { names: state.forms.map((f) => f.name).join(', ') }))
    return
  }
  $('base').value = new URL(url.pathname.replace(/\/+$/, '').replace(/[^/]*$/, ''), url).href
  const node = formNode(form)
  let pairs = [...url.searchParams]
  const take = (matches) => {
    const taken = pairs.filter(([key]) => matches(key))
    pairs = pairs.filter(([key]) => !matches(key))
    return taken
  }
  for (const field of form.fields) {
    const holder = node.querySelector(`[data-param="${field.name}"]`)
    if (field.shape === 'list') {
      holder.setRows(take((key) => key === field.name || key.startsWith(`${field.name}[`)).map(([, value]) => ['', value]))
    } else if (field.shape === 'map') {
      holder.setRows(take((key) => key.startsWith(`${field.name}[`) && key.endsWith(']')).map(([key, value]) => [key.slice(field.name.length + 1, -1), value]))
    } else {
      const found = take((key) => key === field.name).at(-1)
      holder.querySelector('input, select, textarea').value = found === undefined ? '' : found[1]
    }
  }
  node.querySelector('[data-other]').setRows(pairs)
  if (pairs.length > 0) node.querySelector('details.advanced')?.removeAttribute('open')
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
      status.textContent = say('selectToCopy')
      return
    }
  }
  status.textContent = say('copied')
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

/** The call's picture: our API's SVG document, checked to be one, shown as an image (no script runs in it). */
function flowFigure (svg) {
  if (typeof svg !== 'string' || svg.trim() === '') return undefined
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml')
  const root = doc.documentElement
  if (root.namespaceURI !== SVG_NS || root.localName !== 'svg' || doc.getElementsByTagName('parsererror').length > 0) return undefined
  const title = [...root.children].find((child) => child.localName === 'title')?.textContent?.trim()
  const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(root))}`
  return el('figure', { class: 'flow' }, el('div', { class: 'flow-scroll' }, el('img', { src, alt: title || say('flowAlt') })))
}

function outcomeLine (t) {
  if (t.result === 'error') return say('callFails', { error: t.error?.message ?? 'error' })
  const connected = t.bridged.length > 0 ? say('connected', { targets: t.bridged.join(', ') }) : ''
  return say('outcome', { result: state.text.results[t.result] ?? t.result, connected, requests: say(t.requests === 1 ? 'requestsOne' : 'requestsMany', { n: t.requests }) })
}

/**
 * The request-by-request part of the API's text. The text opens with the summary (in English)
 * and a blank line; shown above already, in the page's language, it is not said twice.
 */
function detailOf (text, summarized) {
  if (typeof text !== 'string') return ''
  const at = text.indexOf('\n\n')
  return summarized && at >= 0 ? text.slice(at + 2) : text
}

function renderResult (data) {
  const box = $('result')
  const t = data.transcript
  const line = el('p', { id: 'result-line', class: t.result === 'error' ? 'error' : 'ok', text: outcomeLine(t) })
  const summary = typeof data.summary === 'string' && data.summary.trim() !== '' ? el('p', { id: 'summary', class: 'summary', text: data.summary.trim() }) : undefined
  const transcript = el('details', { class: 'transcript' }, el('summary', { text: say('transcriptSummary') }), el('pre', { id: 'transcript', tabindex: '0', text: detailOf(data.text, summary !== undefined) }))
  box.replaceChildren(...[summary, line, flowFigure(data.flow), transcript].filter((node) => node !== undefined))
}

async function run (event) {
  event.preventDefault()
  const box = $('result')
  const button = $('run')
  const digits = $('digits').value.trim()
  button.disabled = true
  box.replaceChildren(el('p', { id: 'result-line', text: say('running') }))
  try {
    renderResult(await postJson('api/simulate', {
      url: $('url').value.trim(),
      lang: state.lang,
      method: $('method').value,
      from: $('from').value,
      to: $('to').value,
      parties: scriptParties(),
      digits: digits === '' ? [] : digits.split(',').map((d) => d.trim()),
      talkSeconds: $('talk').value || '0',
      recordSeconds: $('record').value || '0',
      transcription: $('transcription').value
    }))
  } catch (error) {
    box.replaceChildren(el('p', { id: 'result-line', class: 'error', text: say('runFailed', { error: error.message }) }))
  } finally {
    button.disabled = false
    box.focus()
  }
}

/** The language stored on this browser, else the first of the browser's languages the page is written in. */
function chooseLanguage (offered) {
  let stored
  try {
    stored = localStorage.getItem(LANGUAGE_KEY)
  } catch {}
  if (offered.includes(stored)) return stored
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = String(tag).toLowerCase().split('-')[0]
    if (offered.includes(primary)) return primary
  }
  return offered[0]
}

/** The page's own words, from the catalog of its language. */
function applyText (previous) {
  document.documentElement.lang = state.lang
  document.title = state.text.page.title
  for (const node of document.querySelectorAll('[data-text]')) node.textContent = state.text.page[node.dataset.text] ?? node.textContent
  for (const input of document.querySelectorAll('[data-text-value]')) {
    // A value the user changed stays; the default follows the language.
    if (previous === undefined || input.value === previous.page[input.dataset.textValue]) input.value = state.text.page[input.dataset.textValue]
  }
  $('lang').value = state.lang
}

async function setLanguage (lang) {
  const res = await fetch(`api/twimlets?lang=${encodeURIComponent(lang)}`)
  const data = await res.json()
  const previous = state.text
  const typed = $('url').value
  // What the form holds now, to be filled again into the forms in the new language.
  const built = state.current === undefined ? undefined : buildUrl(state.current)
  // A nested form being filled belongs to the forms replaced below.
  state.nesting = undefined
  $('nesting').hidden = true
  state.lang = data.lang
  state.text = data.text
  state.forms = data.twimlets
  state.outcomes = data.outcomes
  state.maxRows = data.maxListRows ?? state.maxRows
  applyText(previous)
  const picker = $('twimlet')
  picker.replaceChildren()
  $('forms').replaceChildren()
  for (const form of state.forms) {
    picker.append(el('option', { value: form.name, text: `${form.title} (${form.name})` }))
    $('forms').append(renderForm(form))
  }
  state.current = undefined
  if (built !== undefined) {
    // What was typed survives the switch: the form is filled again from its own URL, and a URL
    // pasted but not yet loaded stays in its box.
    $('url').value = built
    load()
    $('url').value = typed
    scheduleCheck()
  } else {
    show(new URLSearchParams(location.search).get('twimlet') ?? state.forms[0]?.name)
  }
}

async function start () {
  const offered = [...$('lang').options].map((option) => option.value)
  $('base').value = new URL('.', location.href).href
  await setLanguage(chooseLanguage(offered))
  $('twimlet').addEventListener('change', () => show($('twimlet').value))
  $('lang').addEventListener('change', async () => {
    try {
      localStorage.setItem(LANGUAGE_KEY, $('lang').value)
    } catch {}
    await setLanguage($('lang').value)
    $('lang').focus()
  })
  $('base').addEventListener('input', changed)
  $('url').addEventListener('input', scheduleCheck)
  $('copy').addEventListener('click', copy)
  $('load').addEventListener('click', load)
  $('simulation').addEventListener('submit', run)
  document.body.dataset.ready = 'true'
}

start().catch((error) => {
  $('problems').textContent = state.text === undefined ? `The builder could not start: ${error.message}` : say('startFailed', { error: error.message })
})
