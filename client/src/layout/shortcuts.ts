/**
 * The keyboard shortcuts: single keys and two-key sequences ("g f": go to Fakturor), listed once here for
 * the `?` overlay and for the handler. They act only when the agent is not typing (see `isTypingTarget`)
 * and no dialog is open.
 */
export type ShortcutCommand =
  | 'search'
  | 'help'
  | 'note'
  | 'cancel_subscription'
  | 'edit_contact'
  | 'register_gdpr'
  | 'tab_subscriptions'
  | 'tab_invoices'
  | 'tab_cases'
  | 'tab_alarms'
  | 'tab_notes'
  | 'tab_history'
  | 'go_start'
  | 'go_customers';

export interface Shortcut {
  keys: readonly string[];
  command: ShortcutCommand;
  /** `customer`: only on a customer's record. */
  scope: 'everywhere' | 'customer';
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['/'], command: 'search', scope: 'everywhere' },
  { keys: ['?'], command: 'help', scope: 'everywhere' },
  { keys: ['g', 's'], command: 'go_start', scope: 'everywhere' },
  { keys: ['g', 'k'], command: 'go_customers', scope: 'everywhere' },
  { keys: ['n'], command: 'note', scope: 'customer' },
  { keys: ['u'], command: 'cancel_subscription', scope: 'customer' },
  { keys: ['e'], command: 'edit_contact', scope: 'customer' },
  { keys: ['r'], command: 'register_gdpr', scope: 'customer' },
  { keys: ['g', 'a'], command: 'tab_subscriptions', scope: 'customer' },
  { keys: ['g', 'f'], command: 'tab_invoices', scope: 'customer' },
  { keys: ['g', 'e'], command: 'tab_cases', scope: 'customer' },
  { keys: ['g', 'l'], command: 'tab_alarms', scope: 'customer' },
  { keys: ['g', 'n'], command: 'tab_notes', scope: 'customer' },
  { keys: ['g', 'h'], command: 'tab_history', scope: 'customer' },
];

/** The path under `/customers/:id/show` of each tab of the record. */
export const TAB_PATHS: Partial<Record<ShortcutCommand, string>> = {
  tab_subscriptions: '',
  tab_invoices: '/fakturor',
  tab_cases: '/arenden',
  tab_alarms: '/larm',
  tab_notes: '/anteckningar',
  tab_history: '/historik',
};

/**
 * The next state of a key sequence: `pending` holds the keys typed so far of a sequence that may still
 * complete ("g" waiting for its second key). A key that completes a shortcut gives its command; a key
 * that breaks a sequence is swallowed and starts over — "g u" typed by mistake never opens "u"'s dialog.
 */
export function nextShortcut(
  pending: readonly string[],
  key: string,
  onCustomer: boolean,
): { command?: ShortcutCommand; pending: string[] } {
  const available = SHORTCUTS.filter((s) => s.scope === 'everywhere' || onCustomer);
  const attempt = (sequence: string[]) => {
    const exact = available.find((s) => s.keys.length === sequence.length && s.keys.every((k, i) => k === sequence[i]));
    if (exact) return { command: exact.command, pending: [] };
    const prefix = available.some((s) => s.keys.length > sequence.length && sequence.every((k, i) => s.keys[i] === k));
    return prefix ? { pending: sequence } : undefined;
  };
  return attempt([...pending, key]) ?? { pending: [] };
}

/** The customer id of a record path (`/customers/12/show/fakturor`), undefined elsewhere. */
export function customerIdOf(pathname: string): string | undefined {
  return /^\/customers\/(\d+)\/show(\/|$)/.exec(pathname)?.[1];
}

interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  getAttribute?: (name: string) => string | null;
  type?: string;
}

const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Whether keys pressed on this element are typing (text fields, selects, editable content): no shortcut then. */
export function isTypingTarget(target: EventTarget | TargetLike | null): boolean {
  const el = target as TargetLike | null;
  if (!el || typeof el !== 'object') return false;
  if (el.isContentEditable) return true;
  const tag = (el.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !NON_TEXT_INPUTS.has(String(el.type ?? 'text').toLowerCase());
  const role = el.getAttribute?.('role');
  return role === 'combobox' || role === 'listbox' || role === 'textbox' || role === 'spinbutton';
}
