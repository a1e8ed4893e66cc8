import { Box, Stack } from '@mui/material';
import { DataTable, ReferenceField, ReferenceManyField, TextField, useTranslate } from 'react-admin';
import { InvoiceIntervalButton } from '../../billing/InvoiceIntervalButton';
import { InvoiceSchedule } from '../../billing/InvoiceSchedule';
import { InvoiceDetails, InvoiceStatusChip } from '../../billing/InvoiceDetails';
import { PaymentMethodPanel } from '../../billing/PaymentMethodPanel';
import { formatOre } from '../../common/format';
import type { Invoice } from '../../types';
import { TabPagination } from './TabPagination';

/** Fakturor: the invoice history with OCR references, credit notes, and the coming invoices. */
export function InvoicesTab() {
  const translate = useTranslate();
  return (
    <Box>
      <PaymentMethodPanel />
      <Stack direction="row" spacing={1} sx={{ mb: 1 }}>
        <InvoiceIntervalButton />
      </Stack>
      <InvoiceSchedule />
      <ReferenceManyField
        reference="invoices"
        target="customer_id"
        sort={{ field: 'issued_on', order: 'DESC' }}
        perPage={25}
        pagination={<TabPagination />}
      >
        {/* A row opens its lines and the payments booked on it. */}
        <DataTable bulkActionButtons={false} rowClick="expand" expand={<InvoiceDetails />}>
          <DataTable.Col source="invoice_number" />
          <DataTable.Col source="kind" render={(r: Invoice) => translate(`invoice_kind.${r.kind}`)} />
          <DataTable.Col source="ocr" />
          <DataTable.Col source="issued_on" />
          <DataTable.Col source="due_on" />
          <DataTable.Col source="total_ore" render={(r: Invoice) => formatOre(r.total_ore)} />
          <DataTable.Col source="vat_ore" render={(r: Invoice) => formatOre(r.vat_ore)} />
          <DataTable.Col source="status" label="money.invoice_status" render={(r: Invoice) => <InvoiceStatusChip invoice={r} />} />
          <DataTable.Col source="open_ore" render={(r: Invoice) => (r.kind === 'invoice' ? formatOre(r.open_ore) : '')} />
          <DataTable.Col source="payment_method" render={(r: Invoice) => translate(`payment_method.${r.payment_method}`)} />
          <DataTable.Col source="credits_invoice_id">
            <ReferenceField source="credits_invoice_id" reference="invoices" link={false} emptyText="">
              <TextField source="invoice_number" />
            </ReferenceField>
          </DataTable.Col>
        </DataTable>
      </ReferenceManyField>
    </Box>
  );
}
