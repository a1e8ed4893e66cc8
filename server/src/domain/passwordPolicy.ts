import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * What a new password must be (set by an admin for an account): at least MIN_PASSWORD_LENGTH characters,
 * not one of the ~49,000 most common passwords (the list zxcvbn-ts ships as `passwords-common`), not
 * such a password or a common Swedish word with only digits and signs added ("Sommar2026!!",
 * "password12345"), one character repeated, or the account's own username.
 */
export const MIN_PASSWORD_LENGTH = 12;

/** Words Swedish users build passwords on, beside the international list. */
const SWEDISH_WORDS = [
  'lösenord',
  'losenord',
  'sommar',
  'vinter',
  'hösten',
  'hosten',
  'våren',
  'varen',
  'välkommen',
  'valkommen',
  'kundtjänst',
  'kundtjanst',
  'sverige',
  'stockholm',
  'göteborg',
  'goteborg',
  'malmö',
  'malmo',
  'idskydd',
  'idlarm',
  'konsumentkollen',
  'bolagskollen',
  'qwertyuiopå',
  'asdfghjklöä',
];

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set([...dictionary['passwords-common'], ...SWEDISH_WORDS]);
  return common;
}

/** The reason a password is refused, in Swedish, or undefined when it is good enough. */
export function passwordProblem(password: string, username?: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Lösenordet ska ha minst ${MIN_PASSWORD_LENGTH} tecken`;
  const lower = password.toLocaleLowerCase('sv-SE');
  if (/^(.)\1*$/u.test(password)) return 'Lösenordet får inte vara ett och samma tecken';
  const words = commonPasswords();
  if (words.has(lower)) return 'Lösenordet är ett av de vanligaste lösenorden; välj ett annat';
  // A common word with digits and signs around it: "Sommar2026!", "2024password!".
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (core.length === 0) return 'Lösenordet får inte bestå av bara siffror och tecken';
  if (words.has(core)) return 'Lösenordet bygger på ett vanligt ord med siffror eller tecken till; välj ett annat';
  const name = username?.trim().toLocaleLowerCase('sv-SE');
  if (name && name.length >= 3 && lower.includes(name)) return 'Lösenordet får inte innehålla användarnamnet';
  return undefined;
}
