// ESLint runs one thing Biome cannot yet: the type-aware promise rules. A desk operation is a Promise, and one
// left un-awaited would change nothing it should (or fail unseen); Biome's own rule does not see through the
// HelpDesk's mapped type. Biome does everything else (format, the other lint rules, the front door imports).
import tseslint from 'typescript-eslint';

export default tseslint.config({
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
});
