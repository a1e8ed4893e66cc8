import type { Role } from '../types';

/**
 * The role matrix of the product, mirrored from the server (which enforces it): the UI hides what a role
 * may not do. Actions are react-admin's: list, show, create, edit, delete, export, plus domain actions.
 */
const EVERYONE: Role[] = ['agent', 'supervisor', 'admin'];
const SUPERVISORS: Role[] = ['supervisor', 'admin'];
const ADMINS: Role[] = ['admin'];

type Rules = Record<string, Role[]>;

const MATRIX: Record<string, Rules> = {
  // data_export: the registerutdrag (access and portability requests are handled by supervisors).
  customers: { list: EVERYONE, show: EVERYONE, create: EVERYONE, edit: EVERYONE, export: SUPERVISORS, data_export: SUPERVISORS },
  notes: { list: EVERYONE, create: EVERYONE },
  subscriptions: { list: EVERYONE, show: EVERYONE, create: EVERYONE },
  invoices: { list: EVERYONE, show: EVERYONE },
  products: { list: EVERYONE, show: EVERYONE },
  // Agents register cancellations and log GDPR requests on the customer; the queues are supervisors'.
  // Status changes: agents mark the form sent or revoke during a call; the queue's steps are supervisors'.
  cancellations: {
    create: EVERYONE,
    list: SUPERVISORS,
    show: SUPERVISORS,
    edit: SUPERVISORS,
    export: SUPERVISORS,
    form_sent: EVERYONE,
    revoked: EVERYONE,
    confirmed: SUPERVISORS,
    completed: SUPERVISORS,
  },
  billing_changes: { create: EVERYONE, list: EVERYONE },
  gdpr_requests: { create: EVERYONE, list: SUPERVISORS, show: SUPERVISORS, edit: SUPERVISORS },
  audit_events: { list: SUPERVISORS, show: SUPERVISORS },
  users: { list: ADMINS, show: ADMINS, create: ADMINS, edit: ADMINS },
  dashboard: { supervisor: SUPERVISORS },
};

export function roleCan(role: Role | undefined, action: string, resource: string): boolean {
  if (!role) return false;
  return MATRIX[resource]?.[action]?.includes(role) ?? false;
}
