import { defineConfig } from 'vitest/config';

/** The SPA's own logic (no DOM needed): i18n, problems, coverage, map shading, validation. */
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
