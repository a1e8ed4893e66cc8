import { ReferenceField, TextField } from 'react-admin';

/** A subscription named by its product ("ID-Larm Prio"), where the record holds only its id. */
export function SubscriptionName({ source = 'subscription_id' }: { source?: string }) {
  return (
    <ReferenceField source={source} reference="subscriptions" link={false} emptyText="–">
      <ReferenceField source="product_id" reference="products" link={false}>
        <TextField source="name" />
      </ReferenceField>
    </ReferenceField>
  );
}
