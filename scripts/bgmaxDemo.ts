import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../server/src/config';
import { migrateLatest, openDb } from '../server/src/db/knex';
import { buildBgmax, encodeLatin1 } from '../server/src/domain/bgmax';
import { seedDemo } from '../seeds/demo';
import { DEMO_BANKGIRO, PAYMENT_DEMO_CUSTOMER, PAYMENT_DEMO_PAID } from '../seeds/money';

/**
 * `npm run seed:bgmax-demo`: writes seeds/bgmax-demo.txt, the sample BgMax file for trying Betalningar after
 * `npm start`. It seeds a throwaway database the way `npm start` does and pays the open invoices of the
 * payment-demo customer (Karin Bergström, 100004), whose invoices are the first the run issues and so are
 * numbered 500001–500005 on every seeded demo database: one in full, one in part, one twice over (the
 * rest goes to the unmatched queue), plus a payment nobody can place. ISO-8859-1, CRLF, as Bankgirot sends it.
 */
const DAY = process.env.TODAY ?? '2026-11-25';
const OUT = path.join(PROJECT_ROOT, 'seeds', 'bgmax-demo.txt');

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bgmax-demo-'));
  const db = openDb({ dbFile: path.join(dir, 'demo.sqlite') });
  try {
    await migrateLatest(db);
    await seedDemo(db, { today: DAY, demoPassword: 'demo' });
    const customer = await db('customers').where({ personnummer: PAYMENT_DEMO_CUSTOMER.personnummer }).first();
    const invoices = await db('invoices').where({ customer_id: customer!.id, kind: 'invoice' }).orderBy('issued_on');
    const open = invoices.slice(PAYMENT_DEMO_PAID);
    if (open.length !== 3 || open.some((i) => i.status !== 'unpaid'))
      throw new Error('The payment-demo customer should have three open invoices');
    const [full, part, twice] = open;
    const text = buildBgmax({
      timestamp: `${DAY}T08:15:00.000000`,
      sections: [
        {
          bankgiro: DEMO_BANKGIRO,
          payment_date: DAY,
          payments: [
            { reference: full.ocr, amount_ore: full.open_ore, payer_name: 'Karin Bergström' },
            { reference: part.ocr, amount_ore: 10000, payer_name: 'Karin Bergström' },
            { reference: twice.ocr, amount_ore: twice.open_ore + 5100, payer_name: 'Karin Bergström' },
            { reference: 'Faktura december', reference_code: '3', amount_ore: 9900, payer_name: 'Örjan Åkesson' },
          ],
        },
      ],
    });
    fs.writeFileSync(OUT, encodeLatin1(text));
    console.log(
      `Wrote ${path.relative(PROJECT_ROOT, OUT)}: pays invoices ${full.invoice_number} (in full), ${part.invoice_number} (in part), ${twice.invoice_number} (51 kr too much) and one payment without a usable reference.`,
    );
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
