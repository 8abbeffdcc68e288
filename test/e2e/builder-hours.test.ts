import t from 'tap'
import { open, screenshot, skip } from './browser.js'

/** The hours form in a real browser: ranges added and removed, destinations built with other forms, the week drawn. */

const A = '+81312345678'

t.test('hours: ranges added and removed, OpenUrl and ClosedUrl built with the findme and voicemail forms, nested correctly', { skip }, async (t) => {
  const { page, base } = await open(t)
  await page.locator('#twimlet').selectOption('hours')
  const openRows = page.locator('#form-hours [data-param="Open"]')
  await openRows.locator('.row .value').first().fill('Mon-Fri 09:00-18:00')
  await openRows.locator('button.add').click()
  await openRows.locator('.row .value').nth(1).fill('Sat 10:00-13:00')
  await openRows.locator('button.add').click()
  await openRows.locator('.row .value').nth(2).fill('Sun 10:00-11:00')
  await openRows.locator('.row').nth(2).locator('.remove').click()
  await page.locator('#hours-TimeZone').fill('Asia/Tokyo')
  await page.locator('#hours-Holidays').fill('JP')

  // OpenUrl with the findme form.
  await page.locator('#form-hours [data-param="OpenUrl"] select.build-with').selectOption('findme')
  await page.locator('#form-findme:not([hidden])').waitFor()
  t.equal(await page.locator('#twimlet').inputValue(), 'findme', 'the findme form is shown')
  await page.locator('#form-findme [data-param="PhoneNumbers"] .row .value').first().fill(A)
  await page.locator('#nesting-use').click()
  await page.locator('#form-hours:not([hidden])').waitFor()
  t.equal(await page.locator('#hours-OpenUrl').inputValue(), 'findme?PhoneNumbers[]=%2B81312345678', 'the findme URL, relative, in OpenUrl')

  // ClosedUrl with the voicemail form; an e-mail address with "@" and a greeting with spaces.
  await page.locator('#form-hours [data-param="ClosedUrl"] select.build-with').selectOption('voicemail')
  await page.locator('#voicemail-Email').fill('owner@example.jp')
  await page.locator('#voicemail-Message').fill('Leave a message, please')
  await page.locator('#nesting-use').click()
  t.equal(await page.locator('#hours-ClosedUrl').inputValue(), 'voicemail?Email=owner%40example.jp&Message=Leave%20a%20message%2C%20please')

  // Cancel leaves the field as it was.
  await page.locator('#form-hours [data-param="ClosedUrl"] select.build-with').selectOption('message')
  await page.locator('#nesting-cancel').click()
  t.equal(await page.locator('#hours-ClosedUrl').inputValue(), 'voicemail?Email=owner%40example.jp&Message=Leave%20a%20message%2C%20please', 'cancelled: unchanged')

  const url = new URL(await page.locator('#url').inputValue())
  t.equal(`${url.origin}/`, base)
  t.equal(url.pathname, '/hours')
  t.same([...url.searchParams], [
    ['Open[]', 'Mon-Fri 09:00-18:00'],
    ['Open[]', 'Sat 10:00-13:00'],
    ['TimeZone', 'Asia/Tokyo'],
    ['Holidays', 'JP'],
    ['OpenUrl', 'findme?PhoneNumbers[]=%2B81312345678'],
    ['ClosedUrl', 'voicemail?Email=owner%40example.jp&Message=Leave%20a%20message%2C%20please']
  ], 'each nested URL is one parameter, encoded once more')
  const nested = new URL(url.searchParams.get('ClosedUrl') ?? '', base)
  t.same([...nested.searchParams], [['Email', 'owner@example.jp'], ['Message', 'Leave a message, please']], 'the voicemail URL reads back as typed')

  // The check draws the week: seven rows of 24 hours, holidays named.
  await page.locator('#hours-week').waitFor()
  t.equal(await page.locator('#hours-week tbody tr').count(), 7)
  t.equal(await page.locator('#hours-week tbody tr').first().locator('td').count(), 24)
  t.match(await page.locator('#hours-now').textContent(), /(Open|Closed) now \(Asia\/Tokyo\)\. Next change: /)
  await screenshot(t, page, 'builder-hours', page.locator('#hours'))

  // The page loads the URL back into the form.
  await page.reload()
  await page.waitForSelector('body[data-ready="true"]')
  await page.locator('#url').fill(url.href)
  await page.locator('#load').click()
  t.equal(await page.locator('#twimlet').inputValue(), 'hours')
  t.same(await page.locator('#form-hours [data-param="Open"] .row .value').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)), ['Mon-Fri 09:00-18:00', 'Sat 10:00-13:00'])
})

t.test('hours: the week picture names a holiday (as of the page\'s check)', { skip }, async (t) => {
  const { base } = await open(t)
  // The API behind the picture, as of the substitute holiday.
  const res = await fetch(`${base}api/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${base}hours?Open[]=Mon-Fri%2009:00-18:00&TimeZone=Asia/Tokyo&Holidays=JP&OpenUrl=message`, at: '2026-05-06T12:00:00+09:00' })
  })
  const { hours } = await res.json() as { hours: { open: boolean, week: Array<{ off?: { name?: string } }> } }
  t.equal(hours.open, false)
  t.equal(hours.week[0]?.off?.name, '憲法記念日 (振替休日)')
})
