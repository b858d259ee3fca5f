/**
 * The lint rules that keep the layout as docs/architecture.md describes it, tried on code that
 * breaks them: a second If-Match reader, a second incident read model, an app reaching into
 * another app, a lib reaching into an app or deploy/, a path into a lib's internals.
 */
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
// eslint-disable-next-line no-restricted-imports -- the repository's own lint rules under test
import boundaries from '../../eslint.boundaries.json';

const { ALIAS_ONLY, NO_APP, NO_SCRIPTS, NO_TEST_SUPPORT_IN_PRODUCTION } = boundaries.imports;

/** What eslint.config.mjs reports in production code, for `code` at `file`. */
function problems(code: string, file = 'apps/partner-offer-service/src/offers/x.ts'): string[] {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { '@typescript-eslint': tseslint.plugin },
        rules: {
          'no-restricted-imports': [
            'error',
            { patterns: [ALIAS_ONLY, NO_APP, NO_SCRIPTS, NO_TEST_SUPPORT_IN_PRODUCTION] },
          ],
          'no-restricted-syntax': ['error', ...boundaries.syntax],
          '@typescript-eslint/no-non-null-assertion': 'error',
        },
      },
    ],
    file,
  );
  return messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('lint boundaries of production code', () => {
  it.each([
    ["@Headers('if-match')", "class C { m(@Headers('if-match') v: string) {} }", /IfMatchVersion/],
    ["req.headers['if-match']", "const v = req.headers['If-Match'];", /IfMatchVersion/],
    [
      'an incidents table of its own',
      "@Entity('incidents') class MyIncidents { @Column() id: string; }",
      /IncidentViewColumns/,
    ],
    ['another app', "import { X } from '../../../notification-service/src/x';", /app/],
    ['an app by its path', "import { X } from 'apps/incident-service/src/main';", /app/],
    ['deploy scripts', "import { X } from '../../../../deploy/local/start';", /deploy/],
    [
      "a lib's internals",
      "import { X } from '@relief/messaging/src/outbox/outbox.service';",
      /alias/,
    ],
    ['test support', "import { eventually } from '@relief/testing';", /test support/],
    ['a non-null assertion', 'const a = b!.c;', /non-null/],
  ])('refuses %s', (_what, code, message) => {
    const found = problems(code);
    expect(found.some((p) => message.test(p))).toBe(true);
  });

  it('lets through what a service is meant to write', () => {
    expect(
      problems(
        [
          "import { IfMatchVersion } from '@relief/runtime';",
          "import { IncidentViewColumns } from '@relief/read-models';",
          "import { OfferException } from './offer.exception';",
          "@Entity('incidents') class IncidentViewEntity extends IncidentViewColumns {}",
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});
