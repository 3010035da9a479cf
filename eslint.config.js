// Lint rules, including the layer rules of the hexagon: the domain imports nothing outside itself,
// the application knows no adapters, and only the composition root knows concrete persistence.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message: 'Crosses a layer boundary (see STYLE).' })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'client/dist/**', 'client/src/schema.ts', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js', 'bin/*.js', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: restrict(['**/application/**', '**/infrastructure/**', '**/interfaces/**', '**/container*', 'inversify', '@mikro-orm/*', 'koa*', '@koa/*', 'zod', 'jose', 'pino', 'pg']),
  },
  {
    files: ['src/application/**/*.ts'],
    rules: restrict(['**/infrastructure/**', '**/interfaces/**', '**/container*', '@mikro-orm/*', 'koa*', '@koa/*', 'jose', 'pino', 'pg']),
  },
  {
    files: ['src/infrastructure/**/*.ts'],
    rules: restrict(['**/interfaces/**', '**/container*']),
  },
  {
    files: ['src/interfaces/**/*.ts'],
    rules: restrict(['**/persistence/**', '@mikro-orm/*', 'pg']),
  },
  {
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
