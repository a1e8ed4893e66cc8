import type { Knex } from 'knex';
import { addDays, addMonths, firstOfMonth, type IsoDate, maxDate, minDate, stockholmDayStartUtc } from '../server/src/domain/calendarDate';
import { bindingEndsOn } from '../server/src/domain/cancellationTerms';
import { buildBgmax, type BgmaxBuildPayment, encodeLatin1 } from '../server/src/domain/bgmax';
import { makePersonnummer } from '../server/src/domain/personnummer';
import type { Ctx } from '../server/src/core/context';
import type { CustomerRow, InvoiceRow } from '../server/src/db/tables';
import type { CustomerInput } from '../server/src/services/customers';
import { issueDueInvoices, runInvoicing } from '../server/src/services/invoicing';
import { bookPaymentFile } from '../server/src/services/payments';
import { changePaymentMethod, decideMandate } from '../server/src/services/paymentMethods';
import { rng } from './random';

/**
 * The demo data's money, made the way production makes it: invoices issued by the invoicing run (the
 * run is "late" by up to HISTORY_MONTHS and issues every invoice dated on its own first of the month),
 * payments booked from a BgMax file built from those invoices' OCR numbers, mandates requested and
 * decided through their services.
 */
export const HISTORY_MONTHS = 18;

/** Bankgirot number of the company (the recipient in every demo file). */
export const DEMO_BANKGIRO = '56781234';

/** The subscription's `created_at`: entered when signed, but not before `historyMonths` ago (09:00 Stockholm). */
export function registrationInstant(signedOn: IsoDate, today: IsoDate, historyMonths = HISTORY_MONTHS): string {
  const day = minDate(maxDate(signedOn, addMonths(today, -historyMonths)), today);
  return new Date(Date.parse(stockholmDayStartUtc(day)) + 9 * 3_600_000).toISOString();
}

/**
 * Karin Bergström, customer 100004: the customer of the sample payment file (`seeds/bgmax-demo.txt`). One
 * ID-Larm Prio since the first of the month four months ago, monthly e-mail invoices: five invoices of
 * 149 kr, issued before anyone else's, so that they are invoices 500001–500005 whatever day the demo is
 * seeded on. The first two are paid; the sample file pays the rest (one in full, one in part, one twice over).
 */
export const PAYMENT_DEMO_INDEX = 3;
export const PAYMENT_DEMO_CUSTOMER: CustomerInput = {
  personnummer: makePersonnummer('1975-06-14', 246),
  first_name: 'Karin',
  last_name: 'Bergström',
  street: 'Kungsgatan 44',
  postal_code: '111 35',
  city: 'Stockholm',
  phone: '+46702223344',
  email: 'karin.bergstrom@example.se',
};
export const PAYMENT_DEMO_PAID = 2;

export async function seedPaymentDemoCustomer(
  trx: Knex.Transaction,
  today: IsoDate,
  customer: Pick<CustomerRow, 'id'>,
  productIds: number[],
) {
  const signed_on = addMonths(firstOfMonth(today), -4);
  const created_at = registrationInstant(signed_on, today);
  await trx('subscriptions').insert({
    customer_id: customer.id,
    product_id: productIds[0],
    signed_on,
    binding_months: 12,
    binding_ends_on: bindingEndsOn(signed_on, 12),
    with_stickers: false,
    sticker_fee_removed_on: null,
    status: 'active',
    ends_on: null,
    version: 1,
    created_at,
    updated_at: created_at,
  });
  await trx('notes').insert({
    customer_id: customer.id,
    body: 'Kunden frågade om hennes inbetalning har kommit fram.',
    created_by: 'agent',
    created_at: new Date(Date.parse(stockholmDayStartUtc(addDays(today, -2))) + 10 * 3_600_000).toISOString(),
  });
}

const SEED_ACTOR = { actor: 'system', requestId: 'seed:invoicing' };

/** Payments of the demo history: when each invoice was paid, and how. */
function plannedPayments(invoices: InvoiceRow[], today: IsoDate, paymentDemoCustomerId: number) {
  const r = rng(11_2026);
  const payments: Array<BgmaxBuildPayment & { paid_on: IsoDate }> = [];
  const byCustomer = new Map<number, InvoiceRow[]>();
  for (const inv of invoices) byCustomer.set(inv.customer_id, [...(byCustomer.get(inv.customer_id) ?? []), inv]);
  const thisMonth = firstOfMonth(today);
  const yesterday = addDays(today, -1);
  for (const [customerId, own] of byCustomer) {
    own.forEach((inv, index) => {
      const demo = customerId === paymentDemoCustomerId;
      if (demo ? index >= PAYMENT_DEMO_PAID : inv.issued_on >= thisMonth) return; // this month's invoices are still open
      if (!demo && r.chance(0.06)) return; // now and then one is left unpaid: overdue
      const paid_on = minDate(addDays(inv.issued_on, demo ? 12 : r.int(4, 29)), yesterday);
      if (paid_on < inv.issued_on) return;
      const roll = demo ? 1 : r.next();
      // Most pay the OCR number exactly; a few pay short (a reminder will follow) or a little too much.
      const amount = roll < 0.02 ? Math.round(inv.total_ore / 2) : roll < 0.025 ? inv.total_ore + 2000 : inv.total_ore;
      payments.push({ reference: inv.ocr, amount_ore: amount, paid_on });
    });
  }
  // Money nobody can place: free text instead of an OCR number, and a deduction the bank took back.
  payments.push(
    { reference: 'Faktura november', reference_code: '3', amount_ore: 14900, payer_name: 'Åsa Öberg', paid_on: yesterday },
    { reference: 'Betalning avtal', reference_code: '3', amount_ore: 9900, payer_name: 'Göran Ekström', paid_on: addDays(yesterday, -3) },
  );
  return payments;
}

/** A BgMax file of the payments, one deposit per payment day, as Bankgirot writes it (ISO-8859-1). */
export function bgmaxFileOf(payments: Array<BgmaxBuildPayment & { paid_on: IsoDate }>, timestamp: string): Uint8Array {
  const days = [...new Set(payments.map((p) => p.paid_on))].sort();
  const text = buildBgmax({
    timestamp,
    sections: days.map((day) => ({
      bankgiro: DEMO_BANKGIRO,
      payment_date: day,
      payments: payments.filter((p) => p.paid_on === day).map(({ paid_on: _d, ...p }) => p),
    })),
  });
  return encodeLatin1(text);
}

/**
 * After the customers: the run issues their invoices (the payment-demo customer's first, so that their
 * numbers do not depend on the others), a BgMax file pays most of the older ones, and two customers asked
 * for autogiro (one waiting for a supervisor, one rejected).
 */
export async function seedMoney(db: Knex, today: IsoDate): Promise<void> {
  const demoCustomer = await db('customers').where({ personnummer: PAYMENT_DEMO_CUSTOMER.personnummer }).first('id');
  await db.transaction(async (trx) => {
    const options = { actor: SEED_ACTOR, now: (inv: { date: IsoDate }) => `${inv.date}T05:00:00.000Z` };
    if (demoCustomer) await issueDueInvoices(trx, demoCustomer.id, today, options);
    await runInvoicing(trx, today, options);
    // Customers who pay by autogiro have an approved mandate from the day they became customers.
    const autogiro = await trx('customers').where({ payment_method: 'autogiro' }).orderBy('id').select('id', 'created_at');
    const r = rng(20_261_127);
    const mandates = autogiro.map((c) => {
      const at = c.created_at;
      return {
        customer_id: c.id,
        clearing_number: r.pick(['8327-9', '6000', '5000', '3300', '9420']).replace('-', ''),
        account_number: String(r.int(10_000_000, 99_999_999)),
        status: 'approved' as const,
        requested_on: at.slice(0, 10),
        decided_on: at.slice(0, 10),
        decided_by: 'supervisor',
        reason: null,
        created_by: 'agent',
        version: 1,
        created_at: at,
        updated_at: at,
      };
    });
    for (let i = 0; i < mandates.length; i += 500) await trx('autogiro_mandates').insert(mandates.slice(i, i + 500));
  });

  const invoices = await db('invoices').where({ kind: 'invoice' }).orderBy('id');
  const payments = plannedPayments(invoices, today, demoCustomer?.id ?? 0);
  const ctx = (actor: string, role: Ctx['role']): Ctx => ({ db, actor, role, requestId: 'seed', today });
  if (payments.length) {
    await bookPaymentFile(ctx('supervisor', 'supervisor'), bgmaxFileOf(payments, `${addDays(today, -1)}T07:30:00`), 'bgmax-historik.txt');
  }

  // Two customers on paper invoices asked for autogiro: one mandate waits for a supervisor, one was rejected.
  const paper = await db('customers').where({ payment_method: 'paper_invoice' }).where('id', '>', 4).orderBy('id').limit(2).select('id');
  const [waiting, rejected] = paper;
  if (waiting) {
    await changePaymentMethod(
      ctx('agent', 'agent'),
      { customer_id: waiting.id, to_method: 'autogiro', clearing_number: '8327-9', account_number: '914 123 456-7' },
      { dryRun: false },
    );
  }
  if (rejected) {
    const change = await changePaymentMethod(
      ctx('agent', 'agent'),
      { customer_id: rejected.id, to_method: 'autogiro', clearing_number: '6000', account_number: '123456789' },
      { dryRun: false },
    );
    if (!('dry_run' in change) && change.mandate) {
      await decideMandate(ctx('supervisor', 'supervisor'), change.mandate.id, {
        status: 'rejected',
        reason: 'Kontot tillhör inte kunden enligt banken. Kunden behöver skicka in ett nytt medgivande.',
        version: change.mandate.version,
      });
    }
  }
}
