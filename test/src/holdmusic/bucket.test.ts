import t from 'tap'
import { isBucketName } from '../../../src/holdmusic/bucket.js'

t.test('the hold-music genres of the hosted Twimlets are valid names', async (t) => {
  for (const genre of ['classical', 'ambient', 'electronica', 'guitars', 'rock', 'soft-rock']) {
    t.ok(isBucketName(`com.twilio.music.${genre}`), genre)
  }
  t.ok(isBucketName('abc'))
  t.ok(isBucketName('my-hold-music-2024'))
  t.ok(isBucketName('a'.repeat(63)))
})

t.test('names S3 does not allow', async (t) => {
  const invalid = ['', 'ab', 'a'.repeat(64), 'Music', 'my_music', 'my music', '-music', 'music-', '.music', 'music.',
    'a..b', '192.168.5.4', 'xn--music', 'sthree-music', 'music-s3alias', 'music--ol-s3', 'evil.com/x', 'a/b', '../x', 'a#b', 'a?b', 'a:80', 'música']
  for (const name of invalid) t.notOk(isBucketName(name), JSON.stringify(name))
})
