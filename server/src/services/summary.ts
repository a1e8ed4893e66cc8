import type { Ctx } from '../core/context';
import { stockholmDayStartUtc, todayInStockholm } from '../domain/calendarDate';
import { maskPersonnummer } from '../domain/personnummer';

export interface AgentSummary {
  recent_customers: Array<{
    id: number;
    customer_number: string;
    first_name: string;
    last_name: string;
    personnummer: string;
    city: string;
    viewed_at: string | undefined;
  }>;
  notes_today: number;
}

/** The agent's own start page: customers they opened lately, and how many notes they wrote today. */
export async function agentSummary(ctx: Ctx): Promise<AgentSummary> {
  const views = await ctx
    .db('audit_events')
    .where({ actor: ctx.actor, action: 'view', entity: 'customers' })
    .orderBy('id', 'desc')
    .limit(50)
    .select('customer_id', 'at');
  const lastSeen = new Map<number, string>();
  for (const v of views) if (v.customer_id && !lastSeen.has(v.customer_id)) lastSeen.set(v.customer_id, v.at);
  const ids = [...lastSeen.keys()].slice(0, 10);
  const customers = ids.length
    ? await ctx.db('customers').whereIn('id', ids).select('id', 'customer_number', 'first_name', 'last_name', 'personnummer', 'city')
    : [];
  const byId = new Map(customers.map((c) => [c.id, c]));
  const notesToday = await ctx
    .db('notes')
    .where({ created_by: ctx.actor })
    // Not ctx.today: `created_at` is a real instant, so "today" here is the real Stockholm day, even when
    // TODAY pins the app's calendar day for a demo.
    .andWhere('created_at', '>=', stockholmDayStartUtc(todayInStockholm()))
    .count({ count: '*' })
    .first();
  return {
    recent_customers: ids.flatMap((id) => {
      const c = byId.get(id);
      return c ? [{ ...c, personnummer: maskPersonnummer(c.personnummer), viewed_at: lastSeen.get(id) }] : [];
    }),
    notes_today: Number(notesToday?.count ?? 0),
  };
}
