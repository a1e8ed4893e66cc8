import type { Knex } from 'knex';
import { CANCELLATION_REASONS } from '../server/src/domain/cancellationRules';
import { addDays, addMonths, firstOfMonth, type IsoDate } from '../server/src/domain/calendarDate';
import { bindingEndsOn, cancellationTerms } from '../server/src/domain/cancellationTerms';
import { makePersonnummer } from '../server/src/domain/personnummer';
import { makeOcr } from '../server/src/domain/ocr';
import { vatPart } from '../server/src/domain/money';
import { isPostgres } from '../server/src/db/knex';
import type { ProductRow } from '../server/src/db/tables';
import type { SubscriptionStatus } from '../server/src/domain/values';
import { searchKey, CUSTOMER_NUMBER_BASE } from '../server/src/services/customers';
import { invoiceNumberFor } from '../server/src/services/billing';
import { backfillHolders, COVERING_STATUSES } from '../server/src/services/coveredPersons';
import {
  bulkInsert,
  type BulkSession,
  JsonRows,
  createMissingIndexes,
  dropIndexesForLoad,
  migratedIndexes,
  onBulkConnection,
} from './bulkLoad';
import { bulkBirthDate, FAMILY_COLUMNS, familyConstants, familyProductIds, familyRows, seedLargePeople } from './largePeople';
import { SeededRandom } from './random';
import { asciiFold, CITIES, EMAIL_DOMAINS, FEMALE_NAMES, LAST_NAMES, MALE_NAMES, STREETS } from './swedishData';

/**
 * Bulk data for benchmarks: customers up to `target` (each with one subscription and its latest
 * invoice), cancellations up to `cancellations`, and the covered persons (seeds/largePeople.ts).
 * Idempotent: it adds only what is missing, so it can be re-run or raised. Rows are written in bulk (not
 * through the services, which audit each write: a million audit events would measure the seed, not the app).
 *
 * Each invoice is the one the invoicing run would issue on the first of the seed's month (the month's
 * service fee, numbered after its row id with an OCR reference, the customer's payment method), so the
 * run finds nothing due for these customers until the next first, and a BgMax file of the bench can pay
 * them by OCR.
 *
 * Cancellations go to the oldest active subscriptions without one. Those already in the database are
 * done first, as before; new subscriptions get theirs in the same pass that writes them, already in the
 * status their cancellation gives them — the same rows the separate pass wrote.
 */
export interface LargeSeedOptions {
  target: number;
  cancellations: number;
  today: IsoDate;
  progress?: (line: string) => void;
  /**
   * SQLite: the secondary indexes of the bulk tables are dropped for the load and built after it only while
   * the customers table holds at most this many rows (building an index over the rows already there is
   * then cheap); above it they are kept up row by row. Default 10,000 (the demo has a few hundred).
   */
  rebuildIndexesUpTo?: number;
  /** Customers per transaction, and family subscriptions per transaction (tests take small ones to load several). */
  batchSize?: number;
}

/** Customers per transaction (with their subscription, invoice, line, cancellation and holder). */
const BATCH = 10_000;
/**
 * Cancellations were written 5,000 a transaction, and each row's random draws are seeded with its place in
 * that batch: part of the data's definition, kept so the rows stay the same.
 */
const CANCELLATION_BATCH = 5_000;
const PROGRESS_EVERY = 100_000;

/** Lets the event loop run: a statement that has finished is followed by the next one meanwhile. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

async function count(db: Knex, table: string): Promise<number> {
  const row = await db(table).count({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

async function maxId(db: Knex | Knex.Transaction, table: string): Promise<number> {
  const row = await db(table).max({ max: 'id' }).first();
  return Number(row?.max ?? 0);
}

const DAYS_OF_BIRTHS = 80 * 365; // people born over 80 years

/** A unique, valid personnummer for the n-th bulk customer: birth date from n, serial from n's "round". */
function bulkPersonnummer(n: number): string {
  const serial = 500 + Math.floor(n / DAYS_OF_BIRTHS); // the demo seed uses serials 1–499: no collision
  return makePersonnummer(bulkBirthDate(n), serial);
}

/** A function of one string argument, computed once per distinct argument (names repeat a million times). */
function memo(fn: (s: string) => string): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    let v = seen.get(s);
    if (v === undefined) seen.set(s, (v = fn(s)));
    return v;
  };
}

interface CandidateSubscription {
  id: number;
  customer_id: number;
  signed_on: IsoDate;
  binding_months: number;
}

const CANCELLATION_COLUMNS = [
  'subscription_id',
  'customer_id',
  'kind',
  'requested_on',
  'channel',
  'reason',
  'ends_on',
  'status',
  'form_sent_on',
  'form_received_on',
  'completed_on',
  'revoked_on',
  'revoke_reason',
  'created_by',
];
/** A cancellation still running is drawn from these (form_sent twice as often). */
const OPEN_STATUSES = ['registered', 'form_sent', 'form_sent', 'confirmed'] as const;

interface CancelledSubscription {
  status: SubscriptionStatus;
  ends_on: IsoDate;
}

/**
 * The cancellation of the `position`-th candidate (counted over all candidates, oldest first) in
 * CANCELLATION_COLUMNS' order, and the status and end its subscription gets from it (null: unchanged).
 * The random draws happen in the order the rows were always built in.
 */
function cancellationOf(
  s: CandidateSubscription,
  position: number,
  today: IsoDate,
  r: SeededRandom,
): { row: unknown[]; subscription: CancelledSubscription | null } {
  r.reseed(s.id * 31 + (position % CANCELLATION_BATCH));
  const requested = addDays(today, -r.int(0, 400));
  const requested_on = requested > s.signed_on ? requested : addDays(s.signed_on, 20);
  const terms = cancellationTerms(s, requested_on, 0);
  const status = terms.ends_on < today ? (r.chance(0.9) ? 'completed' : 'revoked') : r.pick(OPEN_STATUSES);
  const channel = r.pick(['phone', 'phone', 'email', 'letter'] as const);
  const reason = r.pick(CANCELLATION_REASONS);
  const form_received_on = status === 'confirmed' || status === 'completed' ? addDays(terms.requested_on, r.int(3, 20)) : null;
  const row = [
    s.id,
    s.customer_id,
    terms.kind,
    terms.requested_on,
    channel,
    reason,
    terms.ends_on,
    status,
    status === 'registered' ? null : addDays(terms.requested_on, 1),
    form_received_on,
    status === 'completed' ? terms.ends_on : null,
    status === 'revoked' ? addDays(terms.requested_on, 3) : null,
    status === 'revoked' ? 'Kunden ångrade sig' : null,
    r.pick(['agent', 'supervisor']),
  ];
  // Ended or withdrawn when completed, notice given while open, untouched when revoked.
  let subscription: CancelledSubscription | null = null;
  if (status === 'completed') subscription = { status: terms.kind === 'withdrawal' ? 'withdrawn' : 'ended', ends_on: terms.ends_on };
  else if (status !== 'revoked') subscription = { status: 'notice_given', ends_on: terms.ends_on };
  return { row, subscription };
}

function cancellationConstants(now: string): Record<string, Knex.Value> {
  return { refund_ore: 0, version: 1, created_at: now, updated_at: now };
}

/** Cancellations for subscriptions already in the database (before the new ones, oldest first). */
async function cancelExisting(db: Knex, candidates: CandidateSubscription[], today: IsoDate, now: string, log: (line: string) => void) {
  const r = new SeededRandom();
  for (let i = 0; i < candidates.length; i += CANCELLATION_BATCH) {
    const chunk = candidates.slice(i, i + CANCELLATION_BATCH);
    await db.transaction(async (trx) => {
      const rows = chunk.map((s, j) => cancellationOf(s, i + j, today, r).row);
      const before = await maxId(trx, 'cancellations');
      await bulkInsert(trx, 'cancellations', CANCELLATION_COLUMNS, rows, cancellationConstants(now));
      // The subscriptions follow their new cancellations in one statement (not one UPDATE a row).
      await trx.raw(
        `UPDATE subscriptions SET
           status = CASE WHEN c.status = 'completed' THEN (CASE WHEN c.kind = 'withdrawal' THEN 'withdrawn' ELSE 'ended' END) ELSE 'notice_given' END,
           ends_on = c.ends_on
         FROM cancellations c
         WHERE c.subscription_id = subscriptions.id AND c.id > ? AND c.status IN ('completed', 'registered', 'form_sent', 'confirmed')`,
        [before],
      );
    });
    log(`cancellations: ${(i + chunk.length).toLocaleString('sv-SE')} on subscriptions already there`);
  }
}

const CUSTOMER_COLUMNS = [
  'id',
  'customer_number',
  'personnummer',
  'first_name',
  'last_name',
  'first_name_lc',
  'last_name_lc',
  'street',
  'postal_code',
  'city',
  'phone',
  'email',
  'invoice_interval',
  'payment_method',
];
const SUBSCRIPTION_COLUMNS = [
  'id',
  'customer_id',
  'product_id',
  'signed_on',
  'binding_months',
  'binding_ends_on',
  'with_stickers',
  'status',
  'ends_on',
];
const INVOICE_COLUMNS = ['id', 'customer_id', 'invoice_number', 'ocr', 'total_ore', 'vat_ore', 'open_ore', 'payment_method'];
const BINDING_MONTHS = [0, 12, 24];

interface Batch {
  customers: JsonRows;
  subscriptions: JsonRows;
  invoices: JsonRows;
  cancellations: JsonRows;
  /** Family subscriptions that still cover people: their partner and child come after all holders. */
  families: Array<{ id: number; customer_id: number; signed_on: IsoDate }>;
  firstSubscription: number;
  lastSubscription: number;
  firstInvoice: number;
  lastInvoice: number;
}

/**
 * Builds the rows of the new customers, one batch at a time, exactly as they were always built (the
 * same draws in the same order from a generator seeded with the customer's id); the values that many
 * rows share (dates, the names' search keys and folded spellings) are computed once.
 */
class BulkRows {
  private readonly r = new SeededRandom();
  private readonly c = new SeededRandom();
  private readonly issued: IsoDate;
  private readonly periodEnd: IsoDate;
  private readonly signedOn: IsoDate[] = [];
  private readonly bindingEnds: IsoDate[] = [];
  private readonly fold = memo(asciiFold);
  private readonly key = memo(searchKey);
  private readonly families: Set<number>;
  /** Cancellations built so far (for the progress lines). */
  cancellationsAdded = 0;

  constructor(
    private readonly products: ProductRow[],
    familyIds: number[],
    private readonly today: IsoDate,
    /** Candidates before the new subscriptions, and how many new ones still get a cancellation. */
    private position: number,
    private cancellationsLeft: number,
  ) {
    this.issued = firstOfMonth(today);
    this.periodEnd = addDays(addMonths(this.issued, 1), -1);
    this.families = new Set(familyIds);
  }

  /** Constant columns of the invoices (the same invoicing day for all). */
  invoiceConstants(now: string): Record<string, Knex.Value> {
    return {
      kind: 'invoice',
      issued_on: this.issued,
      due_on: addDays(this.issued, 30),
      period_start: this.issued,
      period_end: this.periodEnd,
      status: 'unpaid',
      paid_ore: 0,
      credited_ore: 0,
      created_at: now,
    };
  }

  /**
   * Each invoice's one line, its service fee for the month (the amounts are the invoice's), written from
   * the invoices just inserted: nothing to hand over row by row. Invoices and subscriptions of a batch are
   * numbered in step, so an invoice's subscription is found by its id.
   */
  async insertServiceLines(trx: Knex.Transaction, b: Batch): Promise<void> {
    await trx.raw(
      `INSERT INTO invoice_lines (invoice_id, subscription_id, kind, description, period_start, period_end, amount_ore, vat_ore)
       SELECT i.id, s.id, 'service', p.name || ?, ?, ?, i.total_ore, i.vat_ore
       FROM invoices i JOIN subscriptions s ON s.id = i.id + ? JOIN products p ON p.id = s.product_id
       WHERE i.id BETWEEN ? AND ?
       ORDER BY i.id`,
      [
        ` ${this.issued} – ${this.periodEnd}`,
        this.issued,
        this.periodEnd,
        b.firstSubscription - b.firstInvoice,
        b.firstInvoice,
        b.lastInvoice,
      ],
    );
  }

  private signed(daysAgo: number): IsoDate {
    return (this.signedOn[daysAgo] ??= addDays(this.today, -daysAgo));
  }

  private bindingEnd(daysAgo: number, months: number): IsoDate {
    return (this.bindingEnds[daysAgo * 3 + months / 12] ??= bindingEndsOn(this.signed(daysAgo), months));
  }

  /** Breathes every 250 customers, so the previous batch's statements go on meanwhile. */
  async build(firstId: number, firstSub: number, firstInvoice: number, size: number): Promise<Batch> {
    const r = this.r;
    const b: Batch = {
      customers: new JsonRows(),
      subscriptions: new JsonRows(),
      invoices: new JsonRows(),
      cancellations: new JsonRows(),
      families: [],
      firstSubscription: firstSub,
      lastSubscription: firstSub + size - 1,
      firstInvoice,
      lastInvoice: firstInvoice + size - 1,
    };
    for (let k = 0; k < size; k++) {
      if (k % 250 === 249) await breathe();
      const id = firstId + k;
      r.reseed(id * 7919);
      const female = r.chance(0.5);
      const first = r.pick(female ? FEMALE_NAMES : MALE_NAMES);
      const last = r.pick(LAST_NAMES);
      const place = r.pick(CITIES);
      const postal = String(r.int(place.postal[0], place.postal[1]));
      const street = `${r.pick(STREETS)} ${r.int(1, 80)}`;
      // 07X + the id: unique and valid Swedish mobile numbers.
      const phone = `+467${r.pick(['0', '2', '3', '6'])}${String(id).padStart(7, '0')}`;
      const email = `${this.fold(first)}.${this.fold(last)}.${id}@${r.pick(EMAIL_DOMAINS)}`;
      const interval = r.chance(0.1) ? 'annual' : 'monthly';
      const paymentMethod = r.pick(['paper_invoice', 'email_invoice', 'autogiro', 'autogiro'] as const);
      b.customers.push([
        id,
        String(CUSTOMER_NUMBER_BASE + id),
        bulkPersonnummer(id),
        first,
        last,
        this.key(first),
        this.key(last),
        street,
        `${postal.slice(0, 3)} ${postal.slice(3)}`,
        place.city,
        phone,
        email,
        interval,
        paymentMethod,
      ]);

      const product = this.products[id % this.products.length];
      const daysAgo = r.int(30, 1500);
      const signed_on = this.signed(daysAgo);
      const binding_months = r.pick(BINDING_MONTHS);
      const withStickers = product.sticker_yearly_fee_ore > 0 && r.chance(0.3);
      const sub = { id: firstSub + k, customer_id: id, signed_on, binding_months };
      let status: SubscriptionStatus = 'active';
      let endsOn: IsoDate | null = null;
      if (this.cancellationsLeft > 0) {
        const cancellation = cancellationOf(sub, this.position, this.today, this.c);
        b.cancellations.push(cancellation.row);
        if (cancellation.subscription) ({ status, ends_on: endsOn } = cancellation.subscription);
        this.position += 1;
        this.cancellationsLeft -= 1;
        this.cancellationsAdded += 1;
      }
      b.subscriptions.push([
        sub.id,
        id,
        product.id,
        signed_on,
        binding_months,
        this.bindingEnd(daysAgo, binding_months),
        withStickers,
        status,
        endsOn,
      ]);
      if (this.families.has(product.id) && COVERING_STATUSES.includes(status)) b.families.push(sub);

      // Numbered after the row id, as every issued invoice is.
      const invoiceId = firstInvoice + k;
      const invoiceNumber = invoiceNumberFor(invoiceId);
      const amount = product.monthly_price_ore;
      b.invoices.push([invoiceId, id, invoiceNumber, makeOcr(invoiceNumber), amount, vatPart(amount), amount, paymentMethod]);
    }
    return b;
  }
}

/**
 * Writes `count` batches, building batch i + 1 while batch i is written: SQLite works off the JavaScript
 * thread, so building (which breathes every few hundred rows) and writing overlap.
 */
async function pipelined<B>(count: number, build: (i: number) => Promise<B>, write: (batch: B, i: number) => Promise<void>): Promise<void> {
  let next = count > 0 ? build(0) : null;
  for (let i = 0; next; i++) {
    const batch = await next;
    const writing = write(batch, i);
    next = i + 1 < count ? build(i + 1) : null;
    await Promise.all([writing, next]);
  }
}

/**
 * The new customers with their subscription, invoice and line, the cancellations still missing and the
 * subscriptions' holders, BATCH customers a transaction; answers the family subscriptions that still cover
 * people (their partner and child come after all holders, as they always did).
 */
async function loadCustomers(
  bulk: BulkSession,
  rows: BulkRows,
  existing: number,
  target: number,
  batch: number,
  now: string,
  log: (line: string) => void,
) {
  const first = await bulk.transaction(async (trx) => ({
    customer: (await maxId(trx, 'customers')) + 1,
    subscription: (await maxId(trx, 'subscriptions')) + 1,
    invoice: (await maxId(trx, 'invoices')) + 1,
  }));
  const rowConstants = { version: 1, created_at: now, updated_at: now };
  const invoiceConstants = rows.invoiceConstants(now);
  const total = target - existing;
  const families: Batch['families'] = [];
  const started = Date.now();
  await pipelined(
    Math.ceil(total / batch),
    (i) =>
      rows.build(first.customer + i * batch, first.subscription + i * batch, first.invoice + i * batch, Math.min(batch, total - i * batch)),
    async (b, i) => {
      await bulk.transaction(async (trx) => {
        await bulkInsert(trx, 'customers', CUSTOMER_COLUMNS, b.customers, rowConstants);
        await bulkInsert(trx, 'subscriptions', SUBSCRIPTION_COLUMNS, b.subscriptions, rowConstants);
        await bulkInsert(trx, 'invoices', INVOICE_COLUMNS, b.invoices, invoiceConstants);
        await rows.insertServiceLines(trx, b);
        await bulkInsert(trx, 'cancellations', CANCELLATION_COLUMNS, b.cancellations, cancellationConstants(now));
        await backfillHolders(trx, { from: b.firstSubscription, to: b.lastSubscription });
      });
      for (const f of b.families) families.push(f);
      const done = i * batch + b.customers.length;
      if (done % PROGRESS_EVERY < batch || done === total) {
        const rate = Math.round(done / ((Date.now() - started) / 1000));
        const of = `${(existing + done).toLocaleString('sv-SE')} / ${target.toLocaleString('sv-SE')}`;
        log(
          `customers: ${of} (${rate.toLocaleString('sv-SE')}/s), ${rows.cancellationsAdded.toLocaleString('sv-SE')} cancellations with them`,
        );
      }
    },
  );
  return families;
}

/** Subscriptions per transaction for the partners and children. */
const FAMILY_BATCH = 25_000;

/** Partners and children of the new family subscriptions, after all holders. */
async function loadFamilies(bulk: BulkSession, families: Batch['families'], batch: number, now: string, log: (line: string) => void) {
  const constants = familyConstants(now);
  const started = Date.now();
  await pipelined(
    Math.ceil(families.length / batch),
    async (i) => {
      const rows = new JsonRows();
      const end = Math.min((i + 1) * batch, families.length);
      for (let k = i * batch; k < end; k++) {
        if (k % 500 === 499) await breathe();
        for (const row of familyRows(families[k])) rows.push(row);
      }
      return rows;
    },
    async (rows, i) => {
      await bulk.transaction((trx) => bulkInsert(trx, 'covered_persons', FAMILY_COLUMNS, rows, constants));
      const done = Math.min((i + 1) * batch, families.length);
      if (done % (batch * 4) === 0 || done === families.length) {
        const rate = Math.round((2 * done) / Math.max(0.001, (Date.now() - started) / 1000));
        log(`covered persons: ${(2 * done).toLocaleString('sv-SE')} partners and children added (${rate.toLocaleString('sv-SE')}/s)`);
      }
    },
  );
}

export async function seedLarge(db: Knex, options: LargeSeedOptions): Promise<void> {
  const log = options.progress ?? (() => undefined);
  const started = Date.now();
  const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const products: ProductRow[] = await db('products').orderBy('id');
  if (products.length === 0) throw new Error('Seed the demo data first (npm run seed), then the large set.');
  const sqlite = !isPostgres(db);
  const indexes = sqlite ? await migratedIndexes() : [];
  if (sqlite) {
    // A load that stopped before building its indexes again left them missing: build them first.
    const healed = await db.transaction((trx) => createMissingIndexes(trx, indexes));
    if (healed.length > 0) log(`indexes: ${healed.length} missing ones built again (${healed.join(', ')})`);
  }
  const existing = await count(db, 'customers');
  const existingCancellations = await count(db, 'cancellations');
  log(`customers: ${existing.toLocaleString('sv-SE')} present, target ${options.target.toLocaleString('sv-SE')}`);
  log(`cancellations: ${existingCancellations.toLocaleString('sv-SE')} present, target ${options.cancellations.toLocaleString('sv-SE')}`);
  const now = new Date().toISOString();

  // What the subscriptions already there lack: their cancellations (oldest first), then their people.
  const missingCancellations = Math.max(0, options.cancellations - existingCancellations);
  const candidates: CandidateSubscription[] =
    missingCancellations === 0
      ? []
      : await db('subscriptions')
          .whereNotExists(db('cancellations').whereRaw('cancellations.subscription_id = subscriptions.id'))
          .where('status', 'active')
          .orderBy('id')
          .limit(missingCancellations)
          .select('id', 'customer_id', 'signed_on', 'binding_months');
  await cancelExisting(db, candidates, options.today, now, log);
  await seedLargePeople(db, { progress: log });
  const families = await familyProductIds(db);

  if (existing < options.target) {
    const rows = new BulkRows(products, families, options.today, candidates.length, missingCancellations - candidates.length);
    await onBulkConnection(db, async (bulk) => {
      if (sqlite && !bulk.journalSwitched) log('SQLite stays in WAL mode for the load (another connection has the file open): slower');
      const rebuild = sqlite && existing <= (options.rebuildIndexesUpTo ?? 10_000);
      const dropped = rebuild ? await bulk.transaction((trx) => dropIndexesForLoad(trx, indexes)) : [];
      if (dropped.length > 0) log(`indexes: ${dropped.length} dropped for the load, built again after it`);
      const buildIndexes = async () => {
        if (dropped.length === 0) return;
        const built = await bulk.transaction((trx) => createMissingIndexes(trx, indexes));
        if (built.length > 0) log(`indexes: ${built.length} built (${seconds()})`);
      };
      try {
        const batch = options.batchSize ?? BATCH;
        const familySubscriptions = await loadCustomers(bulk, rows, existing, options.target, batch, now, log);
        log(`customers: written (${seconds()})`);
        await loadFamilies(bulk, familySubscriptions, options.batchSize ?? FAMILY_BATCH, now, log);
        log(`covered persons: written (${seconds()})`);
      } catch (err) {
        // The batches written so far stay (a re-run adds the rest); their indexes are built if possible,
        // else by the next run, which builds whatever is missing first.
        await buildIndexes().catch(() => undefined);
        throw err;
      }
      await buildIndexes();
    });
  }

  if (isPostgres(db)) {
    for (const table of ['customers', 'subscriptions', 'invoices']) {
      await db.raw(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT MAX(id) FROM ${table}))`);
    }
  }
  if (!isPostgres(db)) await db.raw('PRAGMA optimize');
  else await db.raw('ANALYZE');
  log(`done (${seconds()})`);
}
