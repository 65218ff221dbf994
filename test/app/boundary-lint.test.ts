/**
 * The rules that keep the core's front door shut run in CI (`biome check .` and `eslint .` in `npm test`): an
 * outer layer importing past core/help-desk, core/errors and core/model, or a desk operation left un-awaited,
 * fails it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A linter's verdict on `source` written at `path` for the time of the run (the rules depend on where it is):
 * Biome for the imports, ESLint for the type-aware promise rules.
 */
function lint(path: string, source: string, linter: 'biome' | 'eslint' = 'biome') {
  const file = join(ROOT, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  try {
    const args = linter === 'biome' ? ['biome', 'lint', path] : ['eslint', path];
    const run = spawnSync('npx', args, { cwd: ROOT, encoding: 'utf8' });
    return { failed: run.status !== 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(file);
  }
}

// ESLint's type-aware rules load the whole program: ~10 s alone, more on a busy machine.
describe('the front door rules', { timeout: 60_000 }, () => {
  it('refuse an outer layer reaching into the core or the database', () => {
    const reach = lint(
      'src/bot/listeners/actions/lint-probe-reach.ts',
      "import { loadTicket } from '../../../core/tickets/load.js';\nimport { tickets } from '../../../db/schema.js';\nexport const both = [loadTicket, tickets];\n",
    );
    expect(reach.failed).toBe(true);
    expect(reach.output).toContain('noRestrictedImports');
    expect(reach.output).toContain('reach the desk through its front door only');
  });

  it('let an outer layer import the front door, and the core import what it likes', () => {
    const door = lint(
      'src/bot/listeners/actions/lint-probe-door.ts',
      "import type { HelpDesk } from '../../../core/help-desk.js';\nimport { isClosed } from '../../../core/model.js';\nexport type Desk = HelpDesk;\nexport const closed = isClosed;\n",
    );
    expect(door.failed, door.output).toBe(false);
    const core = lint(
      'src/core/tickets/lint-probe-inside.ts',
      "import { tickets } from '../../db/schema.js';\nexport const table = tickets;\n",
    );
    expect(core.failed, core.output).toBe(false);
  });

  it('refuse a desk operation whose promise nobody awaits', () => {
    const floating = lint(
      'src/bot/listeners/actions/lint-probe-floating.ts',
      "import type { HelpDesk } from '../../../core/help-desk.js';\nexport async function claim(desk: HelpDesk) {\n  desk.claimTicket({ kind: 'slack', userId: 'U1' }, '1');\n}\n",
      'eslint',
    );
    expect(floating.failed).toBe(true);
    expect(floating.output).toContain('no-floating-promises');
  });

  it('refuse a core query run the SQLite-only way, which another database could not run', () => {
    const sqliteOnly = lint(
      'src/core/tickets/lint-probe-sqlite-only.ts',
      "import type { Db } from '../../db/client.js';\nimport { tickets } from '../../db/schema.js';\nexport const first = (db: Db) => db.select().from(tickets).get();\n",
      'eslint',
    );
    expect(sqliteOnly.failed).toBe(true);
    expect(sqliteOnly.output).toContain('runs a query on SQLite only');
  });
});
