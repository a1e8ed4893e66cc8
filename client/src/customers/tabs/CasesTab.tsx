import { Box, Stack, Typography } from '@mui/material';
import { DataTable, ReferenceManyField, useTranslate } from 'react-admin';
import { RegisterGdprRequestButton } from '../../gdpr/RegisterGdprRequestButton';
import { RevokeCancellationButton } from '../../cancellations/RevokeCancellationButton';
import { formatOre } from '../../common/format';
import { DATE_CELL, FROM_LG, FROM_MD, FROM_XL, SCROLLING_TABLE } from '../../common/columns';
import type { BillingChange, Cancellation, GdprRequest } from '../../types';
import { SubscriptionName } from '../SubscriptionName';
import { TabPagination } from './TabPagination';

/** A section's heading: the resource's plural name (never the raw "one |||| many" message). */
function Heading({ resource }: { resource: string }) {
  const translate = useTranslate();
  return (
    <Typography variant="subtitle1" component="h2" sx={{ mt: 2 }}>
      {translate(`resources.${resource}.name`, { smart_count: 2 })}
    </Typography>
  );
}

/** What a billing change changes to, in words: the interval or the payment method; nothing for a sticker fee. */
function ChangeTo({ record }: { record: BillingChange }) {
  const translate = useTranslate();
  if (record.to_interval) return <>{translate(`invoice_interval.${record.to_interval}`)}</>;
  if (record.to_method) return <>{translate(`payment_method.${record.to_method}`)}</>;
  return <>–</>;
}

/** Ärenden: this customer's cancellations, billing changes and GDPR requests. */
export function CasesTab() {
  const translate = useTranslate();
  return (
    <Box>
      <Stack direction="row" spacing={1}>
        <RegisterGdprRequestButton />
      </Stack>
      <Heading resource="cancellations" />
      <ReferenceManyField
        reference="cancellations"
        target="customer_id"
        sort={{ field: 'id', order: 'DESC' }}
        perPage={10}
        pagination={<TabPagination />}
      >
        <DataTable bulkActionButtons={false} rowClick={false} empty={<Typography variant="body2">–</Typography>} sx={SCROLLING_TABLE}>
          <DataTable.Col source="subscription_id">
            <SubscriptionName />
          </DataTable.Col>
          <DataTable.Col source="kind" render={(r: Cancellation) => translate(`cancellation_kind.${r.kind}`)} />
          <DataTable.Col source="requested_on" sx={{ ...DATE_CELL, ...FROM_MD }} />
          <DataTable.Col source="ends_on" sx={DATE_CELL} />
          <DataTable.Col source="refund_ore" sx={{ ...DATE_CELL, ...FROM_XL }} render={(r: Cancellation) => formatOre(r.refund_ore)} />
          <DataTable.Col
            source="status"
            render={(r: Cancellation) => (
              <>
                {translate(`cancellation_status.${r.status}`)}
                {r.status === 'revoked' && r.revoke_reason ? (
                  <Typography variant="caption" color="text.secondary" component="div">
                    {r.revoke_reason}
                  </Typography>
                ) : null}
              </>
            )}
          />
          <DataTable.Col source="created_by" sx={FROM_XL} />
          <DataTable.Col label="customer_page.actions">
            <RevokeCancellationButton />
          </DataTable.Col>
        </DataTable>
      </ReferenceManyField>
      <Heading resource="billing_changes" />
      <ReferenceManyField
        reference="billing_changes"
        target="customer_id"
        sort={{ field: 'id', order: 'DESC' }}
        perPage={10}
        pagination={<TabPagination />}
      >
        <DataTable bulkActionButtons={false} rowClick={false} empty={<Typography variant="body2">–</Typography>} sx={SCROLLING_TABLE}>
          <DataTable.Col source="kind" render={(r: BillingChange) => translate(`billing_change_kind.${r.kind}`)} />
          <DataTable.Col source="to_interval" render={(r: BillingChange) => <ChangeTo record={r} />} />
          <DataTable.Col source="subscription_id" sx={FROM_MD}>
            <SubscriptionName />
          </DataTable.Col>
          <DataTable.Col source="effective_on" sx={DATE_CELL} />
          <DataTable.Col source="credited_ore" sx={{ ...DATE_CELL, ...FROM_LG }} render={(r: BillingChange) => formatOre(r.credited_ore)} />
          <DataTable.Col source="created_by" sx={FROM_LG} />
        </DataTable>
      </ReferenceManyField>
      <Heading resource="gdpr_requests" />
      <ReferenceManyField
        reference="gdpr_requests"
        target="customer_id"
        sort={{ field: 'id', order: 'DESC' }}
        perPage={10}
        pagination={<TabPagination />}
      >
        <DataTable bulkActionButtons={false} rowClick={false} empty={<Typography variant="body2">–</Typography>} sx={SCROLLING_TABLE}>
          <DataTable.Col source="type" render={(r: GdprRequest) => translate(`gdpr_type.${r.type}`)} />
          <DataTable.Col source="received_on" sx={DATE_CELL} />
          <DataTable.Col source="due_on" sx={DATE_CELL} />
          <DataTable.Col source="status" render={(r: GdprRequest) => translate(`gdpr_status.${r.status}`)} />
          <DataTable.Col source="outcome" sx={FROM_MD} />
        </DataTable>
      </ReferenceManyField>
    </Box>
  );
}
