import t from 'tap'
import { formsFor } from '../../../src/builder/forms.js'
import { DIAL_PARAMS } from '../../../src/dialing/dial.js'
import { twimlets } from '../../../twimlets/index.js'

const forms = formsFor(twimlets.map((twimlet) => twimlet.name))

t.test('every twimlet has a form', async (t) => {
  t.same(forms.map((form) => form.name), twimlets.map((twimlet) => twimlet.name))
})

t.test('each form offers exactly the parameters its twimlet declares (retired ones aside)', async (t) => {
  for (const twimlet of twimlets) {
    const form = forms.find((f) => f.name === twimlet.name)
    t.ok(twimlet.params, `${twimlet.name} declares its parameters`)
    const offered = [...(form?.fields.map((field) => field.name) ?? []), ...(form?.retired ?? [])].sort()
    t.same(offered, [...(twimlet.params ?? [])].sort(), twimlet.name)
  }
})

t.test('the dialing twimlets offer every <Dial> option, all but Timeout behind the fold', async (t) => {
  for (const name of ['forward', 'simulring', 'findme', 'callme']) {
    const fields = forms.find((f) => f.name === name)?.fields ?? []
    for (const param of DIAL_PARAMS) {
      const field = fields.find((f) => f.name === param)
      t.ok(field, `${name} offers ${param}`)
      t.equal(field?.advanced === true, param !== 'Timeout', `${name} ${param} ${param === 'Timeout' ? 'in view' : 'advanced'}`)
    }
    t.ok(fields.some((f) => f.dialed === true), `${name} names the targets the simulation asks about`)
  }
})

t.test('every field has a label and help; lists and maps say so', async (t) => {
  for (const form of forms) {
    for (const field of form.fields) {
      t.ok(field.label.length > 0 && field.help.length > 10, `${form.name} ${field.name}`)
      if (field.kind === 'choice') t.ok((field.choices ?? []).length > 1, `${form.name} ${field.name} choices`)
    }
  }
  t.match(forms.find((f) => f.name === 'menu')?.fields.find((f) => f.name === 'Options'), { shape: 'map', keyLabel: 'Keys' })
  t.match(forms.find((f) => f.name === 'findme')?.fields.find((f) => f.name === 'PhoneNumbers'), { shape: 'list', dialed: true, required: true })
})

t.test('Region stands beside every field of numbers; Language, Voice, Region and CallerId offer suggestions', async (t) => {
  for (const form of forms) {
    // hours has no numbers; its Region chooses the default time zone.
    const numbers = form.fields.some((f) => f.kind === 'phone' && f.name !== 'CallerId') || form.name === 'hours'
    t.equal(form.fields.some((f) => f.name === 'Region'), numbers, `${form.name} ${numbers ? 'has' : 'has no'} Region`)
    for (const field of form.fields.filter((f) => ['Language', 'Voice', 'Region', 'CallerId'].includes(f.name))) {
      t.ok((field.suggestions ?? []).length > 1, `${form.name} ${field.name} suggestions`)
    }
  }
  t.match(forms.find((f) => f.name === 'findme')?.fields.find((f) => f.name === 'CallerId'), { suggestions: ['called', 'caller'], help: /KDDI Web Communications/ })
})

t.test('in Japanese: the same forms and fields, every word from the Japanese catalog, nothing left to fill', async (t) => {
  const ja = formsFor(twimlets.map((twimlet) => twimlet.name), 'ja')
  const shape = (list: typeof forms): unknown => list.map((form) => [form.name, form.fields.map((field) => [field.name, field.kind, field.shape, field.placeholder])])
  t.same(shape(ja), shape(forms), 'same names, kinds, shapes and example values')
  for (const form of [...forms, ...ja]) {
    for (const field of form.fields) t.notMatch(`${field.label} ${field.help}`, /\{\w+\}/, `${form.name} ${field.name} is filled in`)
  }
  const findme = ja.find((f) => f.name === 'findme')
  t.match(findme, { title: '順次呼び出し', summary: /順番に呼び出します/ })
  t.match(findme?.fields.find((f) => f.name === 'Timeout'), { label: '呼び出し時間（秒）', help: /既定値は 60 秒/ })
  t.match(forms.find((f) => f.name === 'forward')?.fields.find((f) => f.name === 'Region'), { help: /It and the allowed callers written without/ })
  t.match(ja.find((f) => f.name === 'conference')?.fields.find((f) => f.name === 'Region'), { help: /モデレーターの番号を国番号なし/ })
  t.match(ja.find((f) => f.name === 'menu')?.fields.find((f) => f.name === 'Options'), { label: '選択肢', keyLabel: 'ボタン' })
  t.same(formsFor(['findme'], 'en'), formsFor(['findme']), 'English by default')
})
