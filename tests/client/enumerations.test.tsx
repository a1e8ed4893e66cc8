import { ENUMERATIONS } from '../../client/src/i18n/enumerations';
import { swedishMessages } from '../../client/src/i18n/sv';
import { englishAppMessages } from '../../client/src/i18n/en';

// Node's modules, typed by hand: the client's type-check has no Node types, and must not get them.
declare const __dirname: string;
const fs = jest.requireActual<{ readdirSync(dir: string): string[] }>('node:fs');
const path = jest.requireActual<{ join(...parts: string[]): string }>('node:path');

/** Every exported list of strings in server/src/domain: the allowed values of the domain. */
function domainEnumerations(): Array<[string, readonly string[]]> {
  const dir = path.join(__dirname, '..', '..', 'server', 'src', 'domain');
  const found: Array<[string, readonly string[]]> = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const module = jest.requireActual(path.join(dir, file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
        found.push([`${file.replace(/\.ts$/, '')}.${name}`, value]);
      }
    }
  }
  return found;
}

function lookup(messages: object, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages);
}

const labelled = Object.entries(ENUMERATIONS) as Array<[string, readonly string[]]>;

test('the domain has enumerations to check (the scan finds them)', () => {
  expect(domainEnumerations().map(([name]) => name)).toEqual(expect.arrayContaining(['values.CHANNELS', 'gdprRules.IDENTITY_METHODS']));
});

test.each(domainEnumerations())('every value of %s has a place in the client’s labels', (_name, values) => {
  const unlabelled = values.filter((value) => !labelled.some(([, known]) => known.includes(value)));
  expect(unlabelled).toEqual([]);
});

describe.each([
  ['Swedish', swedishMessages],
  ['English', englishAppMessages],
])('%s', (_language, messages) => {
  test.each(labelled)('every value under %s is in words', (prefix, values) => {
    const missing = values.filter((value) => {
      const words = lookup(messages, `${prefix}.${value}`);
      return typeof words !== 'string' || words.trim() === '' || words === value;
    });
    expect(missing).toEqual([]);
  });
});
