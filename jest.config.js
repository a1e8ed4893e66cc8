// @ts-check
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } }];

/**
 * Two projects: the server against a real database (node), the client with React Testing Library + msw.
 * @type {import('jest').Config}
 */
module.exports = {
  // Each server test file seeds its own database (the demo's invoices go through the invoicing run and a
  // booked payment file): more than jest's 5 s default for a hook on a loaded two-core machine, on
  // PostgreSQL above all. (A global option: jest ignores it inside a project.)
  testTimeout: 30_000,
  projects: [
    {
      displayName: 'server',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/server/**/*.test.ts', '<rootDir>/tests/domain/**/*.test.ts', '<rootDir>/tests/fuzz/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
    },
    {
      displayName: 'client',
      testEnvironment: 'jest-fixed-jsdom',
      testMatch: ['<rootDir>/tests/client/**/*.test.tsx'],
      setupFilesAfterEnv: ['<rootDir>/tests/client/setup.ts'],
      transform: { '^.+\\.(t|j)sx?$|^.+\\.mjs$': swc },
      transformIgnorePatterns: ['/node_modules/(?!(rettime|until-async|@open-draft/deferred-promise|react-hotkeys-hook)/)'],
      moduleNameMapper: { '\\.(css)$': '<rootDir>/tests/client/styleStub.ts', '^@domain/(.*)$': '<rootDir>/server/src/domain/$1' },
      testEnvironmentOptions: { customExportConditions: [''] },
    },
  ],
};
