import { defineConfig } from 'vitest/config';

// Tests run from sources; scenario tests that spawn the CLI use the build made by `npm test`.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
