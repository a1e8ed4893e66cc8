import { z } from 'zod';
import type { Product } from '../domain/apiTypes';
import { asStored, eq, type ResourceDescription } from './listing';

export const productsListing: ResourceDescription<'products', Product> = {
  name: 'products',
  table: 'products',
  sortable: ['id', 'code', 'name', 'monthly_price_ore'],
  defaultSort: ['id', 'ASC'],
  filters: { code: eq('code', z.string().max(30)) },
  toApi: asStored,
};
