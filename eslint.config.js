// ESLint runs what Biome cannot yet: the type-aware promise rules (a desk operation is a Promise, and one left
// un-awaited would change nothing it should, or fail unseen; Biome's own rule does not see through the
// HelpDesk's mapped type), and the rule that keeps the core's queries runnable on every database. Biome does
// everything else (format, the other lint rules, the front door imports).
import tseslint from 'typescript-eslint';

/** drizzle's SQLite-only ways to run a query: the core awaits a query (or its `execute`) instead. */
const SQLITE_ONLY_RUNS = [
  { selector: "CallExpression[callee.property.name='get'][arguments.length=0]", what: '.get()' },
  { selector: "CallExpression[callee.property.name='all'][callee.object.name!='Promise']", what: '.all()' },
  { selector: "CallExpression[callee.property.name='run']", what: '.run()' },
].map(({ selector, what }) => ({
  selector,
  message: `${what} runs a query on SQLite only: await the query (or its prepared query's execute()) instead.`,
}));
/** What a write changed, as SQLite's driver says it: the core counts the rows `.returning()` gives instead. */
const SQLITE_ONLY_RESULTS = [
  {
    selector: "MemberExpression[property.name='changes']",
    message: '.changes is what SQLite says of a write: count the rows .returning() gives instead.',
  },
];

export default tseslint.config(
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...SQLITE_ONLY_RUNS, ...SQLITE_ONLY_RESULTS] },
  },
);
