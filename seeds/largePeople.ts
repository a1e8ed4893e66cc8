import type { Knex } from 'knex';
import { addDays } from '../server/src/domain/calendarDate';
import { makePersonnummer } from '../server/src/domain/personnummer';
import type { CoveredPersonRow } from '../server/src/db/tables';
import { insertRows } from '../server/src/services/audit';
import { backfillHolders, COVERING_STATUSES } from '../server/src/services/coveredPersons';
import { ensureFamilyProducts } from './people';

/**
 * The people of the bulk set (npm run seed:large): a holder for every subscription, and on every family
 * subscription a partner with an alarm phone of their own and a child routed to the holder. Idempotent
 * (adds only what is missing), in ranges of subscription ids, with progress.
 */
const RANGE = 50_000;
const DAYS_OF_BIRTHS = 80 * 365;

/**
 * A unique, valid personnummer for the n-th bulk covered person. Serials 600–799: the bulk customers use
 * 500 + (their id / 29,200) and the demo 1–499, so nobody is both a customer and someone else's partner.
 */
export function bulkCoveredPersonnummer(n: number): string {
  return makePersonnummer(addDays('1925-01-01', n % DAYS_OF_BIRTHS), 600 + Math.floor(n / DAYS_OF_BIRTHS));
}

/** 079 + the customer id: unique mobile numbers that no bulk customer has (they have 070/072/073/076). */
export function bulkPartnerPhone(customerId: number): string {
  return `+4679${String(customerId).padStart(7, '0')}`;
}

export async function seedLargePeople(db: Knex, options: { progress: (line: string) => void }): Promise<void> {
  const log = options.progress;
  await ensureFamilyProducts(db);
  const maxSub = Number((await db('subscriptions').max({ max: 'id' }).first())?.max ?? 0);
  const started = Date.now();
  for (let from = 1; from <= maxSub; from += RANGE) {
    await backfillHolders(db, { from, to: from + RANGE - 1 });
    if ((from - 1) % (RANGE * 4) === 0)
      log(`covered persons: holders up to subscription ${Math.min(from + RANGE - 1, maxSub).toLocaleString('sv-SE')}`);
  }
  const families = (await db('products').where('max_persons', '>', 1).select('id')).map((p) => p.id);
  let added = 0;
  const now = new Date().toISOString();
  for (let from = 1; from <= maxSub; from += RANGE) {
    const subs = await db('subscriptions')
      .whereBetween('id', [from, from + RANGE - 1])
      .whereIn('product_id', families)
      .whereIn('status', COVERING_STATUSES)
      .whereNotExists(db('covered_persons').whereRaw('covered_persons.subscription_id = subscriptions.id').whereNot('relation', 'holder'))
      .select('id', 'customer_id', 'signed_on');
    const rows: Array<Omit<CoveredPersonRow, 'id'>> = [];
    for (const s of subs) {
      const base = {
        subscription_id: s.id,
        customer_id: s.customer_id,
        added_on: s.signed_on,
        removed_on: null,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      rows.push({
        ...base,
        personnummer: bulkCoveredPersonnummer(s.customer_id * 2),
        first_name: 'Partner',
        last_name: `Bulk${s.customer_id}`,
        relation: 'partner',
        alarm_phone: bulkPartnerPhone(s.customer_id),
        alarm_email: null,
      });
      rows.push({
        ...base,
        personnummer: bulkCoveredPersonnummer(s.customer_id * 2 + 1),
        first_name: 'Barn',
        last_name: `Bulk${s.customer_id}`,
        relation: 'child',
        alarm_phone: null,
        alarm_email: null,
      });
    }
    // Multi-row INSERT … VALUES statements (no per-row SQL building), one transaction per range.
    if (rows.length > 0) {
      const columns = Object.keys(rows[0]) as Array<keyof (typeof rows)[number]>;
      await db.transaction((trx) =>
        insertRows(
          trx,
          'covered_persons',
          columns,
          rows.map((r) => columns.map((c) => r[c])),
        ),
      );
    }
    added += rows.length;
    if ((from - 1) % (RANGE * 4) === 0 || from + RANGE > maxSub) {
      const rate = Math.round(added / Math.max(1, (Date.now() - started) / 1000));
      log(`covered persons: ${added.toLocaleString('sv-SE')} partners and children added (${rate.toLocaleString('sv-SE')}/s)`);
    }
  }
}
