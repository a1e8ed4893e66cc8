import englishMessages from 'ra-language-english';
import raSwedish from '../../client/src/i18n/raSwedish';

type Messages = { [key: string]: unknown };

/** Flattens nested translation messages into a map of dotted key path → string value. */
function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const result = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') {
      for (const [nestedPath, nestedValue] of flatten(value as Messages, path)) result.set(nestedPath, nestedValue);
    } else {
      result.set(path, String(value));
    }
  }
  return result;
}

const placeholders = (text: string): string[] => [...new Set(text.match(/%\{[^}]+\}/g) ?? [])].sort();
const pluralFormCount = (text: string): number => text.split('||||').length;

const english = flatten(englishMessages as Messages);
const swedish = flatten(raSwedish as Messages);
const englishKeys = [...english.keys()];

describe('Swedish react-admin messages', () => {
  it('cover the English messages (sanity: English has many keys under ra)', () => {
    expect(englishKeys.length).toBeGreaterThan(100);
    expect(englishKeys.every((key) => key.startsWith('ra.'))).toBe(true);
  });

  it('have no key that is missing compared with the English messages', () => {
    const missing = englishKeys.filter((key) => !swedish.has(key));
    expect(missing).toEqual([]);
  });

  it('have no extra key that the English messages do not have', () => {
    const extra = [...swedish.keys()].filter((key) => !english.has(key));
    expect(extra).toEqual([]);
  });

  it('have exactly the same set of flattened key paths as the English messages', () => {
    expect([...swedish.keys()].sort()).toEqual([...englishKeys].sort());
  });

  it.each(englishKeys)('keep every %%{placeholder} of the English message in %s', (key) => {
    const swedishText = swedish.get(key) ?? '';
    const missing = placeholders(english.get(key)!).filter((placeholder) => !swedishText.includes(placeholder));
    expect(missing).toEqual([]);
  });

  it.each(englishKeys)('keep the same number of "||||" plural forms as the English message in %s', (key) => {
    expect(pluralFormCount(swedish.get(key) ?? '')).toBe(pluralFormCount(english.get(key)!));
  });

  it('translate every message to a non-empty string', () => {
    const empty = [...swedish.entries()].filter(([key, text]) => text.length === 0 && english.get(key) !== '');
    expect(empty).toEqual([]);
  });
});
