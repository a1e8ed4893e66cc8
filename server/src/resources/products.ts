import { z } from 'zod';
import { eq, readRoutes, type ResourceDescription } from '../http/restResource';
import { ALL_ROLES, type RouteDef } from '../http/routes';

export const productsResource: ResourceDescription = {
  name: 'products',
  table: 'products',
  sortable: ['id', 'code', 'name', 'monthly_price_ore'],
  defaultSort: ['id', 'ASC'],
  filters: { code: eq('code', z.string().max(30)) },
  toApi: (row) => row,
};

export const productRoutes: RouteDef[] = readRoutes(productsResource, ALL_ROLES);
