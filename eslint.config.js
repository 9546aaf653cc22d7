'use strict';
// ESLint for lib/, test/, examples/ and bench/ (run by test/lint.test.js).
const js = require('@eslint/js');
const globals = require('globals');

module.exports = [
  { ignores: ['node_modules/**', 'build/**', 'bench/baseline/**', 'bench/data/**', 'test/types/**'] },
  js.configs.recommended,
  {
    files: ['**/*.js', 'examples/simple_capture', 'examples/http_trace', 'examples/tcp_metrics'],
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
