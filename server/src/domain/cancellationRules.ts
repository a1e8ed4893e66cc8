import { addDays, type IsoDate } from './calendarDate';
import type { CancellationKind } from './cancellationTerms';
import { EVERYONE, type Role, SUPERVISORS } from './roles';

export const CANCELLATION_KINDS = ['withdrawal', 'notice'] as const satisfies readonly CancellationKind[];
export const CANCELLATION_STATUSES = ['registered', 'form_sent', 'confirmed', 'completed', 'revoked'] as const;
export type CancellationStatus = (typeof CANCELLATION_STATUSES)[number];
export const OPEN_CANCELLATION_STATUSES = ['registered', 'form_sent', 'confirmed'] as const satisfies readonly CancellationStatus[];

/** The fixed list of reasons (the agent may add free text in `reason_note`). */
export const CANCELLATION_REASONS = ['price', 'not_needed', 'moving_abroad', 'deceased', 'dissatisfied', 'other'] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

/** How far back a notice may be dated when it is registered. */
export const MAX_BACKDATE_DAYS = 30;
/** A form sent this many days ago and not returned is overdue. */
export const FORM_OVERDUE_DAYS = 14;

/** The statuses a cancellation may be moved to after registration. */
export const CANCELLATION_TARGETS = ['form_sent', 'confirmed', 'completed', 'revoked'] as const satisfies readonly CancellationStatus[];
export type CancellationTarget = (typeof CANCELLATION_TARGETS)[number];

/** Who may move a cancellation to a status, and from which: agents during a call, supervisors in the queue. */
export const CANCELLATION_TRANSITIONS: Record<CancellationTarget, { from: readonly CancellationStatus[]; roles: readonly Role[] }> = {
  form_sent: { from: ['registered'], roles: EVERYONE },
  confirmed: { from: ['form_sent'], roles: SUPERVISORS },
  completed: { from: ['confirmed'], roles: SUPERVISORS },
  revoked: { from: OPEN_CANCELLATION_STATUSES, roles: EVERYONE },
};

export function isOpenCancellation(status: CancellationStatus): boolean {
  return (OPEN_CANCELLATION_STATUSES as readonly CancellationStatus[]).includes(status);
}

/** Whether `role` may move a cancellation in `from` to `to` (the status rule only; dates are checked on write). */
export function mayTransition(role: Role | undefined, from: CancellationStatus, to: CancellationTarget): boolean {
  const rule = CANCELLATION_TRANSITIONS[to];
  return role !== undefined && rule.roles.includes(role) && rule.from.includes(from);
}

/** The last day a form may have been sent on without being overdue today. */
export function formOverdueBefore(today: IsoDate): IsoDate {
  return addDays(today, -FORM_OVERDUE_DAYS);
}

/** Form sent more than FORM_OVERDUE_DAYS days ago and not returned, on a cancellation still waiting for it. */
export function isFormOverdue(
  c: { status: CancellationStatus; form_sent_on: IsoDate | null; form_received_on: IsoDate | null },
  today: IsoDate,
): boolean {
  return (
    isOpenCancellation(c.status) && c.form_sent_on !== null && c.form_received_on === null && c.form_sent_on < formOverdueBefore(today)
  );
}

/**
 * Why a cancellation cannot be given on `requestedOn` (the field error of `requested_on`), or undefined
 * when it can: never in the future, never before the contract was signed, back-dated at most
 * MAX_BACKDATE_DAYS. The preview and the registration judge a date alike, so that a preview never shows
 * terms that registering would refuse (a withdrawal "ending" before the contract began).
 */
export function requestedOnError(requestedOn: IsoDate, signedOn: IsoDate, today: IsoDate): string | undefined {
  if (requestedOn > today) return 'Får inte vara i framtiden';
  if (requestedOn < signedOn) return `Tidigast ${signedOn}, dagen avtalet tecknades`;
  if (requestedOn < addDays(today, -MAX_BACKDATE_DAYS)) return `Högst ${MAX_BACKDATE_DAYS} dagar bakåt`;
  return undefined;
}
