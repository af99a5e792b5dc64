import js from '@eslint/js';
import { createRequire } from 'node:module';
import tseslint from 'typescript-eslint';

const require = createRequire(import.meta.url);
const { libNames } = require('./tooling/libs.js');

/** A lib is imported as `@vg/<lib>` only, through its index.ts: nothing deeper, no relative path into it. */
const LIB_BOUNDARY = [
  {
    regex: '^@vg/[^/]+/',
    message: 'Import a lib only through its index (`@vg/<lib>`); export what is needed from its index.ts.',
  },
  {
    regex: `^(\\.\\./)+(libs/[^/]+|${libNames().join('|')})/src(/|$)`,
    message: 'No relative import into a lib: import it as `@vg/<lib>`.',
  },
];
/** What the api ships: no test or benchmark material, and libs never reach up into an app. */
const PRODUCTION_BOUNDARY = [
  ...LIB_BOUNDARY,
  { regex: '^(\\.\\./)+(tests|bench)/', message: 'Production code imports nothing from tests/ or bench/.' },
];
const SPECS = ['**/*.spec.ts', '**/*.e2e-spec.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'apps/cockpit/web/dist/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Type-aware rules: a promise nobody awaits (or handed where a callback's result is ignored) loses its error.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      'no-restricted-imports': ['error', { patterns: LIB_BOUNDARY }],
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: SPECS,
    rules: { 'no-restricted-imports': ['error', { patterns: PRODUCTION_BOUNDARY }] },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: SPECS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [...PRODUCTION_BOUNDARY, { regex: '^(\\.\\./)+apps/', message: 'A lib never imports an app.' }],
        },
      ],
    },
  },
  {
    // The test set-up runs outside jest's sandbox: it loads only the embedded-database helper, not the whole of
    // core (whose GraphQL scalars and decorators would then be registered twice).
    files: ['tests/setup/global-setup.ts', 'tests/setup/global-teardown.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
