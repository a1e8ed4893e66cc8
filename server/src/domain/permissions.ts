import { CANCELLATION_TARGETS, CANCELLATION_TRANSITIONS, type CancellationTarget } from './cancellationRules';
import { ADMINS, EVERYONE, type Role, SUPERVISORS } from './roles';

/**
 * The role matrix of PRODUCT.md, defined once. The server's route table takes each route's roles from
 * here, services check domain actions with `can()`, and `GET /api/auth/me` answers the caller's
 * permissions, which the client's `canAccess` reads: nothing is kept by hand a second time.
 *
 * Actions are react-admin's (list, show, create, edit, delete, export) plus domain actions. `queue` is
 * a supervisor's screen over a resource that agents otherwise reach only through one customer's record.
 */
const cancellationSteps = Object.fromEntries(CANCELLATION_TARGETS.map((to) => [to, CANCELLATION_TRANSITIONS[to].roles])) as Record<
  CancellationTarget,
  readonly Role[]
>;

export const PERMISSIONS = {
  // A personnummer changes only with a supervisor (or through a verified GDPR rectification); a list of
  // more than 100 customers is an export (audited).
  customers: {
    list: EVERYONE,
    show: EVERYONE,
    create: EVERYONE,
    edit: EVERYONE,
    edit_identity: SUPERVISORS,
    export: SUPERVISORS,
    data_export: SUPERVISORS,
  },
  notes: { list: EVERYONE, show: EVERYONE, create: EVERYONE },
  products: { list: EVERYONE, show: EVERYONE },
  subscriptions: { list: EVERYONE, show: EVERYONE, create: EVERYONE },
  invoices: { list: EVERYONE, show: EVERYONE },
  // Paying back a sticker fee that was already paid is the supervisors' (an agent removes the fee and credits what is unpaid).
  // `delete` cancels a change that has not taken effect yet (an interval switch, autogiro awaiting its mandate).
  billing_changes: { list: EVERYONE, show: EVERYONE, create: EVERYONE, delete: EVERYONE, refund: SUPERVISORS },
  // Agents request a mandate through a payment-method change and see its state (account masked);
  // supervisors decide it (`edit`) and read the whole account number.
  autogiro_mandates: { list: EVERYONE, show: EVERYONE, edit: SUPERVISORS, queue: SUPERVISORS, read_account: SUPERVISORS },
  // Agents read payments on the record; supervisors assign unmatched ones (`edit`) from the Betalningar page.
  payments: { list: EVERYONE, show: EVERYONE, edit: SUPERVISORS, queue: SUPERVISORS },
  payment_files: { list: SUPERVISORS, show: SUPERVISORS, create: SUPERVISORS },
  cancellations: {
    list: EVERYONE,
    show: EVERYONE,
    create: EVERYONE,
    edit: EVERYONE,
    queue: SUPERVISORS,
    stats: SUPERVISORS,
    export: SUPERVISORS,
    ...cancellationSteps,
  },
  gdpr_requests: { list: EVERYONE, show: EVERYONE, create: EVERYONE, queue: SUPERVISORS, edit: SUPERVISORS },
  // The people a subscription covers and where their alarms go, their alarms and blocks: every role.
  // Receiving alarms (`POST /api/alarms`) belongs to no role: only the monitoring service's token opens it.
  covered_persons: { list: EVERYONE, show: EVERYONE, create: EVERYONE, edit: EVERYONE, delete: EVERYONE },
  alarms: { list: EVERYONE, show: EVERYONE },
  blocks: { list: EVERYONE, show: EVERYONE, create: EVERYONE, edit: EVERYONE },
  // Agents read one customer's history on the record, with personal values masked; the whole audit log,
  // unmasked, is the supervisors'.
  audit_events: { list: EVERYONE, show: SUPERVISORS, queue: SUPERVISORS, personal_data: SUPERVISORS },
  users: { list: ADMINS, show: ADMINS, create: ADMINS, edit: ADMINS },
  dashboard: { supervisor: SUPERVISORS },
} as const satisfies Record<string, Record<string, readonly Role[]>>;

export type PermissionResource = keyof typeof PERMISSIONS;
export type PermissionAction<R extends PermissionResource> = keyof (typeof PERMISSIONS)[R] & string;

/** The roles that may take `action` on `resource`. */
export function rolesFor<R extends PermissionResource>(resource: R, action: PermissionAction<R>): readonly Role[] {
  return (PERMISSIONS[resource] as Record<string, readonly Role[]>)[action];
}

/** Whether `role` may take `action` on `resource`; unknown resources and actions are refused. */
export function can(role: Role | undefined, resource: string, action: string): boolean {
  if (!role || !Object.hasOwn(PERMISSIONS, resource)) return false;
  const actions = PERMISSIONS[resource as PermissionResource] as Record<string, readonly Role[]>;
  return Object.hasOwn(actions, action) && actions[action].includes(role);
}

/** Everything one role may do, as `GET /api/auth/me` answers it: `{ resource: [action, …] }`. */
export type Permissions = Record<string, string[]>;

export function permissionsOf(role: Role): Permissions {
  const out: Permissions = {};
  for (const [resource, actions] of Object.entries(PERMISSIONS)) {
    const allowed = Object.entries(actions as Record<string, readonly Role[]>)
      .filter(([, roles]) => roles.includes(role))
      .map(([action]) => action);
    if (allowed.length) out[resource] = allowed;
  }
  return out;
}
