import { readRoutes } from '../http/restResource';
import type { RouteDef } from '../http/routes';
import { productsListing } from '../services/products';

export const productRoutes: RouteDef[] = readRoutes(productsListing);
