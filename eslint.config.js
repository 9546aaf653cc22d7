'use strict';
// ESLint for lib/, test/, examples/ and bench/ (run by test/lint.test.js).
const js = require('@eslint/js');
const globals = require('globals');

// the command-line tools have no .js extension: lint every one package.json installs
const tools = Object.values(require('./package.json').bin);

module.exports = [
  { ignores: ['node_modules/**', 'build/**', 'bench/baseline/**', 'bench/data/**', 'test/types/**'] },
  js.configs.recommended,
  {
    files: ['**/*.js', ...tools],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'commonjs',
      globals: { ...globals.node },
    },
    rules: {
      'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      strict: ['error', 'global'],
    },
  },
  {
    files: ['test/**/*.js'],
    languageOptions: { globals: { ...globals.mocha } },
  },
];
