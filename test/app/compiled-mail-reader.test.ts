/**
 * The mail reader's worker thread in compiled JavaScript, as production runs it (`node dist/…`): the worker
 * file is found beside the compiled module with its `.js` extension, loads without tsx, reads a mail, and is
 * replaced after a mail that overran its budget. Compiled into a directory of its own, so it never races
 * `npm run build` over dist/.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-compiled-mail-'));
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  await run(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', join(dir, 'dist')], {
    cwd: ROOT,
  });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
}, 180_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('reads mail in its worker thread, and gives up a mail over its budget', async () => {
  const reader = pathToFileURL(join(dir, 'dist/mail/mail-reader.js')).href;
  const script = `
    const { readMail } = await import(${JSON.stringify(reader)});
    const mail = (body) => Buffer.from('From: Laura Neri <laura.neri@example.org>\\r\\nSubject: Printer\\r\\n\\r\\n' + body);
    const read = await readMail(mail('It jams.   \\r\\n'));
    const slow = await readMail(mail('x '.repeat(5_000_000)), 1);
    const after = await readMail(mail('Still.'));
    console.log(JSON.stringify({ read, slow, after }));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir });
  expect(JSON.parse(stdout)).toMatchObject({
    read: {
      ok: true,
      mail: { from: { address: 'laura.neri@example.org' }, subject: 'Printer', body: 'It jams.' },
    },
    slow: { ok: false, reason: 'could not be read within 0.001 s' },
    after: { ok: true, mail: { body: 'Still.' } },
  });
}, 60_000);
