import { Chip, Stack } from '@mui/material';
import { DataTable, ReferenceField, ReferenceManyField, TextField, useRecordContext, useTranslate } from 'react-admin';
import { CancelSubscriptionButton } from '../../cancellations/CancelSubscriptionButton';
import { RevokeCancellationButton } from '../../cancellations/RevokeCancellationButton';
import { useOpenCancellations } from '../../cancellations/useOpenCancellations';
import { RemoveStickerFeeButton } from '../../billing/RemoveStickerFeeButton';
import { DATE_CELL, FROM_LG, FROM_MD, FROM_SM, SCROLLING_TABLE } from '../../common/columns';
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

/** The actions on one subscription: cancel it, or revoke its open cancellation; remove the sticker fee. */
function SubscriptionActions() {
  const subscription = useRecordContext<Subscription>();
  const open = useOpenCancellations(subscription?.customer_id);
  if (!subscription) return null;
  const cancellation = open.find((c) => c.subscription_id === subscription.id);
  return (
    <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
      <CancelSubscriptionButton />
      {cancellation ? <RevokeCancellationButton cancellation={cancellation} /> : null}
      <RemoveStickerFeeButton />
    </Stack>
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
      <DataTable bulkActionButtons={false} rowClick={false} sx={SCROLLING_TABLE}>
        <DataTable.Col source="product_id">
          <ReferenceField source="product_id" reference="products" link={false}>
            <TextField source="name" />
          </ReferenceField>
        </DataTable.Col>
        <DataTable.Col source="signed_on" sx={{ ...DATE_CELL, ...FROM_MD }} />
        <DataTable.Col source="binding_ends_on" sx={{ ...DATE_CELL, ...FROM_LG }} />
        <DataTable.Col source="status" render={(r: Subscription) => <SubscriptionStatus record={r} />} />
        <DataTable.Col source="ends_on" sx={{ ...DATE_CELL, ...FROM_SM }}>
          <TextField source="ends_on" emptyText="–" />
        </DataTable.Col>
        <DataTable.Col source="with_stickers" sx={FROM_LG} render={(r: Subscription) => <Stickers record={r} />} />
        <DataTable.Col label="customer_page.actions">
          <SubscriptionActions />
        </DataTable.Col>
      </DataTable>
    </ReferenceManyField>
  );
}
