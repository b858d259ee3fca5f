// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createRequire } from 'node:module';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The layout rules (docs/architecture.md, "Boundaries"), as data so that
 * test/architecture/lint-boundaries.spec.ts can try them on code that breaks them.
 */
const boundaries = createRequire(import.meta.url)('./eslint.boundaries.json');
const { ALIAS_ONLY, NO_APP, NO_SCRIPTS, NO_TEST_SUPPORT_IN_PRODUCTION } = boundaries.imports;

/** Production code of apps and libs: not the specs, not test support, not the local scripts. */
const PRODUCTION = ['apps/**/*.ts', 'libs/**/*.ts'];
const NOT_PRODUCTION = [
  '**/*.spec.ts',
  '**/*.int-spec.ts',
  'libs/testing/**',
  'libs/local-infra/**',
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      '.local/',
      'coverage/',
      'bench/results/',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/require-await': 'off',
      'no-restricted-imports': ['error', { patterns: [ALIAS_ONLY] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: PRODUCTION,
    ignores: NOT_PRODUCTION,
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [ALIAS_ONLY, NO_APP, NO_SCRIPTS, NO_TEST_SUPPORT_IN_PRODUCTION] },
      ],
      'no-restricted-syntax': ['error', ...boundaries.syntax],
    },
  },
  {
    // The one place that reads If-Match.
    files: ['libs/runtime/src/endpoint.decorators.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Test support and the local scripts may use each other, but still no app.
    files: ['libs/testing/**/*.ts', 'libs/local-infra/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [ALIAS_ONLY, NO_APP, NO_SCRIPTS] }],
    },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      'libs/testing/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The console's single-page app: React in the browser, its hooks' rules.
    files: ['apps/console/web/**/*.ts', 'apps/console/web/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // The server-side syntax rules (If-Match read by @IfMatchVersion, the incidents table) do not
    // apply to the browser, which sends If-Match.
    files: ['apps/console/web/src/**/*.ts', 'apps/console/web/src/**/*.tsx'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The SPA's build-time generator reads the notification templates' words (hazards, items,
    // units, severities) once, into a JSON the app imports: a build script, not a runtime import.
    files: ['apps/console/web/scripts/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
