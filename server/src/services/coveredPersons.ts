import type { Knex } from 'knex';
import { z } from 'zod';
import { badRequest, conflict, notFound } from '../core/errors';
import type { Ctx } from '../core/context';
import { idParam } from '../core/schemas';
import type { CoveredPerson } from '../domain/apiTypes';
import { type AddableRelation, personLimitMessage, roomForOneMore } from '../domain/coveredPersons';
import { formatPersonnummer, maskPersonnummer } from '../domain/personnummer';
import { COVERED_RELATIONS, type SubscriptionStatus } from '../domain/values';
import { isPostgres } from '../db/knex';
import type { CoveredPersonRow, SubscriptionRow } from '../db/tables';
import { type Changes, createdWithValues, diff, writeAudit, writeAuditDurably } from './audit';
import { eq, filterOf, type ResourceDescription } from './listing';
import { updateVersioned } from './versioned';

type Db = Knex | Knex.Transaction;

/** Subscriptions that cover people: persons are added, changed and alarmed only on these. */
export const COVERING_STATUSES: readonly SubscriptionStatus[] = ['active', 'notice_given'];

function toApi(row: CoveredPersonRow, personnummer: string): CoveredPerson {
  return { ...row, personnummer };
}

/** The person as one record shows it: the whole personnummer. */
export function coveredPersonToApi(row: CoveredPersonRow): CoveredPerson {
  return toApi(row, formatPersonnummer(row.personnummer));
}

export const coveredPersonsListing: ResourceDescription<'covered_persons', CoveredPerson> = {
  name: 'covered_persons',
  table: 'covered_persons',
  sortable: ['id', 'added_on', 'removed_on', 'last_name', 'relation'],
  defaultSort: ['id', 'ASC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    subscription_id: eq('subscription_id', idParam),
    relation: eq('relation', z.enum(COVERED_RELATIONS)),
    /** true: covered now (not removed, on a subscription that has not ended); false: no longer. */
    current: filterOf(z.boolean(), (qb, value) => {
      const covering = (w: Knex.QueryBuilder) =>
        w.whereNull('covered_persons.removed_on').whereIn('covered_persons.subscription_id', function (this: Knex.QueryBuilder) {
          this.select('id').from('subscriptions').whereIn('status', COVERING_STATUSES);
        });
      if (value) covering(qb);
      else qb.whereNot(covering);
    }),
  },
  // Lists mask the personnummer, as customer lists do; `GET /covered_persons/:id` answers it whole.
  toApi: (row) => toApi(row, maskPersonnummer(row.personnummer)),
};

export async function getCoveredPersonRow(db: Db, id: number): Promise<CoveredPersonRow> {
  const row = await db('covered_persons').where({ id }).first();
  if (!row) throw notFound('Personen finns inte');
  return row;
}

/**
 * One person with the whole personnummer (the agent is correcting it): logged as a view of that person's
 * data; answered once the view event is durable (group commit), as opening a customer's record is.
 */
export async function getCoveredPerson(ctx: Ctx, id: number): Promise<CoveredPerson> {
  const row = await getCoveredPersonRow(ctx.db, id);
  await writeAuditDurably(ctx.db, ctx, {
    action: 'view',
    entity: 'covered_persons',
    entityId: id,
    customerId: row.customer_id,
    changes: about(row),
  });
  return coveredPersonToApi(row);
}

/**
 * The subscription, locked for the rest of the transaction on PostgreSQL (two agents adding the last
 * free place at once: the second waits and then counts the first's person). SQLite runs this process's
 * write transactions one after the other (db/knex.ts), so there the read is enough.
 */
async function lockSubscription(trx: Knex.Transaction, id: number): Promise<SubscriptionRow | undefined> {
  const q = trx('subscriptions').where({ id }).first();
  if (isPostgres(trx as unknown as Knex)) q.forUpdate();
  return q;
}

async function currentPersons(trx: Db, subscriptionId: number): Promise<CoveredPersonRow[]> {
  return trx('covered_persons').where({ subscription_id: subscriptionId }).whereNull('removed_on').orderBy('id');
}

/** The holder's row of a subscription (the first person, covered from its start). */
export async function holderOf(db: Db, subscriptionId: number): Promise<CoveredPersonRow | undefined> {
  return db('covered_persons').where({ subscription_id: subscriptionId, relation: 'holder' }).first();
}

function refuseUnlessCovering(subscription: SubscriptionRow) {
  if (!COVERING_STATUSES.includes(subscription.status)) {
    throw conflict('Abonnemanget har upphört: personerna i det kan inte längre ändras', {
      subscription_id: 'Abonnemanget har upphört',
    });
  }
}

function alreadyCovered(): never {
  throw conflict('Personen finns redan med i tjänsten', { personnummer: 'Personen finns redan med i tjänsten' });
}

/** A unique-key violation from `covered_persons_one_current` (a race the lock did not see, e.g. another process). */
function isOneCurrentViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code === '23505') return /covered_persons_one_current/.test(`${e.constraint} ${e.message}`);
  return e?.code === 'SQLITE_CONSTRAINT' && /covered_persons\.subscription_id, covered_persons\.personnummer/.test(String(e.message));
}

/**
 * The holder of a new subscription: the customer, covered from the signing day, with the customer's
 * phone and e-mail as alarm contacts. Called in the transaction that creates the subscription.
 */
export async function addHolder(trx: Knex.Transaction, ctx: Pick<Ctx, 'actor' | 'requestId'>, subscription: SubscriptionRow) {
  const customer = await trx('customers').where({ id: subscription.customer_id }).first();
  if (!customer) throw notFound('Kunden finns inte');
  const now = new Date().toISOString();
  const values = {
    subscription_id: subscription.id,
    customer_id: customer.id,
    personnummer: customer.personnummer,
    first_name: customer.first_name,
    last_name: customer.last_name,
    relation: 'holder' as const,
    alarm_phone: customer.phone,
    alarm_email: customer.email,
    added_on: subscription.signed_on,
  };
  await insertCoveredPerson(trx, ctx, subscription.product_id, values, now);
}

/** Writes a covered person and the history's "added" event (the service and the person, no ids); its id. */
async function insertCoveredPerson(
  trx: Knex.Transaction,
  ctx: Pick<Ctx, 'actor' | 'requestId'>,
  productId: number,
  values: Omit<CoveredPersonRow, 'id' | 'version' | 'created_at' | 'updated_at' | 'removed_on'>,
  now: string,
): Promise<number> {
  const [{ id }] = await trx('covered_persons')
    .insert({ ...values, version: 1, created_at: now, updated_at: now })
    .returning('id');
  await writeAudit(trx, ctx, {
    action: 'add',
    entity: 'covered_persons',
    entityId: Number(id),
    customerId: values.customer_id,
    changes: await addedChanges(trx, productId, values),
  });
  return Number(id);
}

/** What the history says of an added person: the service and the person, no ids. */
async function addedChanges(trx: Knex.Transaction, productId: number, values: object): Promise<Changes> {
  const product = await trx('products').where({ id: productId }).first('name');
  const { subscription_id: _s, customer_id: _c, ...person } = values as Record<string, unknown>;
  return createdWithValues({ product: product?.name ?? null, ...person });
}

/** Who an event is about, as context beside the changed fields (before = after: the history shows it as is). */
function about(person: Pick<CoveredPersonRow, 'first_name' | 'last_name'>): Changes {
  const name = `${person.first_name} ${person.last_name}`;
  return { person: { before: name, after: name } };
}

/**
 * The holder of every subscription that has none yet, covered from its start (the seeds' subscriptions,
 * written as plain rows), optionally only for subscription ids `from`–`to`. Idempotent.
 */
export async function backfillHolders(db: Db, subscriptionIds?: { from: number; to: number }): Promise<void> {
  const now = new Date().toISOString();
  const range = subscriptionIds ? 'AND s.id BETWEEN ? AND ?' : '';
  await db.raw(
    `INSERT INTO covered_persons
       (subscription_id, customer_id, personnummer, first_name, last_name, relation, alarm_phone, alarm_email, added_on, version, created_at, updated_at)
     SELECT s.id, s.customer_id, c.personnummer, c.first_name, c.last_name, 'holder', c.phone, c.email, s.signed_on, 1, ?, ?
     FROM subscriptions s JOIN customers c ON c.id = s.customer_id
     WHERE NOT EXISTS (SELECT 1 FROM covered_persons h WHERE h.subscription_id = s.id AND h.relation = 'holder') ${range}
     ORDER BY s.id`,
    subscriptionIds ? [now, now, subscriptionIds.from, subscriptionIds.to] : [now, now],
  );
}

export interface NewCoveredPerson {
  subscription_id: number;
  personnummer: string;
  first_name: string;
  last_name: string;
  relation: AddableRelation;
  alarm_phone: string | null;
  alarm_email: string | null;
}

/**
 * Adds a partner, child or other person to a subscription that still covers people, if the product has
 * room: a 409 beyond `max_persons` (also when two agents take the last place at once), a 409 for a person
 * already covered by it. `added_on` defaults to today (seeds date their history back).
 */
export async function addCoveredPerson(ctx: Ctx, input: NewCoveredPerson, options: { added_on?: string } = {}): Promise<CoveredPerson> {
  try {
    return await ctx.db.transaction(async (trx) => {
      const subscription = await lockSubscription(trx, input.subscription_id);
      if (!subscription) throw badRequest('Abonnemanget finns inte', { subscription_id: 'Abonnemanget finns inte' });
      refuseUnlessCovering(subscription);
      const product = await trx('products').where({ id: subscription.product_id }).first('max_persons');
      const max = Number(product?.max_persons ?? 1);
      const current = await currentPersons(trx, subscription.id);
      if (current.some((p) => p.personnummer === input.personnummer)) alreadyCovered();
      if (!roomForOneMore(current.length, max)) throw conflict(personLimitMessage(max));
      const now = new Date().toISOString();
      const values = { ...input, customer_id: subscription.customer_id, added_on: options.added_on ?? ctx.today };
      const id = await insertCoveredPerson(trx, ctx, subscription.product_id, values, now);
      return coveredPersonToApi(await getCoveredPersonRow(trx, id));
    });
  } catch (err) {
    if (isOneCurrentViolation(err)) alreadyCovered();
    throw err;
  }
}

export type CoveredPersonChanges = Partial<
  Pick<CoveredPersonRow, 'personnummer' | 'first_name' | 'last_name' | 'alarm_phone' | 'alarm_email'>
> & {
  relation?: AddableRelation | 'holder';
};

/** The holder is the customer: their name and personnummer change on the customer, not here. */
const HOLDER_FIXED = ['personnummer', 'first_name', 'last_name', 'relation'] as const;

/**
 * Changes a current person: names, personnummer, relation (never to or from holder) and where their
 * alarms go. Versioned (a stale version is a 409) and audited with the changed fields.
 */
export async function updateCoveredPerson(ctx: Ctx, id: number, version: number, changes: CoveredPersonChanges): Promise<CoveredPerson> {
  try {
    return await ctx.db.transaction(async (trx) => {
      const before = await getCoveredPersonRow(trx, id);
      const subscription = await lockSubscription(trx, before.subscription_id);
      if (before.removed_on !== null) throw conflict(`Personen togs bort ur tjänsten ${before.removed_on} och kan inte ändras`);
      if (subscription) refuseUnlessCovering(subscription);
      const errors: Record<string, string> = {};
      if (before.relation === 'holder') {
        for (const field of HOLDER_FIXED) {
          if (changes[field] !== undefined && changes[field] !== before[field]) {
            errors[field] = field === 'relation' ? 'Innehavaren är alltid innehavare' : 'Innehavarens uppgifter ändras på kunden';
          }
        }
      } else if (changes.relation === 'holder') {
        errors.relation = 'Innehavaren kommer med abonnemanget';
      }
      if (Object.keys(errors).length) throw badRequest('Ogiltiga uppgifter', errors);
      if (before.version === version && changes.personnummer !== undefined && changes.personnummer !== before.personnummer) {
        const others = await currentPersons(trx, before.subscription_id);
        if (others.some((p) => p.id !== id && p.personnummer === changes.personnummer)) alreadyCovered();
      }
      const row = await updateVersioned(trx, ctx, {
        table: 'covered_persons',
        before,
        version,
        changes: changes as Partial<CoveredPersonRow>,
        audit: { customerId: before.customer_id, changes: { ...about(before), ...diff(before, changes) } },
      });
      return coveredPersonToApi(row);
    });
  } catch (err) {
    if (isOneCurrentViolation(err)) alreadyCovered();
    throw err;
  }
}

/**
 * Removes a person from the subscription from today (`removed_on`; the row and its alarms stay). The
 * holder is removed only by ending the subscription. With a `version`, a stale one is a 409.
 */
export async function removeCoveredPerson(ctx: Ctx, id: number, version?: number): Promise<CoveredPerson> {
  return ctx.db.transaction(async (trx) => {
    const before = await getCoveredPersonRow(trx, id);
    if (before.relation === 'holder') {
      throw conflict('Innehavaren kan inte tas bort ur tjänsten. Säg upp abonnemanget i stället.');
    }
    if (before.removed_on !== null) throw conflict(`Personen togs redan bort ur tjänsten ${before.removed_on}`);
    const row = await updateVersioned(trx, ctx, {
      table: 'covered_persons',
      before,
      version: version ?? before.version,
      changes: { removed_on: ctx.today },
      where: { removed_on: null } as Partial<CoveredPersonRow>,
      audit: {
        action: 'remove',
        customerId: before.customer_id,
        changes: { ...about(before), ...diff(before, { removed_on: ctx.today }) },
      },
    });
    return coveredPersonToApi(row);
  });
}
