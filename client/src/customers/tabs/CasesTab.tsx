import { Box, Stack, Typography } from '@mui/material';
import { DataTable, ReferenceManyField, useTranslate } from 'react-admin';
import { RegisterGdprRequestButton } from '../../gdpr/RegisterGdprRequestButton';
import { formatOre } from '../../common/format';
import type { BillingChange, Cancellation, GdprRequest } from '../../types';
import { TabPagination } from './TabPagination';

function Heading({ children }: { children: string }) {
  const translate = useTranslate();
  return (
    <Typography variant="subtitle1" sx={{ mt: 2 }}>
      {translate(children)}
    </Typography>
  );
}

/** Ärenden: this customer's cancellations, billing changes and GDPR requests. */
export function CasesTab() {
  const translate = useTranslate();
  return (
    <Box>
      <Stack direction="row" spacing={1}>
        <RegisterGdprRequestButton />
      </Stack>
      <Heading>resources.cancellations.name</Heading>
      <ReferenceManyField
        reference="cancellations"
        target="customer_id"
        sort={{ field: 'id', order: 'DESC' }}
        perPage={10}
        pagination={<TabPagination />}
      >
        <DataTable bulkActionButtons={false} rowClick={false} empty={<Typography variant="body2">–</Typography>}>
          <DataTable.Col source="subscription_id" />
          <DataTable.Col source="kind" render={(r: Cancellation) => translate(`cancellation_kind.${r.kind}`)} />
          <DataTable.Col source="requested_on" />
          <DataTable.Col source="ends_on" />
          <DataTable.Col source="refund_ore" render={(r: Cancellation) => formatOre(r.refund_ore)} />
          <DataTable.Col source="status" render={(r: Cancellation) => translate(`cancellation_status.${r.status}`)} />
          <DataTable.Col source="created_by" />
        </DataTable>
      </ReferenceManyField>
      <Heading>resources.billing_changes.name</Heading>
      <ReferenceManyField
        reference="billing_changes"
        target="customer_id"
        sort={{ field: 'id', order: 'DESC' }}
        perPage={10}
        pagination={<TabPagination />}
      >
        <DataTable bulkActionButtons={false} rowClick={false} empty={<Typography variant="body2">–</Typography>}>
          <DataTable.Col source="kind" render={(r: BillingChange) => translate(`billing_change_kind.${r.kind}`)} />
          <DataTable.Col
            source="to_interval"
            render={(r: BillingChange) => (r.to_interval ? translate(`invoice_interval.${r.to_interval}`) : '')}
          />
          <DataTable.Col source="subscription_id" />
          <DataTable.Col source="effective_on" />
          <DataTable.Col source="credited_ore" render={(r: BillingChange) => formatOre(r.credited_ore)} />
          <DataTable.Col source="created_by" />
        </DataTable>
      </ReferenceManyField>
      <Heading>resources.gdpr_requests.name</Heading>
      <ReferenceManyField
        reference="gdpr_requests"
        target="customer_id"
        sort={{ field: 'id', order: 'DESC' }}
        perPage={10}
        pagination={<TabPagination />}
      >
        <DataTable bulkActionButtons={false} rowClick={false} empty={<Typography variant="body2">–</Typography>}>
          <DataTable.Col source="type" render={(r: GdprRequest) => translate(`gdpr_type.${r.type}`)} />
          <DataTable.Col source="received_on" />
          <DataTable.Col source="due_on" />
          <DataTable.Col source="status" render={(r: GdprRequest) => translate(`gdpr_status.${r.status}`)} />
          <DataTable.Col source="outcome" />
        </DataTable>
      </ReferenceManyField>
    </Box>
  );
}
