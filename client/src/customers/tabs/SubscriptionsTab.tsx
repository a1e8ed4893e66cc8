import { Chip, Stack } from '@mui/material';
import { DataTable, ReferenceField, ReferenceManyField, TextField, useTranslate } from 'react-admin';
import { CancelSubscriptionButton } from '../../cancellations/CancelSubscriptionButton';
import { RemoveStickerFeeButton } from '../../billing/RemoveStickerFeeButton';
import type { Subscription } from '../../types';
import { TabPagination } from './TabPagination';

const STATUS_COLOR = { active: 'success', notice_given: 'warning', ended: 'default', withdrawn: 'default' } as const;

export function SubscriptionStatus({ record }: { record: Subscription }) {
  const translate = useTranslate();
  return <Chip size="small" color={STATUS_COLOR[record.status]} label={translate(`subscription_status.${record.status}`)} />;
}

function Stickers({ record }: { record: Subscription }) {
  const translate = useTranslate();
  if (!record.with_stickers) return <>–</>;
  return (
    <>
      {record.sticker_fee_removed_on
        ? translate('customer_page.sticker_fee_removed', { date: record.sticker_fee_removed_on })
        : translate('customer_page.sticker_fee_active')}
    </>
  );
}

/** Abonnemang: every subscription with its binding, status and end, and the actions on it. */
export function SubscriptionsTab() {
  return (
    <ReferenceManyField
      reference="subscriptions"
      target="customer_id"
      sort={{ field: 'signed_on', order: 'DESC' }}
      perPage={25}
      pagination={<TabPagination />}
    >
      <DataTable bulkActionButtons={false} rowClick={false}>
        <DataTable.Col source="product_id">
          <ReferenceField source="product_id" reference="products" link={false}>
            <TextField source="name" />
          </ReferenceField>
        </DataTable.Col>
        <DataTable.Col source="signed_on" />
        <DataTable.Col source="binding_ends_on" />
        <DataTable.Col source="status" render={(r: Subscription) => <SubscriptionStatus record={r} />} />
        <DataTable.Col source="ends_on">
          <TextField source="ends_on" emptyText="–" />
        </DataTable.Col>
        <DataTable.Col source="with_stickers" render={(r: Subscription) => <Stickers record={r} />} />
        <DataTable.Col label="customer_page.actions">
          <Stack direction="row" spacing={1}>
            <CancelSubscriptionButton />
            <RemoveStickerFeeButton />
          </Stack>
        </DataTable.Col>
      </DataTable>
    </ReferenceManyField>
  );
}
