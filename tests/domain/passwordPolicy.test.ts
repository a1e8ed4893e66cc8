import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../server/src/domain/passwordPolicy';

describe('new passwords', () => {
  test.each([
    ['korrekt häst batteri', undefined],
    ['tre blå cyklar i Umeå', undefined],
    ['Gx7#pLq2!vR9', undefined],
    ['sommar2026!vinter', undefined],
  ])('%s is accepted', (password, username) => {
    expect(passwordProblem(password, username)).toBeUndefined();
  });

  test.each([
    ['', /minst 12 tecken/],
    ['elva tecken', /minst 12 tecken/],
    // Counted in characters, not UTF-16 units: 11 emoji are 11 characters.
    ['😀'.repeat(11), /minst 12 tecken/],
    ['password1234', /vanligaste/],
    ['PASSWORD1234', /vanligaste/],
    ['qwertyuiop123', /vanligaste/],
    ['1qaz2wsx3edc', /vanligaste/],
    ['Sommar2026!!', /vanligt ord/],
    ['!!Lösenord2026', /vanligt ord/],
    ['välkommen12345', /vanligt ord/],
    ['dragon123456789', /vanligt ord/],
    ['907153628401', /bara siffror/],
    ['2026-11-25!!', /bara siffror/],
    ['xxxxxxxxxxxxxxx', /ett och samma tecken/],
  ])('%s is refused', (password, message) => {
    expect(passwordProblem(password)).toMatch(message);
  });

  test('a password with the username in it is refused, in any case', () => {
    expect(passwordProblem('Alva-agent-2026!', 'agent')).toMatch(/användarnamnet/);
    expect(passwordProblem('Alva-AGENT-2026!', 'agent')).toMatch(/användarnamnet/);
    expect(passwordProblem('Alva-agent-2026!', 'ab')).toBeUndefined();
  });

  test('the minimum is 12 characters', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(passwordProblem('Gx7#pLq2!vR')).toMatch(/minst 12/);
    expect(passwordProblem('Gx7#pLq2!vR9')).toBeUndefined();
  });
});
