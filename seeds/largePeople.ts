import type { Knex } from 'knex';
import { addDays } from '../server/src/domain/calendarDate';
import { makePersonnummer } from '../server/src/domain/personnummer';
import { backfillHolders, COVERING_STATUSES } from '../server/src/services/coveredPersons';
import { bulkInsert } from './bulkLoad';
import { ensureFamilyProducts } from './people';

/**
 * The people of the bulk set (npm run seed:large): a holder for every subscription, and on every family
 * subscription a partner with an alarm phone of their own and a child routed to the holder. Idempotent
 * (adds only what is missing), in ranges of subscription ids, with progress. seeds/large.ts writes the
 * same rows for the subscriptions it adds in the same pass (familyRows); seedLargePeople() finds what
 * is missing among the subscriptions already there.
 */
const RANGE = 50_000;
const DAYS_OF_BIRTHS = 80 * 365;

/** Birth dates by day number from 1925-01-01, computed once (a million personnummer share 29,200 dates). */
const birthDates: string[] = [];
export function bulkBirthDate(n: number): string {
  const day = n % DAYS_OF_BIRTHS;
  return (birthDates[day] ??= addDays('1925-01-01', day));
}

/**
 * A unique, valid personnummer for the n-th bulk covered person. Serials 600–799: the bulk customers use
 * 500 + (their id / 29,200) and the demo 1–499, so nobody is both a customer and someone else's partner.
 */
export function bulkCoveredPersonnummer(n: number): string {
  return makePersonnummer(bulkBirthDate(n), 600 + Math.floor(n / DAYS_OF_BIRTHS));
}

/** 079 + the customer id: unique mobile numbers that no bulk customer has (they have 070/072/073/076). */
export function bulkPartnerPhone(customerId: number): string {
  return `+4679${String(customerId).padStart(7, '0')}`;
}

/** The columns of familyRows(); the others are familyConstants(). */
export const FAMILY_COLUMNS = [
  'subscription_id',
  'customer_id',
  'personnummer',
  'first_name',
  'last_name',
  'relation',
  'alarm_phone',
  'added_on',
];

export function familyConstants(now: string): Record<string, Knex.Value> {
  return { alarm_email: null, removed_on: null, version: 1, created_at: now, updated_at: now };
}

/** The partner and the child of a family subscription, covered from its start, in FAMILY_COLUMNS' order. */
export function familyRows(s: { id: number; customer_id: number; signed_on: string }): [unknown[], unknown[]] {
  const last = `Bulk${s.customer_id}`;
  return [
    [
      s.id,
      s.customer_id,
      bulkCoveredPersonnummer(s.customer_id * 2),
      'Partner',
      last,
      'partner',
      bulkPartnerPhone(s.customer_id),
      s.signed_on,
    ],
    [s.id, s.customer_id, bulkCoveredPersonnummer(s.customer_id * 2 + 1), 'Barn', last, 'child', null, s.signed_on],
  ];
}

/** Ids of the family products (more than one person), after making sure they exist. */
export async function familyProductIds(db: Knex): Promise<number[]> {
  await ensureFamilyProducts(db);
  return (await db('products').where('max_persons', '>', 1).select('id')).map((p) => Number(p.id));
}

/** Holders, partners and children missing on the subscriptions there are (a re-run, or a load that stopped half-way). */
export async function seedLargePeople(db: Knex, options: { progress: (line: string) => void }): Promise<void> {
  const log = options.progress;
  const families = await familyProductIds(db);
  const maxSub = Number((await db('subscriptions').max({ max: 'id' }).first())?.max ?? 0);
  const started = Date.now();
  for (let from = 1; from <= maxSub; from += RANGE) {
    await backfillHolders(db, { from, to: from + RANGE - 1 });
    if ((from - 1) % (RANGE * 4) === 0)
      log(`covered persons: holders up to subscription ${Math.min(from + RANGE - 1, maxSub).toLocaleString('sv-SE')}`);
  }
  let added = 0;
  const now = new Date().toISOString();
  for (let from = 1; from <= maxSub; from += RANGE) {
    const subs = await db('subscriptions')
      .whereBetween('id', [from, from + RANGE - 1])
      .whereIn('product_id', families)
      .whereIn('status', COVERING_STATUSES)
      .whereNotExists(db('covered_persons').whereRaw('covered_persons.subscription_id = subscriptions.id').whereNot('relation', 'holder'))
      .orderBy('id')
      .select('id', 'customer_id', 'signed_on');
    const rows = subs.flatMap((s) => familyRows(s));
    // One transaction per range.
    if (rows.length > 0) await db.transaction((trx) => bulkInsert(trx, 'covered_persons', FAMILY_COLUMNS, rows, familyConstants(now)));
    added += rows.length;
    if ((from - 1) % (RANGE * 4) === 0 || from + RANGE > maxSub) {
      const rate = Math.round(added / Math.max(1, (Date.now() - started) / 1000));
      log(`covered persons: ${added.toLocaleString('sv-SE')} partners and children added (${rate.toLocaleString('sv-SE')}/s)`);
    }
  }
}
