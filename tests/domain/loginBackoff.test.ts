import { backoffMs, failuresThatCount, LOGIN_BACKOFF, waitInWords, waitMs } from '../../server/src/domain/loginBackoff';

const client = LOGIN_BACKOFF.client;

describe('the back-off after a number of failures: free at first, then doubling, capped', () => {
  test.each([
    [0, 0],
    [4, 0],
    [5, 2_000],
    [6, 4_000],
    [7, 8_000],
    [12, 256_000],
    [13, 512_000],
    [14, 900_000],
    [50, 900_000],
    [10_000, 900_000],
  ])('%i failures at one address → wait %i ms', (failures, expected) => {
    expect(backoffMs(client, failures)).toBe(expected);
  });

  test.each([
    ['user', 10, 1_000],
    ['user', 20, 300_000],
    ['address', 29, 0],
    ['address', 30, 1_000],
    ['address', 40, 60_000],
  ] as const)('%s scope: %i failures → %i ms', (scope, failures, expected) => {
    expect(backoffMs(LOGIN_BACKOFF[scope], failures)).toBe(expected);
  });
});

describe('the wait runs from the last failure, and old failures are forgotten', () => {
  const t = Date.parse('2026-11-25T08:00:00Z');
  test.each([
    ['no failures yet', 0, null, t, 0],
    ['five failures, just now', 5, t, t, 2_000],
    ['five failures, one second ago', 5, t - 1_000, t, 1_000],
    ['five failures, two seconds ago', 5, t - 2_000, t, 0],
    ['eight failures, a minute ago (cap not reached)', 8, t - 60_000, t, 0],
    ['twenty failures ten minutes ago: 15 min cap, 5 left', 20, t - 10 * 60_000, t, 5 * 60_000],
    ['twenty failures 61 minutes ago: forgotten', 20, t - 61 * 60_000, t, 0],
  ])('%s', (_what, failures, last, now, expected) => {
    expect(waitMs(client, failures, last, now)).toBe(expected);
  });

  test('failures older than forgetAfterMs count as none', () => {
    expect(failuresThatCount(client, 9, t - client.forgetAfterMs - 1, t)).toBe(0);
    expect(failuresThatCount(client, 9, t - client.forgetAfterMs, t)).toBe(9);
  });
});

test.each([
  [1, 'en sekund'],
  [1_000, 'en sekund'],
  [1_001, '2 sekunder'],
  [59_000, '59 sekunder'],
  [60_000, 'en minut'],
  [61_000, '2 minuter'],
  [900_000, '15 minuter'],
])('%i ms reads "%s"', (ms, words) => {
  expect(waitInWords(ms)).toBe(words);
});
