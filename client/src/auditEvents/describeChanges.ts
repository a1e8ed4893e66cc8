import type { AuditEvent } from '../types';

/** "fält: före → efter" for each changed field; empty for views and log-ins. */
export function describeChanges(changes: AuditEvent['changes']): string[] {
  return Object.entries(changes ?? {}).map(([field, { before, after }]) => {
    const show = (v: unknown) => (v === null || v === undefined || v === '' ? '–' : String(v));
    return `${field}: ${show(before)} → ${show(after)}`;
  });
}
