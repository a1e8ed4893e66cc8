import { customerIdOf, isTypingTarget, nextShortcut, SHORTCUTS } from '../../client/src/layout/shortcuts';
import { swedishMessages } from '../../client/src/i18n/sv';
import { englishAppMessages } from '../../client/src/i18n/en';

/** Types keys one after the other, as the handler does, and collects the commands. */
function press(keys: string[], onCustomer = true) {
  let pending: string[] = [];
  const commands: string[] = [];
  for (const key of keys) {
    const next = nextShortcut(pending, key, onCustomer);
    pending = next.pending;
    if (next.command) commands.push(next.command);
  }
  return { commands, pending };
}

describe('key sequences', () => {
  test.each([
    [['n'], ['note']],
    [['u'], ['cancel_subscription']],
    [['?'], ['help']],
    [['/'], ['search']],
    [['g', 'f'], ['tab_invoices']],
    [['g', 'a'], ['tab_subscriptions']],
    [['g', 'h'], ['tab_history']],
    [['g', 'n'], ['tab_notes']],
    [['g', 'e'], ['tab_cases']],
    [
      ['g', 'f', 'g', 'h'],
      ['tab_invoices', 'tab_history'],
    ],
    // A key that breaks a sequence is swallowed: "g u" typed by mistake never opens the cancel dialog.
    [['g', 'x', 'n'], ['note']],
    [['g', 'u'], []],
    [['g', 'u', 'u'], ['cancel_subscription']],
    [['x'], []],
  ])('%p gives %p', (keys, commands) => {
    expect(press(keys).commands).toEqual(commands);
  });

  test('"g" waits for its second key', () => {
    expect(press(['g']).pending).toEqual(['g']);
  });

  test('the record’s shortcuts act only on a customer', () => {
    expect(press(['n', 'g', 'f', 'g', 's'], false).commands).toEqual(['go_start']);
  });

  test('no two shortcuts share their keys, and none is the start of another', () => {
    const sequences = SHORTCUTS.map((s) => s.keys.join(' '));
    expect(new Set(sequences).size).toBe(sequences.length);
    for (const a of SHORTCUTS)
      for (const b of SHORTCUTS) {
        if (a !== b && b.keys.length > a.keys.length) expect(b.keys.slice(0, a.keys.length).join(' ')).not.toBe(a.keys.join(' '));
      }
  });

  test.each([
    ['Swedish', swedishMessages],
    ['English', englishAppMessages],
  ])('every shortcut is described in %s', (_language, messages) => {
    const commands = (messages as unknown as { shortcuts: { commands: Record<string, string> } }).shortcuts.commands;
    expect(SHORTCUTS.filter((s) => !commands[s.command]).map((s) => s.command)).toEqual([]);
  });
});

describe('typing is not a shortcut', () => {
  const el = (tag: string, extra: Record<string, unknown> = {}) => Object.assign(document.createElement(tag), extra);
  test.each([
    ['a text input', el('input'), true],
    ['a date input', el('input', { type: 'date' }), true],
    ['a textarea', el('textarea'), true],
    ['a select', el('select'), true],
    ['a checkbox', el('input', { type: 'checkbox' }), false],
    ['a button', el('button'), false],
    ['the page', document.body, false],
  ])('%s: %p', (_what, target, typing) => {
    expect(isTypingTarget(target)).toBe(typing);
  });

  test('a MUI select (role="combobox") and editable content are typing', () => {
    const combo = el('div');
    combo.setAttribute('role', 'combobox');
    expect(isTypingTarget(combo)).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });
});

test.each([
  ['/customers/12/show', '12'],
  ['/customers/12/show/fakturor', '12'],
  ['/customers/12', undefined],
  ['/customers', undefined],
  ['/cancellations/3/show', undefined],
])('the customer of %s is %p', (path, id) => {
  expect(customerIdOf(path)).toBe(id);
});
