import { defineConfig } from 'vitest/config';

/**
 * The suites that touch the database run twice: on SQLite (every suite) and again on PostgreSQL, each test
 * with a database of its own on one throwaway cluster (test/support/postgres.ts).
 */
const ON_BOTH_DATABASES = [
  'test/core/**/*.test.ts',
  'test/delivery/**/*.test.ts',
  'test/bot/**/*.test.ts',
  'test/mail/**/*.test.ts',
];
/**
 * Files among those that test parsing or TLS, not the database: once is enough. (mail-reader's one test
 * with a desk keeps a refused mail, which inbound.test.ts shows on both databases.)
 */
const WITHOUT_DATABASE = [
  'test/mail/authentication-results.test.ts',
  'test/mail/imap-tls.test.ts',
  'test/mail/mail-reader.test.ts',
  'test/mail/mail-text.test.ts',
  'test/mail/quoted-reply.test.ts',
];

export default defineConfig({
  test: {
    globalSetup: ['test/support/postgres-global-setup.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ON_BOTH_DATABASES,
          exclude: WITHOUT_DATABASE,
          // The first test to ask for a database starts the shared cluster (initdb, the template's migrations).
          hookTimeout: 60_000,
          env: { SPORTELLO_TEST_DATABASE: 'postgres' },
        },
      },
    ],
  },
});
