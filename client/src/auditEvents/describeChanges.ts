import type { AuditEvent } from '../types';

/** "fält: före → efter" for each changed field; empty for views and log-ins. */
export function describeChanges(changes: AuditEvent['changes'], label: (field: string) => string = (f) => f): string[] {
  return Object.entries(changes ?? {}).map(([field, { before, after }]) => {
    const show = (v: unknown) => (v === null || v === undefined || v === '' ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    return `${label(field)}: ${show(before)} → ${show(after)}`;
  });
}
