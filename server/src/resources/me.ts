import type { RouteDef } from '../http/routes';
import { agentSummary } from '../services/summary';

/** The agent's own start page: customers they opened lately, and how many notes they wrote today. */
export const meRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/me/summary',
    access: 'authenticated',
    handler: async (_req, _res, ctx) => agentSummary(ctx),
  },
];
