// Lint: type-aware TypeScript rules plus the import directions of the design (workers ← contract ← io ← job ← api ← electron;
// the renderer sees only main/contract/).
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-artifacts/**',
      'demo-results/**',
      'test/fixtures/**',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ['**/*.ts', '**/*.vue'] })),
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.ts', '**/*.vue'],
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        parser: tseslint.parser,
        projectService: true,
        extraFileExtensions: ['.vue'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['workers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', 'electron'],
              message: 'workers/ is pure compute: no main, renderer or Electron imports.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'workers/fit/**/*.ts',
      'workers/synth/**/*.ts',
      'workers/mesh/**/*.ts',
      'workers/quality/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', 'electron', 'node:*'],
              message: 'fit/synth/mesh are pure TypeScript: no Node, Electron or DOM imports.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**', 'main/contract/**', 'main/io/**', 'main/job/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only main/electron/ imports electron.' }] },
      ],
    },
  },
  {
    // The leaf vocabulary every process shares: runs in the renderer too, so no Node, and it depends on nothing else.
    files: ['main/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(node:|electron$|fs$|path$|os$)',
              message: 'main/contract/ runs in every process: no Node or Electron imports.',
            },
            {
              // Only its own modules and the fit engine's names (workers/fit/types.ts imports nothing).
              regex: '^\\.\\./(?!\\.\\./workers/fit/types$)',
              message: 'main/contract/ is a leaf: it imports only itself and workers/fit/types.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/io/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main/electron/ imports electron.' }],
          patterns: [
            {
              regex: '(^|/)(job|api)(/|$)',
              message:
                'main/io/ reads and writes files: it knows neither jobs (main/job/) nor the service (main/api/).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/job/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main/electron/ imports electron.' }],
          patterns: [
            {
              regex: '(^|/)api(/|$)',
              message: 'main/job/ runs jobs for any caller: it does not import the service (main/api/).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // A regex, because gitignore-style negations cannot re-include files under an excluded folder.
              regex: '(^|/)main/(?!contract(/|$))',
              message: 'The renderer talks to the backend only through main/contract/.',
            },
            {
              group: ['**/workers/**', 'electron', 'node:*'],
              message: 'The renderer talks to the backend only through main/contract/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { ...globals.node } },
  },
);
