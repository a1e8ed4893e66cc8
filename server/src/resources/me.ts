import { ALL_ROLES, type RouteDef } from '../http/routes';
import { maskPersonnummer } from '../domain/personnummer';
import { stockholmDayStartUtc, todayInStockholm } from '../domain/calendarDate';

/** The agent's own start page: customers they opened lately, and how many notes they wrote today. */
export const meRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/me/summary',
    access: ALL_ROLES,
    handler: async (_req, _res, ctx) => {
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
        // Timestamps are real instants, so "today" here is the real Stockholm day, even when TODAY is pinned.
        .andWhere('created_at', '>=', stockholmDayStartUtc(todayInStockholm()))
        .count({ count: '*' })
        .first();
      return {
        recent_customers: ids
          .filter((id) => byId.has(id))
          .map((id) => {
            const c = byId.get(id);
            return { ...c, personnummer: maskPersonnummer(c.personnummer), viewed_at: lastSeen.get(id) };
          }),
        notes_today: Number(notesToday?.count ?? 0),
      };
    },
  },
];
