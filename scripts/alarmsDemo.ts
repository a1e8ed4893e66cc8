import { formatPersonnummer, makePersonnummer } from '../server/src/domain/personnummer';
import type { AlarmIngestAnswer } from '../server/src/domain/apiTypes';
import type { AlarmKind } from '../server/src/domain/values';
import { KNOWN_FAMILIES } from '../seeds/people';

/**
 * `npm run alarms:demo -- [--url http://localhost:3000] [--token …] [--count 5] [--personnummer 800101-1231]`
 *
 * Plays the monitoring service for a demo: posts realistic alarms to a running server's
 * `POST /api/alarms` with `Authorization: Bearer <ALARM_INGEST_TOKEN>` and prints where each was routed.
 * The URL defaults to ALARMS_DEMO_URL or http://localhost:$PORT; the token to ALARM_INGEST_TOKEN. Without
 * --personnummer the alarms concern the demo's known people (the Lindbergs, the Öbergs, Anna Andersson).
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const REPORTS: Array<{ kind: AlarmKind; source: string; counterparty?: string; details?: string }> = [
  { kind: 'credit_inquiry', source: 'UC', counterparty: 'Klarna Bank AB' },
  { kind: 'credit_inquiry', source: 'Creditsafe', counterparty: 'Svea Bank AB' },
  { kind: 'phone_subscription', source: 'UC', counterparty: 'Tele2 Sverige AB', details: 'Kreditupplysning inför mobilabonnemang' },
  { kind: 'new_credit', source: 'UC', counterparty: 'Resurs Bank AB', details: 'Ny kontokredit, kreditgräns 20 000 kr' },
  { kind: 'address_change', source: 'Skatteverket', details: 'Flyttanmälan registrerad' },
  { kind: 'id_document', source: 'Polisen', details: 'ID-kort anmält förlorat' },
  { kind: 'company_change', source: 'Bolagsverket', counterparty: 'Nordic Handel AB', details: 'Ändrad firmatecknare' },
  { kind: 'other', source: 'Kronofogden', details: 'Ansökan om betalningsföreläggande inkommen' },
];

function demoPeople(): string[] {
  const people = KNOWN_FAMILIES.flatMap((f) => [f.holder.personnummer, ...f.members.map((m) => m.personnummer)]);
  return [...people, makePersonnummer('1980-01-01', 123)]; // Anna Andersson
}

async function main() {
  const url = (arg('url') ?? process.env.ALARMS_DEMO_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
  const token = arg('token') ?? process.env.ALARM_INGEST_TOKEN;
  if (!token) throw new Error('Give the monitoring token: ALARM_INGEST_TOKEN=… (the server must be started with the same) or --token …');
  const count = Number(arg('count') ?? 5);
  if (!Number.isInteger(count) || count < 1 || count > 500) throw new Error('--count must be a whole number from 1 to 500');
  const only = arg('personnummer');
  const people = only ? [only] : demoPeople();
  for (let i = 0; i < count; i++) {
    const personnummer = people[i % people.length];
    const report = REPORTS[Math.floor(Math.random() * REPORTS.length)];
    // A few minutes ago, to the second: each run is a new event.
    const occurred_at = new Date(Date.now() - Math.floor(Math.random() * 10 * 60_000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const res = await fetch(`${url}/api/alarms`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ personnummer, ...report, occurred_at }),
    });
    const who = /^\d{12}$/.test(personnummer) ? formatPersonnummer(personnummer) : personnummer;
    if (!res.ok) {
      console.log(`${who} ${report.kind}: ${res.status} ${await res.text()}`);
      continue;
    }
    const answer = (await res.json()) as AlarmIngestAnswer;
    for (const alarm of answer.alarms) {
      const sent = alarm.sent_to.map(
        (d) => `${d.channel === 'phone' ? 'SMS' : 'e-post'} ${d.address} (${d.owner === 'own' ? 'egen' : d.owner_name})`,
      );
      console.log(
        `${who} ${report.kind} (${report.source}) → kund ${alarm.customer_id}: ${sent.join(', ') || 'ingen kontakt'}${answer.stored ? '' : ' [redan mottaget]'}`,
      );
    }
  }
}

main().catch((err) => {
  console.error(String(err?.message ?? err));
  process.exit(1);
});
