export const GDPR_TYPES = ['rectification', 'access', 'erasure', 'restriction', 'objection', 'portability'] as const;
export type GdprType = (typeof GDPR_TYPES)[number];

export const GDPR_STATUSES = ['open', 'completed', 'rejected'] as const;
export type GdprStatus = (typeof GDPR_STATUSES)[number];

/** How the caller's identity was checked before a request is logged. */
export const IDENTITY_METHODS = ['phone_questions', 'bankid', 'id_document', 'signed_letter'] as const;
export type IdentityMethod = (typeof IDENTITY_METHODS)[number];

/** GDPR applies from 25 May 2018; an earlier received date is a typing error. */
export const GDPR_START = '2018-05-25';

/** Open and past its due date. */
export function isGdprOverdue(r: { status: GdprStatus; due_on: string }, today: string): boolean {
  return r.status === 'open' && r.due_on < today;
}
