import { useGetList } from 'react-admin';
import type { Product, Subscription } from '../types';

/**
 * The product name of each of a customer's subscriptions, for text that would otherwise say
 * "subscription 12" (history lines, pending notices). Both lists are small: a customer's subscriptions and
 * the product catalogue.
 */
export function useSubscriptionNames(customerId: number | undefined): {
  name: (subscriptionId: number) => string | undefined;
  productName: (productId: number) => string | undefined;
  subscriptions: Subscription[];
} {
  const { data: subscriptions = [] } = useGetList<Subscription>(
    'subscriptions',
    { filter: { customer_id: customerId }, pagination: { page: 1, perPage: 100 }, sort: { field: 'id', order: 'ASC' } },
    { enabled: customerId !== undefined },
  );
  const { data: products = [] } = useGetList<Product>(
    'products',
    { pagination: { page: 1, perPage: 100 }, sort: { field: 'id', order: 'ASC' } },
    { enabled: customerId !== undefined, staleTime: 10 * 60_000 },
  );
  const name = (subscriptionId: number) => {
    const subscription = subscriptions.find((s) => s.id === subscriptionId);
    return subscription ? products.find((p) => p.id === subscription.product_id)?.name : undefined;
  };
  const productName = (productId: number) => products.find((p) => p.id === productId)?.name;
  return { name, productName, subscriptions };
}
