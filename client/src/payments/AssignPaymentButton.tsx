import { useState } from 'react';
import { Button, Typography } from '@mui/material';
import {
  AutocompleteInput,
  ReferenceField,
  ReferenceInput,
  required,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import { ActionDialog } from '../common/ActionDialog';
import { formatOre } from '../common/format';
import type { Invoice, Payment } from '../types';

/** An invoice in the search: number, the customer's name, and what is left to pay. */
function InvoiceOption() {
  const invoice = useRecordContext<Invoice>();
  const translate = useTranslate();
  if (!invoice) return null;
  return (
    <Typography variant="body2" component="span">
      {invoice.invoice_number} · <ReferenceField source="customer_id" reference="customers" link={false} record={invoice} /> ·{' '}
      {invoice.issued_on} · {translate('money.page.open_left', { open: formatOre(invoice.open_ore) })}
    </Typography>
  );
}

const invoiceText = (invoice: Invoice) => `${invoice.invoice_number} (OCR ${invoice.ocr})`;

/** Koppla till faktura: a supervisor books an unmatched payment on the invoice it belongs to. */
export function AssignPaymentButton() {
  const payment = useRecordContext<Payment>();
  const translate = useTranslate();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  if (!payment || payment.status !== 'unmatched' || payment.amount_ore <= 0) return null;
  return (
    <>
      <Button size="small" variant="outlined" onClick={() => setOpen(true)} data-testid={`assign-${payment.id}`}>
        {translate('money.page.assign')}
      </Button>
      {open ? (
        <ActionDialog<{ invoice_id?: number }, Payment>
          title={translate('money.page.assign_title', { amount: formatOre(payment.amount_ore) })}
          submitLabel="money.page.assign"
          resource="payments"
          onClose={() => setOpen(false)}
          submit={(values, { idempotencyKey }) => dataProvider.assignPayment(payment, Number(values.invoice_id), { idempotencyKey })}
          onSuccess={async (saved) => {
            setOpen(false);
            const { data: invoice } = await dataProvider.getOne<Invoice>('invoices', { id: saved.invoice_id! });
            if (saved.remainder) {
              const rest = formatOre(saved.remainder.amount_ore);
              notify('money.page.assigned_rest', { type: 'success', messageArgs: { invoice: invoice.invoice_number, rest } });
            } else notify('money.page.assigned', { type: 'success', messageArgs: { invoice: invoice.invoice_number } });
            refresh();
          }}
        >
          <Typography variant="body2" sx={{ mb: 1 }}>
            {payment.paid_on} · {payment.payer_name ?? ''} · {translate('money.page.reference')}: {payment.reference || '–'}
          </Typography>
          <ReferenceInput
            source="invoice_id"
            reference="invoices"
            filter={{ kind: 'invoice', status: 'unpaid' }}
            sort={{ field: 'issued_on', order: 'DESC' }}
          >
            <AutocompleteInput
              label="money.page.invoice"
              helperText="money.page.invoice_help"
              filterToQuery={(q: string) => ({ q })}
              optionText={<InvoiceOption />}
              inputText={invoiceText}
              validate={required()}
              sx={{ minWidth: 480 }}
            />
          </ReferenceInput>
        </ActionDialog>
      ) : null}
    </>
  );
}
