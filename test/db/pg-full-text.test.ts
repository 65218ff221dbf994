import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../support/postgres.js';

// PostgreSQL's own full-text ways (migration 0002), beyond what the core's search tests share with SQLite.
let pool: Pool;
beforeAll(async () => {
  pool = new Pool({ connectionString: await freshPostgresDatabase() });
});
afterAll(async () => {
  await pool.end();
});

async function matches(text: string, words: string): Promise<boolean> {
  const result = await pool.query<{ found: boolean }>(
    'select search_document($1) @@ search_query($2) as found',
    [text, words],
  );
  return result.rows[0]?.found === true;
}

describe('PostgreSQL full-text documents and queries', () => {
  it('matches a word as written, by its Italian stem or by its English stem, accents folded', async () => {
    expect(await matches('La stampante è rotta', 'stampanti')).toBe(true);
    expect(await matches('The printer is jammed', 'printers')).toBe(true);
    expect(await matches('stampante e printer', 'stampanti printers')).toBe(true);
    expect(await matches('Verificare perché', 'PERCHE')).toBe(true);
    expect(await matches('Caffè', 'caffe')).toBe(true);
    expect(await matches('La stampante è rotta', 'proiettore')).toBe(false);
  });

  it('needs every word, takes the last one as a prefix only when asked, and splits as FTS5 does', async () => {
    expect(await matches('Wi-Fi lento', 'wi lento')).toBe(true);
    expect(await matches('Wi-Fi lento', 'wi assente')).toBe(false);
    expect(await matches('Wi-Fi lento in biblioteca', 'bibliot')).toBe(false);
    expect(await matches('Wi-Fi lento in biblioteca', 'bibliot*')).toBe(true);
    expect(await matches('Scrive mario.bianchi@example.org', 'mario bianchi example org')).toBe(true);
    expect(await matches('l’aula magna', 'aula')).toBe(true);
    // Stop words of either language are words like any other.
    expect(await matches('a OR b', 'a or b')).toBe(true);
  });
});
