// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/** Imports that break the layers (ARCHITECTURE.md): each layer may import only the ones below it. */
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'client/dist/', 'data/', 'coverage/', 'tests/e2e/output/', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    files: ['client/**/*.{ts,tsx}', 'tests/client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  layer(
    ['server/src/domain/**'],
    ['express', 'knex', 'pg', 'sqlite3', '**/core/**', '**/http/**', '**/services/**', '**/resources/**', '**/db/**', 'node:*'],
    'domain/ holds pure rules: no Express, Knex, database, node APIs or upper layers.',
  ),
  layer(['server/src/core/**'], ['express', '**/http/**', '**/services/**', '**/resources/**'], 'core/ sits below services and http.'),
  layer(
    ['server/src/services/**'],
    ['express', '**/http/**', '**/resources/**', '**/app', '**/main'],
    'services/ own SQL and rules; they never import the HTTP layer.',
  ),
  layer(
    ['client/**'],
    ['**/server/src/{core,http,services,resources,db,auth,jobs}/**', 'knex', 'express'],
    'The client may import only the pure domain (@domain/…).',
  ),
  layer(['seeds/**', 'scripts/**'], ['**/resources/**', '**/http/**'], 'Seeds and scripts call services, never route files.'),
  prettier,
);
