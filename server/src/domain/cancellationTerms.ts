import { addDays, addMonths, type IsoDate, maxDate } from './calendarDate';
import { deadline } from './workingDays';

/**
 * Withdrawal (ångerrätt, lag 2005:59) or notice (uppsägning): which applies to a cancellation asked
 * for on `requestedOn`, when the contract ends, and what is refunded.
 */
export const WITHDRAWAL_DAYS = 14;
export const NOTICE_MONTHS = 3;

export type CancellationKind = 'withdrawal' | 'notice';

export interface CancellationTerms {
  kind: CancellationKind;
  requested_on: IsoDate;
  withdrawal_deadline: IsoDate;
  binding_ends_on: IsoDate;
  ends_on: IsoDate;
  refund_ore: number;
}

/** 14 days counted from the day after signing: signed_on + 14, moved to the next working day. */
export function withdrawalDeadline(signedOn: IsoDate): IsoDate {
  return deadline(addDays(signedOn, WITHDRAWAL_DAYS));
}

export function bindingEndsOn(signedOn: IsoDate, bindingMonths: number): IsoDate {
  return addMonths(signedOn, bindingMonths);
}

/** The later of the binding end and three months after the notice was given. */
export function noticeEndDate(requestedOn: IsoDate, bindingEnds: IsoDate): IsoDate {
  return maxDate(bindingEnds, addMonths(requestedOn, NOTICE_MONTHS));
}

export function cancellationTerms(
  subscription: { signed_on: IsoDate; binding_months: number },
  requestedOn: IsoDate,
  paidOre: number,
): CancellationTerms {
  const withdrawal_deadline = withdrawalDeadline(subscription.signed_on);
  const binding_ends_on = bindingEndsOn(subscription.signed_on, subscription.binding_months);
  const isWithdrawal = requestedOn <= withdrawal_deadline;
  return {
    kind: isWithdrawal ? 'withdrawal' : 'notice',
    requested_on: requestedOn,
    withdrawal_deadline,
    binding_ends_on,
    ends_on: isWithdrawal ? requestedOn : noticeEndDate(requestedOn, binding_ends_on),
    // A withdrawal refunds everything paid for the subscription; a notice refunds nothing.
    refund_ore: isWithdrawal ? paidOre : 0,
  };
}
