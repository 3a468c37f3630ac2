// Lint for the project's own code. Rules stay modest on purpose: they catch real mistakes
// (unused code, floating `any`, console output on the MCP stdio channel) without forcing a
// style; formatting is Prettier's job. Import cycles are checked by dpdm in `pnpm lint`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'out/**', '.tmp/**', 'test/golden/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-useless-assignment': 'off',
      // Rethrowing with a clearer one-line message is the house style for errors; the cause is
      // named in the message where it helps.
      'preserve-caught-error': 'off',
      // Input checks refuse control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // stdout is the MCP stdio transport: a stray console.log corrupts the protocol stream.
    files: ['packages/runtime/src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // The target schema types the runtime, but building its zod schemas would cost every server
    // start-up: runtime code may import it for types only (the generator imports its values).
    files: ['packages/runtime/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/target-schema.js'],
              allowTypeImports: true,
              message: 'The server must not build the target schema at start-up: use `import type`.',
            },
          ],
        },
      ],
    },
  },
);
