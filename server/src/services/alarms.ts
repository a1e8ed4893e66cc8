import { z } from 'zod';
import { HttpError } from '../core/errors';
import type { Ctx } from '../core/context';
import { idParam } from '../core/schemas';
import type { Alarm, AlarmIngestAnswer } from '../domain/apiTypes';
import { alarmDestinations } from '../domain/coveredPersons';
import { ALARM_KINDS, type AlarmKind } from '../domain/values';
import type { AlarmRow, CoveredPersonRow } from '../db/tables';
import { createdWithValues, writeAudit } from './audit';
import { COVERING_STATUSES, holderOf } from './coveredPersons';
import { eq, gte, lte, type ResourceDescription } from './listing';

export function alarmToApi(row: AlarmRow): Alarm {
  return { ...row, sent_to: JSON.parse(row.sent_to) as Alarm['sent_to'] };
}

const instant = z.string().max(30);

export const alarmsListing: ResourceDescription<'alarms', Alarm> = {
  name: 'alarms',
  table: 'alarms',
  sortable: ['id', 'occurred_at', 'kind'],
  defaultSort: ['occurred_at', 'DESC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    covered_person_id: eq('covered_person_id', idParam),
    kind: eq('kind', z.enum(ALARM_KINDS)),
    occurred_from: gte('occurred_at', instant),
    occurred_to: lte('occurred_at', instant),
  },
  toApi: alarmToApi,
};

/** An alarm as the monitoring service reports it, validated and normalised (12-digit personnummer, UTC instant). */
export interface AlarmReport {
  personnummer: string;
  kind: AlarmKind;
  source: string;
  counterparty: string | null;
  details: string | null;
  occurred_at: string;
}

/** Who the monitoring service is in the audit trail. */
export const MONITORING_ACTOR = 'monitoring';

/**
 * Receives one alarm: it is stored for each customer whose current subscription covers the person (once
 * per customer: one person may be covered by their own subscription and a parent's), routed at arrival to
 * the person's alarm contacts or, for a channel they have none for, to the holder's (`sent_to`, `sent_at`).
 * The same report again (person, kind, source, instant) stores nothing and answers what was stored the
 * first time. A personnummer that no current subscription covers is a 422 and stores nothing.
 */
export async function receiveAlarm(ctx: Ctx, report: AlarmReport): Promise<AlarmIngestAnswer> {
  return ctx.db.transaction(async (trx) => {
    const covered: CoveredPersonRow[] = await trx('covered_persons')
      .join('subscriptions', 'subscriptions.id', 'covered_persons.subscription_id')
      .where('covered_persons.personnummer', report.personnummer)
      .whereNull('covered_persons.removed_on')
      .whereIn('subscriptions.status', COVERING_STATUSES)
      .orderBy('covered_persons.id')
      .select('covered_persons.*');
    if (covered.length === 0) {
      throw new HttpError(422, 'Personnumret bevakas inte av någon aktiv tjänst', {
        personnummer: 'Ingen aktiv tjänst bevakar personnumret',
      });
    }
    const onePerCustomer: CoveredPersonRow[] = [];
    for (const p of covered) if (!onePerCustomer.some((q) => q.customer_id === p.customer_id)) onePerCustomer.push(p);
    const alarms: Alarm[] = [];
    let stored = false;
    const now = new Date().toISOString();
    for (const person of onePerCustomer) {
      const key = { covered_person_id: person.id, kind: report.kind, source: report.source, occurred_at: report.occurred_at };
      const holder = person.relation === 'holder' ? person : await holderOf(trx, person.subscription_id);
      const sentTo = alarmDestinations(person, holder);
      const values = {
        ...key,
        customer_id: person.customer_id,
        counterparty: report.counterparty,
        details: report.details,
        sent_to: JSON.stringify(sentTo),
        sent_at: sentTo.length ? now : null,
      };
      const inserted = await trx('alarms')
        .insert({ ...values, created_at: now })
        .onConflict(['covered_person_id', 'kind', 'source', 'occurred_at'])
        .ignore()
        .returning('id');
      if (inserted.length) {
        stored = true;
        const id = Number((inserted[0] as { id: number }).id);
        await writeAudit(trx, ctx, {
          action: 'receive',
          entity: 'alarms',
          entityId: id,
          customerId: person.customer_id,
          changes: createdWithValues({
            person: `${person.first_name} ${person.last_name}`,
            kind: report.kind,
            source: report.source,
            counterparty: report.counterparty,
            occurred_at: report.occurred_at,
            sent_to: sentTo,
          }),
        });
      }
      alarms.push(alarmToApi((await trx('alarms').where(key).first())!));
    }
    return { stored, alarms };
  });
}
