// End-to-end tests: the real built app on a fresh SQLite file, driven in Debian's Chromium.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' } } }];
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  displayName: 'e2e',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/e2e/**/*.e2e.ts'],
  transform: { '^.+\\.ts$': swc },
  testTimeout: 90000,
};
