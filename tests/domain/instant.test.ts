import { CLOCK_SKEW_MS, parseInstant } from '../../server/src/domain/instant';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('an instant with its offset is stored as UTC', () => {
  test.each([
    ['UTC with Z', '2026-11-20T13:32:00Z', '2026-11-20T13:32:00.000Z'],
    ['Stockholm winter time', '2026-11-20T14:32:00+01:00', '2026-11-20T13:32:00.000Z'],
    ['Stockholm summer time', '2026-07-01T10:00:00+02:00', '2026-07-01T08:00:00.000Z'],
    ['offset without colon', '2026-11-20T14:32+0100', '2026-11-20T13:32:00.000Z'],
    ['milliseconds', '2026-11-20T13:32:00.123Z', '2026-11-20T13:32:00.123Z'],
    ['surrounding spaces', ' 2026-11-20T13:32:00Z ', '2026-11-20T13:32:00.000Z'],
    ['a little ahead of our clock (sender skew)', '2026-11-25T12:04:00Z', '2026-11-25T12:04:00.000Z'],
  ])('%s: %s → %s', (_case, input, expected) => {
    expect(parseInstant(input, NOW)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ['no offset (whose local time?)', '2026-11-20T14:32:00'],
    ['a date only', '2026-11-20'],
    ['30 February', '2026-02-30T10:00:00Z'],
    ['hour 24', '2026-11-20T24:00:00Z'],
    ['minute 60', '2026-11-20T10:60:00Z'],
    ['beyond the allowed clock skew', new Date(NOW + CLOCK_SKEW_MS + 60_000).toISOString()],
    ['before the year 2000', '1999-12-31T23:59:59Z'],
    ['not a time at all', 'igår kväll'],
    ['empty', ''],
  ])('%s (%s) is refused', (_case, input) => {
    expect(parseInstant(input, NOW).ok).toBe(false);
  });
});
