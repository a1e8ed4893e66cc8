import type { AuditEvent } from '../types';

/**
 * "fält: före → efter" for each changed field; empty for views and log-ins. A field recorded with the same
 * value before and after is context — what the event is about (the person, the block) — and reads
 * "fält: värde". `value` may put a field's value in words (undefined: shown as stored).
 */
export function describeChanges(
  changes: AuditEvent['changes'],
  label: (field: string) => string = (f) => f,
  value?: (field: string, v: unknown) => string | undefined,
): string[] {
  return Object.entries(changes ?? {}).map(([field, { before, after }]) => {
    const show = (v: unknown) => {
      const words = v === null || v === undefined || v === '' ? undefined : value?.(field, v);
      if (words !== undefined) return words;
      return v === null || v === undefined || v === '' ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    };
    if (before !== null && before !== undefined && JSON.stringify(before) === JSON.stringify(after))
      return `${label(field)}: ${show(after)}`;
    return `${label(field)}: ${show(before)} → ${show(after)}`;
  });
}
