import { z } from 'zod';
import { badRequest } from '../core/errors';
import type { Ctx } from '../core/context';
import { idParam, isoDateSchema } from '../core/schemas';
import type { Subscription } from '../domain/apiTypes';
import { bindingEndsOn } from '../domain/cancellationTerms';
import type { IsoDate } from '../domain/calendarDate';
import { SUBSCRIPTION_STATUSES } from '../domain/values';
import type { SubscriptionRow } from '../db/tables';
import { created, writeAudit } from './audit';
import { addHolder } from './coveredPersons';
import { boolFilter, eq, gte, lte, type ResourceDescription } from './listing';

export function subscriptionToApi(row: SubscriptionRow): Subscription {
  return { ...row, with_stickers: Boolean(row.with_stickers) };
}

export const subscriptionsListing: ResourceDescription<'subscriptions', Subscription> = {
  name: 'subscriptions',
  table: 'subscriptions',
  sortable: ['id', 'signed_on', 'binding_ends_on', 'ends_on', 'status'],
  defaultSort: ['signed_on', 'DESC'],
  filters: {
    customer_id: eq('customer_id', idParam),
    product_id: eq('product_id', idParam),
    status: eq('status', z.enum(SUBSCRIPTION_STATUSES)),
    with_stickers: boolFilter('with_stickers'),
    signed_from: gte('signed_on', isoDateSchema),
    signed_to: lte('signed_on', isoDateSchema),
  },
  toApi: subscriptionToApi,
};

export interface NewSubscription {
  customer_id: number;
  product_id: number;
  signed_on: IsoDate;
  binding_months: number;
  with_stickers: boolean;
}

/** A sale taken by phone: an active subscription whose binding end follows from the signing date. */
export async function createSubscription(ctx: Ctx, input: NewSubscription): Promise<Subscription> {
  if (input.signed_on > ctx.today) throw badRequest('Avtalsdagen kan inte ligga i framtiden', { signed_on: 'Får inte vara i framtiden' });
  return ctx.db.transaction(async (trx) => {
    const [customer, product] = await Promise.all([
      trx('customers').where({ id: input.customer_id }).first('id'),
      trx('products').where({ id: input.product_id }).first('id', 'sticker_yearly_fee_ore'),
    ]);
    const errors: Record<string, string> = {};
    if (!customer) errors.customer_id = 'Kunden finns inte';
    if (!product) errors.product_id = 'Tjänsten finns inte';
    else if (input.with_stickers && Number(product.sticker_yearly_fee_ore) === 0) errors.with_stickers = 'Tjänsten säljs utan dekaler';
    if (Object.keys(errors).length) throw badRequest('Ogiltiga uppgifter', errors);
    const now = new Date().toISOString();
    const values = { ...input, binding_ends_on: bindingEndsOn(input.signed_on, input.binding_months), status: 'active' as const };
    const [{ id }] = await trx('subscriptions')
      .insert({ ...values, version: 1, created_at: now, updated_at: now })
      .returning('id');
    await writeAudit(trx, ctx, {
      action: 'create',
      entity: 'subscriptions',
      entityId: Number(id),
      customerId: input.customer_id,
      changes: created(values),
    });
    const row = (await trx('subscriptions').where({ id }).first())!;
    // The holder is covered from the start (PRODUCT.md, People covered by a service).
    await addHolder(trx, ctx, row);
    return subscriptionToApi(row);
  });
}
