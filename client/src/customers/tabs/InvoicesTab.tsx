import { Box, Stack } from '@mui/material';
import { DataTable, ReferenceField, ReferenceManyField, TextField, useTranslate } from 'react-admin';
import { InvoiceIntervalButton } from '../../billing/InvoiceIntervalButton';
import { InvoiceSchedule } from '../../billing/InvoiceSchedule';
import { InvoiceDetails, InvoiceStatusChip } from '../../billing/InvoiceDetails';
import { PaymentMethodPanel } from '../../billing/PaymentMethodPanel';
import { formatOre } from '../../common/format';
import { DATE_CELL, FROM_LG, FROM_MD, FROM_SM, FROM_XL, SCROLLING_TABLE } from '../../common/columns';
import type { Invoice } from '../../types';
import { TabPagination } from './TabPagination';

/** Fakturor: the invoices sent (with OCR references and credit notes) first, then the coming ones, folded. */
export function InvoicesTab() {
  const translate = useTranslate();
  return (
    <Box>
      <PaymentMethodPanel />
      <Stack direction="row" spacing={1} sx={{ mb: 1 }}>
        <InvoiceIntervalButton />
      </Stack>
      <ReferenceManyField
        reference="invoices"
        target="customer_id"
        sort={{ field: 'issued_on', order: 'DESC' }}
        perPage={25}
        pagination={<TabPagination />}
      >
        {/* A row opens its lines and the payments booked on it. */}
        <DataTable bulkActionButtons={false} rowClick="expand" expand={<InvoiceDetails />} sx={SCROLLING_TABLE}>
          <DataTable.Col source="invoice_number" />
          <DataTable.Col source="kind" sx={FROM_LG} render={(r: Invoice) => translate(`invoice_kind.${r.kind}`)} />
          <DataTable.Col source="ocr" sx={FROM_MD} />
          <DataTable.Col source="issued_on" sx={DATE_CELL} />
          <DataTable.Col source="due_on" sx={{ ...DATE_CELL, ...FROM_SM }} />
          <DataTable.Col source="total_ore" sx={DATE_CELL} render={(r: Invoice) => formatOre(r.total_ore)} />
          <DataTable.Col source="vat_ore" sx={{ ...DATE_CELL, ...FROM_XL }} render={(r: Invoice) => formatOre(r.vat_ore)} />
          <DataTable.Col source="status" label="money.invoice_status" render={(r: Invoice) => <InvoiceStatusChip invoice={r} />} />
          {/* What is left is in the status's words too ("… – 49,00 kr kvar"): its own column only on wide screens. */}
          <DataTable.Col
            source="open_ore"
            sx={{ ...DATE_CELL, ...FROM_XL }}
            render={(r: Invoice) => (r.kind === 'invoice' ? formatOre(r.open_ore) : '')}
          />
          <DataTable.Col source="payment_method" sx={FROM_XL} render={(r: Invoice) => translate(`payment_method.${r.payment_method}`)} />
          <DataTable.Col source="credits_invoice_id" sx={FROM_LG}>
            <ReferenceField source="credits_invoice_id" reference="invoices" link={false} emptyText="">
              <TextField source="invoice_number" />
            </ReferenceField>
          </DataTable.Col>
        </DataTable>
      </ReferenceManyField>
      <InvoiceSchedule />
    </Box>
  );
}
