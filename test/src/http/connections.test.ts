import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { openFilesLimit } from '../../../src/http/connections.js'
import { testFolder } from '../../fixtures/folder.js'

t.test('the open-files limit is read from /proc', async (t) => {
  const dir = testFolder(t)
  const limits = join(dir, 'limits')
  await writeFile(limits, [
    'Limit                     Soft Limit           Hard Limit           Units',
    'Max processes             63382                63382                processes',
    'Max open files            1024                 524288               files',
    ''
  ].join('\n'))
  t.equal(openFilesLimit(limits), 1024, 'the soft limit, which is the one that applies')
  t.equal(openFilesLimit(join(dir, 'missing')), undefined, 'unknown elsewhere than Linux')
  await writeFile(limits, 'Max open files            unlimited            unlimited            files\n')
  t.equal(openFilesLimit(limits), undefined)
  if (process.platform === 'linux') t.ok((openFilesLimit() ?? 0) > 0, 'this process\'s')
})
