import type { Knex } from 'knex';
import type { Ctx } from '../server/src/core/context';
import { addDays, type IsoDate } from '../server/src/domain/calendarDate';
import { alarmDestinations } from '../server/src/domain/coveredPersons';
import { makePersonnummer } from '../server/src/domain/personnummer';
import { ALARM_KINDS, type AlarmKind } from '../server/src/domain/values';
import type { CoveredPersonRow } from '../server/src/db/tables';
import { registerBlock, updateBlock } from '../server/src/services/blocks';
import { addCoveredPerson, backfillHolders, holderOf, type NewCoveredPerson } from '../server/src/services/coveredPersons';
import { createCustomer, type CustomerInput } from '../server/src/services/customers';
import { createSubscription } from '../server/src/services/subscriptions';
import { rng, type Rng } from './random';

/**
 * Demo data of issue 12: the family services, the people they cover, alarms of every kind over the last
 * months and blocks. Called once from seeds/demo.ts after the customers; everything here is dated
 * relative to today, deterministic, and leaves the other customers' data as it was (its own random
 * stream, new customers appended at the end).
 */

/** The family variants of the demo products (the single services cover one person, their holder). */
export const FAMILY_PRODUCTS = [
  { code: 'IDLARM_PRIO_FAMILJ', name: 'ID-Larm Prio Familj', monthly_price_ore: 24900, sticker_yearly_fee_ore: 19900, max_persons: 4 },
  {
    code: 'KK_IDSKYDD_FAMILJ',
    name: 'Konsumentkollen IDskydd Familj',
    monthly_price_ore: 16900,
    sticker_yearly_fee_ore: 14900,
    max_persons: 4,
  },
] as const;

/** Inserts the family products that are missing (by code); answers every family product's id by code. */
export async function ensureFamilyProducts(db: Knex | Knex.Transaction): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const p of FAMILY_PRODUCTS) {
    const existing = await db('products').where({ code: p.code }).first('id');
    ids[p.code] = existing ? Number(existing.id) : Number((await db('products').insert(p).returning('id'))[0].id);
  }
  return ids;
}

interface FamilyMember extends Omit<NewCoveredPerson, 'subscription_id'> {
  /** Days after the signing day the agent added the person. */
  added_after: number;
}

interface PastAlarm {
  /** First name of the covered person it concerns. */
  person: string;
  days_ago: number;
  /** HH:MM, Stockholm winter time (written as +01:00). */
  time: string;
  kind: AlarmKind;
  source: string;
  counterparty?: string;
  details?: string;
}

interface PastBlock {
  person: string;
  kind: 'credit_block' | 'id_document' | 'other';
  placed_with: string;
  reference: string;
  placed_days_ago: number;
  lifted_days_ago?: number;
  note?: string;
}

interface Family {
  holder: CustomerInput;
  product: (typeof FAMILY_PRODUCTS)[number]['code'];
  signed_days_ago: number;
  members: FamilyMember[];
  alarms: PastAlarm[];
  blocks: PastBlock[];
}

const pnr = (birth: IsoDate, serial: number) => makePersonnummer(birth, serial);

/** The demo's first known customer (seeds/demo.ts KNOWN_CUSTOMERS). */
const ANNA_ANDERSSON = pnr('1980-01-01', 123);

/**
 * Families every demo and test can rely on. Sara Lindberg is the FAQ's "I got an alarm but see nothing on
 * My Pages": her children have no numbers of their own yet, so their alarms go to Sara's phone. The
 * Öbergs fill their service (four people), with alarms of every kind and an open and a lifted block.
 * Serials 800–899 are theirs (the demo's random customers use 1–499, the bulk set 500–799).
 */
export const KNOWN_FAMILIES: Family[] = [
  {
    holder: {
      personnummer: pnr('1984-05-14', 801),
      first_name: 'Sara',
      last_name: 'Lindberg',
      street: 'Drottninggatan 14',
      postal_code: '252 21',
      city: 'Helsingborg',
      phone: '+46702345611',
      email: 'sara.lindberg@example.se',
    },
    product: 'IDLARM_PRIO_FAMILJ',
    signed_days_ago: 75,
    members: [
      { ...person('Elsa', 'Lindberg', '2011-03-08', 802), relation: 'child', alarm_phone: null, alarm_email: null, added_after: 0 },
      { ...person('Noah', 'Lindberg', '2015-09-22', 803), relation: 'child', alarm_phone: null, alarm_email: null, added_after: 0 },
    ],
    alarms: [
      {
        person: 'Elsa',
        days_ago: 2,
        time: '19:42',
        kind: 'phone_subscription',
        source: 'UC',
        counterparty: 'Tele2 Sverige AB',
        details: 'Kreditupplysning inför ansökan om mobilabonnemang',
      },
      { person: 'Sara', days_ago: 31, time: '11:05', kind: 'credit_inquiry', source: 'UC', counterparty: 'Klarna Bank AB' },
      { person: 'Noah', days_ago: 48, time: '09:30', kind: 'id_document', source: 'Polisen', details: 'Ansökan om pass registrerad' },
    ],
    blocks: [],
  },
  {
    holder: {
      personnummer: pnr('1979-11-02', 811),
      first_name: 'Mikael',
      last_name: 'Öberg',
      street: 'Kungsgatan 41',
      postal_code: '753 21',
      city: 'Uppsala',
      phone: '+46733456722',
      email: 'mikael.oberg@example.se',
    },
    product: 'KK_IDSKYDD_FAMILJ',
    signed_days_ago: 420,
    members: [
      {
        ...person('Lina', 'Öberg', '1981-06-30', 812),
        relation: 'partner',
        alarm_phone: '+46704567833',
        alarm_email: 'lina.oberg@example.se',
        added_after: 0,
      },
      { ...person('Alva', 'Öberg', '2009-01-17', 813), relation: 'child', alarm_phone: '+46761234844', alarm_email: null, added_after: 30 },
      {
        ...person('Gunnel', 'Öberg', '1952-08-09', 814),
        relation: 'other',
        alarm_phone: null,
        alarm_email: 'gunnel.oberg@example.se',
        added_after: 200,
      },
    ],
    alarms: [
      { person: 'Mikael', days_ago: 9, time: '08:17', kind: 'credit_inquiry', source: 'UC', counterparty: 'Santander Consumer Bank AS' },
      {
        person: 'Mikael',
        days_ago: 9,
        time: '08:52',
        kind: 'new_credit',
        source: 'UC',
        counterparty: 'Resurs Bank AB',
        details: 'Nytt kontokredit, kreditgräns 25 000 kr',
      },
      {
        person: 'Lina',
        days_ago: 64,
        time: '14:10',
        kind: 'address_change',
        source: 'Skatteverket',
        details: 'Flyttanmälan till ny folkbokföringsadress i Västerås',
      },
      {
        person: 'Mikael',
        days_ago: 97,
        time: '10:00',
        kind: 'company_change',
        source: 'Bolagsverket',
        counterparty: 'Öberg Bygg & Montage AB',
        details: 'Ny styrelseledamot registrerad',
      },
      {
        person: 'Alva',
        days_ago: 120,
        time: '16:45',
        kind: 'phone_subscription',
        source: 'Syna',
        counterparty: 'Telia Sverige AB',
        details: 'Ansökan om mobilabonnemang',
      },
      {
        person: 'Gunnel',
        days_ago: 150,
        time: '13:20',
        kind: 'other',
        source: 'Kronofogden',
        details: 'Ansökan om betalningsföreläggande inkommen',
      },
      { person: 'Lina', days_ago: 205, time: '12:02', kind: 'credit_inquiry', source: 'Creditsafe', counterparty: 'Nordea Bank Abp' },
    ],
    blocks: [
      {
        person: 'Mikael',
        kind: 'credit_block',
        placed_with: 'UC',
        reference: 'UC-SP-2611-48213',
        placed_days_ago: 9,
        note: 'Plånboken stulen, kunden ringde spärrservice på kvällen.',
      },
      {
        person: 'Lina',
        kind: 'credit_block',
        placed_with: 'Creditsafe',
        reference: 'CS-77120',
        placed_days_ago: 205,
        lifted_days_ago: 180,
        note: 'Hävd på kundens begäran inför bolån.',
      },
    ],
  },
];

function person(first_name: string, last_name: string, birth: IsoDate, serial: number) {
  return { first_name, last_name, personnummer: pnr(birth, serial) };
}

const REPORTS: Record<AlarmKind, Array<Pick<PastAlarm, 'source' | 'counterparty' | 'details'>>> = {
  credit_inquiry: [
    { source: 'UC', counterparty: 'Klarna Bank AB' },
    { source: 'Creditsafe', counterparty: 'Svea Bank AB' },
    { source: 'Dun & Bradstreet (Bisnode)', counterparty: 'Ikano Bank AB' },
    { source: 'Syna', counterparty: 'Qliro AB' },
  ],
  address_change: [{ source: 'Skatteverket', details: 'Flyttanmälan registrerad' }],
  new_credit: [
    { source: 'UC', counterparty: 'Resurs Bank AB', details: 'Ny kontokredit' },
    { source: 'UC', counterparty: 'Collector Bank AB', details: 'Nytt privatlån' },
  ],
  id_document: [{ source: 'Polisen', details: 'ID-kort anmält förlorat' }],
  phone_subscription: [{ source: 'UC', counterparty: 'Telenor Sverige AB', details: 'Ansökan om mobilabonnemang' }],
  company_change: [{ source: 'Bolagsverket', counterparty: 'Nordic Handel AB', details: 'Ändrad firmatecknare' }],
  other: [{ source: 'Kronofogden', details: 'Ansökan om betalningsföreläggande inkommen' }],
};

/** `YYYY-MM-DD` and `HH:MM` in Stockholm winter time, as the monitoring service writes an instant, in UTC. */
function instant(date: IsoDate, time: string): string {
  return new Date(`${date}T${time}:00+01:00`).toISOString();
}

/** A past alarm as it was stored on arrival: routed with the contacts the person and the holder have. */
async function insertPastAlarm(
  trx: Knex.Transaction,
  person: CoveredPersonRow,
  holder: CoveredPersonRow | undefined,
  alarm: PastAlarm,
  today: IsoDate,
) {
  const occurred_at = instant(addDays(today, -alarm.days_ago), alarm.time);
  const sentTo = alarmDestinations(person, holder);
  const arrived = new Date(Date.parse(occurred_at) + 40_000).toISOString();
  await trx('alarms')
    .insert({
      customer_id: person.customer_id,
      covered_person_id: person.id,
      occurred_at,
      kind: alarm.kind,
      source: alarm.source,
      counterparty: alarm.counterparty ?? null,
      details: alarm.details ?? null,
      sent_to: JSON.stringify(sentTo),
      sent_at: sentTo.length ? arrived : null,
      created_at: arrived,
    })
    .onConflict(['covered_person_id', 'kind', 'source', 'occurred_at'])
    .ignore();
}

async function seedFamily(ctx: Ctx, family: Family, productIds: Record<string, number>, today: IsoDate) {
  const trx = ctx.db as Knex.Transaction;
  const customer = await createCustomer(ctx, family.holder, trx);
  const signed_on = addDays(today, -family.signed_days_ago);
  const subscription = await createSubscription(ctx, {
    customer_id: customer.id,
    product_id: productIds[family.product],
    signed_on,
    binding_months: 12,
    with_stickers: false,
  });
  // Registered on the day it was signed, as the demo's other customers: the invoicing run bills it from then.
  const registered = instant(signed_on, '10:00');
  await trx('customers').where({ id: customer.id }).update({ created_at: registered, updated_at: registered });
  await trx('subscriptions').where({ id: subscription.id }).update({ created_at: registered, updated_at: registered });
  // The people were added by an agent on calls, after the signing.
  const agent: Ctx = { ...ctx, actor: 'agent' };
  for (const { added_after, ...member } of family.members) {
    await addCoveredPerson(agent, { ...member, subscription_id: subscription.id }, { added_on: addDays(signed_on, added_after) });
  }
  const people: CoveredPersonRow[] = await trx('covered_persons').where({ subscription_id: subscription.id });
  const byName = (first: string) => people.find((p) => p.first_name === first)!;
  const holder = await holderOf(trx, subscription.id);
  for (const alarm of family.alarms) await insertPastAlarm(trx, byName(alarm.person), holder, alarm, today);
  for (const block of family.blocks) {
    const placed = await registerBlock(agent, {
      covered_person_id: byName(block.person).id,
      kind: block.kind,
      placed_with: block.placed_with,
      reference: block.reference,
      placed_at: instant(addDays(today, -block.placed_days_ago), '21:15'),
      note: block.note ?? null,
    });
    if (block.lifted_days_ago !== undefined) {
      await updateBlock(agent, placed.id, placed.version, { lifted_at: instant(addDays(today, -block.lifted_days_ago), '10:30') });
    }
  }
}

/**
 * Alarms over the last six months for some of the demo's other customers (every kind, each customer's
 * own, to their own phone and e-mail), and a few credit inquiries for Anna Andersson ("who took a credit
 * report on me?").
 */
async function seedOtherAlarms(trx: Knex.Transaction, today: IsoDate, r: Rng) {
  const holders: CoveredPersonRow[] = await trx('covered_persons')
    .join('subscriptions', 'subscriptions.id', 'covered_persons.subscription_id')
    .where('covered_persons.relation', 'holder')
    .whereIn('subscriptions.status', ['active', 'notice_given'])
    .orderBy('covered_persons.id')
    .select('covered_persons.*');
  const seen = new Set<number>();
  let k = 0;
  for (const holder of holders) {
    if (seen.has(holder.customer_id)) continue;
    seen.add(holder.customer_id);
    const anna = holder.personnummer === ANNA_ANDERSSON;
    if (!anna && holder.customer_id % 5 !== 2) continue;
    const count = anna ? 3 : r.int(1, 2);
    for (let n = 0; n < count; n++) {
      const kind = anna ? 'credit_inquiry' : ALARM_KINDS[k++ % ALARM_KINDS.length];
      const report = REPORTS[kind][(holder.customer_id + n) % REPORTS[kind].length];
      const time = `${String(r.int(7, 21)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`;
      await insertPastAlarm(trx, holder, holder, { person: holder.first_name, days_ago: r.int(1, 180), time, kind, ...report }, today);
    }
  }
}

/**
 * The holders of the demo's subscriptions, the known families and the alarms (their invoices come from the
 * invoicing run, as everyone else's).
 */
export async function seedPeople(ctx: Ctx): Promise<void> {
  const trx = ctx.db as Knex.Transaction;
  const r = rng(20261127);
  const productIds = await ensureFamilyProducts(trx);
  await backfillHolders(trx);
  await seedOtherAlarms(trx, ctx.today, r);
  for (const family of KNOWN_FAMILIES) await seedFamily(ctx, family, productIds, ctx.today);
}
