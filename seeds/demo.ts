import type { Knex } from 'knex';
import { CANCELLATION_REASONS } from '../server/src/domain/cancellationRules';
import { addDays, addMonths, daysInMonth, fromParts, type IsoDate, maxDate, minDate } from '../server/src/domain/calendarDate';
import { cancellationTerms, bindingEndsOn } from '../server/src/domain/cancellationTerms';
import { deadline } from '../server/src/domain/workingDays';
import { makePersonnummer } from '../server/src/domain/personnummer';
import { normalisePhone } from '../server/src/domain/phone';
import type { Ctx } from '../server/src/core/context';
import type { CustomerRow } from '../server/src/db/tables';
import { createCustomer, type CustomerInput } from '../server/src/services/customers';
import { createUser, DEMO_USERS } from '../server/src/services/users';
import { seedPeople } from './people';
import { rng, type Rng } from './random';
import { PAYMENT_DEMO_CUSTOMER, PAYMENT_DEMO_INDEX, registrationInstant, seedMoney, seedPaymentDemoCustomer } from './money';
import { asciiFold, CITIES, EMAIL_DOMAINS, FEMALE_NAMES, LAST_NAMES, MALE_NAMES, NOTE_TEMPLATES, STREETS } from './swedishData';

export const PRODUCTS = [
  { code: 'IDLARM_PRIO', name: 'ID-Larm Prio', monthly_price_ore: 14900, sticker_yearly_fee_ore: 19900 },
  { code: 'KK_IDSKYDD', name: 'Konsumentkollen IDskydd', monthly_price_ore: 9900, sticker_yearly_fee_ore: 14900 },
  { code: 'BOLAGSKOLLEN', name: 'Bolagskollen', monthly_price_ore: 19900, sticker_yearly_fee_ore: 0 },
] as const;

/** Customers every demo, test and the README can rely on. */
export const KNOWN_CUSTOMERS: CustomerInput[] = [
  {
    personnummer: makePersonnummer('1980-01-01', 123),
    first_name: 'Anna',
    last_name: 'Andersson',
    street: 'Storgatan 1',
    postal_code: '252 24',
    city: 'Helsingborg',
    phone: '+46701234567',
    email: 'anna.andersson@example.se',
  },
  {
    personnummer: makePersonnummer('1924-03-15', 456),
    first_name: 'Greta',
    last_name: 'Lindqvist',
    street: 'Parkvägen 12',
    postal_code: '222 20',
    city: 'Lund',
    phone: '+4646123456',
    email: null,
  },
  {
    personnummer: makePersonnummer('1990-07-21', 789, true),
    first_name: 'Ahmed',
    last_name: 'Hassan',
    street: 'Vasagatan 3',
    postal_code: '411 24',
    city: 'Göteborg',
    phone: '+46739876543',
    email: 'ahmed.hassan@example.se',
  },
  PAYMENT_DEMO_CUSTOMER,
];

export interface SeedOptions {
  today: IsoDate;
  demoPassword: string;
  customers?: number;
  seed?: number;
  /** How far back the invoicing run bills the demo's history (default 18 months; tests take less). */
  historyMonths?: number;
}

export async function isEmpty(db: Knex): Promise<boolean> {
  const row = await db('users').count({ count: '*' }).first();
  return Number(row?.count ?? 0) === 0;
}

/** Seeds an empty database with demo users, products and customers. Does nothing on a seeded one. */
export async function seedDemo(db: Knex, options: SeedOptions): Promise<boolean> {
  if (!(await isEmpty(db))) return false;
  const ctxBase = { actor: 'seed', requestId: 'seed' };
  for (const user of DEMO_USERS) {
    await createUser({ db, ...ctxBase }, { ...user, password: options.demoPassword });
  }
  await db.transaction(async (trx) => {
    const ctx: Ctx = { db: trx, actor: 'seed', role: 'admin', requestId: 'seed', today: options.today };
    const productIds: number[] = [];
    for (const p of PRODUCTS) {
      const [{ id }] = await trx('products').insert(p).returning('id');
      productIds.push(Number(id));
    }
    const r = rng(options.seed ?? 20261125);
    const count = options.customers ?? 300;
    const seen = new Set<string>();
    for (let i = 0; i < count; i++) {
      const input = i < KNOWN_CUSTOMERS.length ? KNOWN_CUSTOMERS[i] : randomCustomer(r, i, options.today);
      if (seen.has(input.personnummer)) continue;
      seen.add(input.personnummer);
      if (i % 7 === 0) input.payment_method = 'autogiro';
      // An e-mail invoice needs an e-mail address.
      else if (i % 3 === 0 && input.email) input.payment_method = 'email_invoice';
      if (i % 9 === 4) input.invoice_interval = 'annual';
      const customer = await createCustomer(ctx, input, trx);
      if (i === PAYMENT_DEMO_INDEX) await seedPaymentDemoCustomer(trx, options.today, customer, productIds);
      else await seedCustomerHistory(trx, r, options.today, customer, productIds, i, options.historyMonths);
    }
    await seedPeople(ctx);
  });
  // Invoices through the invoicing run, payments through a booked BgMax file, mandates through their services.
  await seedMoney(db, options.today);
  return true;
}

function randomCustomer(r: Rng, i: number, today: IsoDate): CustomerInput {
  const female = r.chance(0.5);
  const first = r.pick(female ? FEMALE_NAMES : MALE_NAMES);
  const last = r.pick(LAST_NAMES);
  // A few people over 100 (written with +) and a few samordningsnummer.
  const year = i % 50 === 7 ? r.int(1920, 1925) : r.int(1940, 2005);
  const month = r.int(1, 12);
  const birth = fromParts(year, month, r.int(1, daysInMonth(year, month)));
  const pnr = makePersonnummer(birth < today ? birth : '1980-01-01', r.int(1, 499), i % 40 === 11);
  const place = r.pick(CITIES);
  const postal = String(r.int(place.postal[0], place.postal[1]));
  const mobile = r.chance(0.85);
  const raw = mobile
    ? `07${r.pick(['0', '2', '3', '6'])}${String(r.int(0, 9999999)).padStart(7, '0')}`
    : `${place.area}${String(r.int(100000, 999999))}`;
  const phone = normalisePhone(raw);
  return {
    personnummer: pnr,
    first_name: first,
    last_name: last,
    street: `${r.pick(STREETS)} ${r.int(1, 80)}${r.chance(0.2) ? r.pick(['A', 'B', 'C']) : ''}`,
    postal_code: `${postal.slice(0, 3)} ${postal.slice(3)}`,
    city: place.city,
    phone: phone.ok ? phone.value : null,
    email: r.chance(0.85) ? `${asciiFold(first)}.${asciiFold(last)}${i}@${r.pick(EMAIL_DOMAINS)}` : null,
  };
}

type Status = 'active' | 'notice_given' | 'ended' | 'withdrawn';

async function seedCustomerHistory(
  trx: Knex.Transaction,
  r: Rng,
  today: IsoDate,
  customer: Pick<CustomerRow, 'id' | 'customer_number' | 'payment_method' | 'invoice_interval' | 'street'>,
  productIds: number[],
  i: number,
  historyMonths?: number,
) {
  const subscriptions = i % 5 === 0 ? 2 : 1;
  const now = new Date().toISOString();
  for (let s = 0; s < subscriptions; s++) {
    const productIndex = (i + s) % PRODUCTS.length;
    const product = PRODUCTS[productIndex];
    const roll = (i * 7 + s * 3) % 25;
    // Every status, with a few subscriptions still inside the withdrawal period.
    let status: Status = 'active';
    if (roll === 0 || roll === 13) status = 'notice_given';
    else if (roll === 5) status = 'ended';
    else if (roll === 9) status = 'withdrawn';
    const recent = roll === 17 || status === 'withdrawn';
    const signed_on = recent
      ? addDays(today, -r.int(status === 'withdrawn' ? 40 : 1, status === 'withdrawn' ? 200 : 12))
      : addDays(today, -r.int(60, 1400));
    const binding_months = r.pick([0, 12, 12, 24]);
    const with_stickers = product.sticker_yearly_fee_ore > 0 && r.chance(0.4);
    const binding_ends_on = bindingEndsOn(signed_on, binding_months);
    let ends_on: IsoDate | null = null;
    let cancellation: Record<string, unknown> | null = null;
    const reason = r.pick(CANCELLATION_REASONS);
    if (status === 'withdrawn') {
      const requested_on = addDays(signed_on, r.int(1, 13));
      const terms = cancellationTerms({ signed_on, binding_months }, requested_on, 0);
      ends_on = terms.ends_on;
      cancellation = { ...terms, status: 'completed', completed_on: requested_on };
    } else if (status === 'ended') {
      const requested_on = addMonths(maxDate(binding_ends_on, addDays(signed_on, 30)), -r.int(1, 2));
      const terms = cancellationTerms({ signed_on, binding_months }, maxDate(requested_on, addDays(signed_on, 20)), 0);
      if (terms.ends_on < today) {
        ends_on = terms.ends_on;
        cancellation = {
          ...terms,
          status: 'completed',
          form_sent_on: addDays(terms.requested_on, 1),
          form_received_on: addDays(terms.requested_on, 9),
          completed_on: terms.ends_on,
        };
      } else status = 'active';
    } else if (status === 'notice_given') {
      const requested_on = maxDate(addDays(today, -r.int(0, 28)), addDays(signed_on, 20));
      const terms = cancellationTerms({ signed_on, binding_months }, requested_on, 0);
      ends_on = terms.ends_on;
      const st = r.pick(['registered', 'form_sent', 'form_sent', 'confirmed'] as const);
      cancellation = {
        ...terms,
        status: st,
        form_sent_on: st === 'registered' ? null : minDate(addDays(requested_on, 1), today),
        form_received_on: st === 'confirmed' ? today : null,
      };
    }
    // Entered when signed, but at most HISTORY_MONTHS ago: the invoicing run bills from there (seeds/money.ts).
    const registered = registrationInstant(signed_on, today, historyMonths);
    const [{ id }] = await trx('subscriptions')
      .insert({
        customer_id: customer.id,
        product_id: productIds[productIndex],
        signed_on,
        binding_months,
        binding_ends_on,
        with_stickers,
        sticker_fee_removed_on: with_stickers && r.chance(0.15) ? addDays(signed_on, 380) : null,
        status,
        ends_on,
        version: 1,
        created_at: registered,
        updated_at: registered,
      })
      .returning('id');
    const subscriptionId = Number(id);
    if (cancellation) {
      const { withdrawal_deadline: _w, binding_ends_on: _b, ...stored } = cancellation as Record<string, unknown>;
      await trx('cancellations').insert({
        ...stored,
        subscription_id: subscriptionId,
        customer_id: customer.id,
        channel: r.pick(['phone', 'phone', 'email', 'letter']),
        reason,
        created_by: 'agent',
        version: 1,
        created_at: now,
        updated_at: now,
      });
    } else if (roll === 21) {
      // A notice the customer took back.
      const requested_on = addDays(today, -r.int(30, 90));
      const terms = cancellationTerms({ signed_on, binding_months }, maxDate(requested_on, addDays(signed_on, 20)), 0);
      const { withdrawal_deadline: _w, binding_ends_on: _b, ...stored } = terms;
      await trx('cancellations').insert({
        ...stored,
        subscription_id: subscriptionId,
        customer_id: customer.id,
        channel: 'phone',
        reason,
        status: 'revoked',
        revoked_on: addDays(terms.requested_on, 5),
        revoke_reason: 'Kunden ångrade sig och vill behålla tjänsten',
        created_by: 'agent',
        version: 1,
        created_at: now,
        updated_at: now,
      });
    }
  }
  for (let n = 0; n < i % 4; n++) {
    await trx('notes').insert({
      customer_id: customer.id,
      body: r.pick(NOTE_TEMPLATES),
      created_by: r.pick(['agent', 'supervisor']),
      created_at: new Date(Date.parse(`${addDays(today, -r.int(1, 300))}T10:00:00Z`) + r.int(0, 6 * 3600_000)).toISOString(),
    });
  }
  if (i % 19 === 3) await seedGdprRequest(trx, r, today, customer, i);
}

async function seedGdprRequest(trx: Knex.Transaction, r: Rng, today: IsoDate, customer: { id: number; street: string }, i: number) {
  const customerId = customer.id;
  const types = ['rectification', 'access', 'erasure', 'restriction', 'objection', 'portability'] as const;
  const type = types[i % types.length];
  const received_on = addDays(today, -r.int(0, 50));
  const due_on = deadline(addMonths(received_on, 1));
  const status = due_on < today ? r.pick(['open', 'completed', 'rejected'] as const) : r.pick(['open', 'open', 'completed'] as const);
  const now = new Date().toISOString();
  await trx('gdpr_requests').insert({
    customer_id: customerId,
    type,
    channel: type === 'access' ? 'letter' : r.pick(['phone', 'email']),
    received_on,
    due_on,
    identity_method: type === 'access' ? 'signed_letter' : 'phone_questions',
    identity_verified: true,
    identity_verified_on: received_on,
    changes: JSON.stringify(
      type === 'rectification' && status === 'open' ? [{ field: 'street', old_value: customer.street, new_value: 'Nya gatan 5' }] : [],
    ),
    status,
    outcome:
      status === 'rejected' ? 'Begäran avslogs: uppgifterna krävs enligt bokföringslagen.' : status === 'completed' ? 'Utfört.' : null,
    completed_on: status === 'open' ? null : minDate(addDays(received_on, r.int(1, 20)), today),
    handled_by: status === 'open' ? null : 'supervisor',
    created_by: 'agent',
    version: 1,
    created_at: now,
    updated_at: now,
  });
}
