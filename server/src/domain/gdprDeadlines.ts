import { addMonths, type IsoDate } from './calendarDate';
import { deadline } from './workingDays';

/**
 * GDPR Art. 12(3): a request is answered within one month of receipt; the period may be extended once by
 * at most two further months, if the data subject is told (with the reason) within the first month.
 * The last day of each period moves to the next working day by the deadline rule.
 */
export const GDPR_EXTENSION_MAX_MONTHS = 2;

/** The first answer date: received + 1 month, moved to the next working day. */
export function gdprDueDate(receivedOn: IsoDate): IsoDate {
  return deadline(addMonths(receivedOn, 1));
}

/** The latest date an extended request may be due: received + 1 + 2 months, moved to the next working day. */
export function latestExtendedDueDate(receivedOn: IsoDate): IsoDate {
  return deadline(addMonths(receivedOn, 1 + GDPR_EXTENSION_MAX_MONTHS));
}

export type ExtensionCheck = { ok: true; dueOn: IsoDate } | { ok: false; field: 'due_on' | 'extension_notified_on'; error: string };

/**
 * Judges an extension of a request received on `receivedOn` whose original due date is `originalDueOn`.
 * `newDueOn` defaults to the longest extension allowed. The customer must have been told within the first
 * month (on or before the original due date), not before the request arrived, and not in the future.
 */
export function checkExtension(input: {
  receivedOn: IsoDate;
  originalDueOn: IsoDate;
  newDueOn?: IsoDate;
  notifiedOn: IsoDate;
  today: IsoDate;
}): ExtensionCheck {
  const latest = latestExtendedDueDate(input.receivedOn);
  const dueOn = input.newDueOn ?? latest;
  if (dueOn <= input.originalDueOn) {
    return { ok: false, field: 'due_on', error: `Den nya sista dagen ska vara efter ${input.originalDueOn}` };
  }
  if (dueOn > latest) {
    return { ok: false, field: 'due_on', error: `Högst två månader till: senast ${latest}` };
  }
  if (input.notifiedOn < input.receivedOn) {
    return { ok: false, field: 'extension_notified_on', error: 'Kan inte vara före dagen då begäran kom in' };
  }
  if (input.notifiedOn > input.today) {
    return { ok: false, field: 'extension_notified_on', error: 'Kan inte vara i framtiden' };
  }
  if (input.notifiedOn > input.originalDueOn) {
    return {
      ok: false,
      field: 'extension_notified_on',
      error: `Kunden ska informeras inom den första månaden, senast ${input.originalDueOn}`,
    };
  }
  return { ok: true, dueOn };
}
