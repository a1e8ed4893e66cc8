// Reliability: the real server as a child process — killed with SIGKILL mid-write on SQLite, and two
// instances on one PostgreSQL database (DATABASE_URL). Needs the built client (`npm run build`).
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' } } }];
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  displayName: 'reliability',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/reliability/**/*.test.ts'],
  transform: { '^.+\\.ts$': swc },
  testTimeout: 180000,
};
