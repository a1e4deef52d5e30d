// Lint rules, plus the import boundaries of the architecture (see README "Which way imports run").
import js from '@eslint/js';
import appsync from '@aws-appsync/eslint-plugin';
import tseslint from 'typescript-eslint';

const boundary = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.sandbox/**', 'client/generated/**', 'resolvers/generated/**', 'bench/results/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // APPSYNC_JS: the runtime forbids try/catch, throw, while, C-style for, classes, async...
  {
    files: ['resolvers/**/*.ts'],
    ignores: ['resolvers/**/*.test.ts'],
    ...appsync.configs.recommended,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['resolvers/**/*.ts'],
    ignores: ['resolvers/**/*.test.ts'],
    rules: boundary([
      { group: ['**/functions/**', '**/infra/**', '**/local/**', '**/client/**', '**/test/**'], message: 'resolvers/ is APPSYNC_JS: only @aws-appsync/utils and its own helpers.' },
    ]),
  },
  {
    files: ['functions/**/*.ts'],
    // Tests and their helpers may start local servers (DynamoDB Local) from local/.
    ignores: ['functions/**/*.test.ts', 'functions/**/test-*.ts'],
    rules: boundary([
      { group: ['**/local/**', '**/infra/**', '**/resolvers/**', '**/client/**', '**/test/**'], message: 'functions/ learns about the sandbox only through configuration.' },
    ]),
  },
  {
    files: ['infra/**/*.ts'],
    rules: boundary([{ group: ['**/local/**', '**/client/**', '**/test/**'], message: 'infra/ must not depend on the sandbox, the client or tests.' }]),
  },
  {
    files: ['client/**/*.ts'],
    rules: boundary([
      { group: ['**/functions/**', '**/infra/**', '**/local/**', '**/resolvers/**', '**/test/**'], message: 'client/ is standalone.' },
    ]),
  },
  {
    files: ['local/**/*.ts'],
    ignores: ['local/**/*.test.ts', 'local/playground/page/**'],
    rules: boundary([
      { group: ['**/functions/**', '**/resolvers/**', '**/client/**', '**/test/**'], message: 'local/ runs what the template points at; it never imports functions/ or resolvers/ source.' },
    ]),
  },
  {
    // The playground page is a browser app built on the SDK: client/ is all it may import.
    files: ['local/playground/page/**/*.ts'],
    rules: boundary([
      { group: ['**/functions/**', '**/resolvers/**', '**/infra/**', '**/test/**', 'node:*'], message: 'The playground page runs in a browser on the SDK alone.' },
    ]),
  },
);
