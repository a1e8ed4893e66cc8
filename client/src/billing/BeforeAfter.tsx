import { Box, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { formatOre } from '../common/format';
import type { BillingPreview, ScheduledInvoice } from '../types';

/** The first invoice date on which the schedule after the change differs from the one before. */
export function firstAffectedDate(preview: Pick<BillingPreview, 'before' | 'after'>): string | null {
  const key = (i: ScheduledInvoice | undefined) => (i ? JSON.stringify(i) : '');
  const dates = [...new Set([...preview.before.invoices, ...preview.after.invoices].map((i) => i.date))].sort();
  const at = (list: ScheduledInvoice[], date: string) => list.find((i) => i.date === date);
  return dates.find((d) => key(at(preview.before.invoices, d)) !== key(at(preview.after.invoices, d))) ?? null;
}

/** One coming invoice: date, lines and amount. */
export function InvoiceSummary({ invoice, testId }: { invoice: ScheduledInvoice | undefined; testId: string }) {
  const translate = useTranslate();
  if (!invoice) {
    return (
      <Typography variant="body2" data-testid={testId}>
        {translate('billing.no_invoice')}
      </Typography>
    );
  }
  return (
    <Box data-testid={testId}>
      <Typography variant="body2">
        {translate('billing.date')} {invoice.date} · {translate('billing.due_on')} {invoice.due_on}
      </Typography>
      {invoice.lines.map((l, n) => (
        <Stack key={n} direction="row" justifyContent="space-between" spacing={2}>
          <Typography variant="body2">{l.description}</Typography>
          <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>
            {formatOre(l.amount_ore)}
          </Typography>
        </Stack>
      ))}
      <Typography variant="subtitle2" data-testid={`${testId}-total`}>
        {translate('billing.total')}: {formatOre(invoice.total_ore)} ({translate('billing.vat')} {formatOre(invoice.vat_ore)})
      </Typography>
      <Typography variant="body2" data-testid={`${testId}-method`}>
        {translate('billing.payment_method')}: {translate(`payment_method.${invoice.payment_method}`)}
      </Typography>
    </Box>
  );
}

/** The next affected invoice before and after the change, side by side. */
export function BeforeAfter({ preview }: { preview: Pick<BillingPreview, 'before' | 'after'> }) {
  const translate = useTranslate();
  const date = firstAffectedDate(preview);
  if (!date) return <Typography variant="body2">{translate('billing.unchanged')}</Typography>;
  const at = (list: ScheduledInvoice[]) => list.find((i) => i.date === date);
  return (
    <Box>
      <Typography variant="subtitle1">{translate('billing.affected_invoice')}</Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={3}>
        <Box flex={1}>
          <Typography variant="overline">{translate('billing.before')}</Typography>
          <InvoiceSummary invoice={at(preview.before.invoices)} testId="invoice-before" />
        </Box>
        <Box flex={1}>
          <Typography variant="overline">{translate('billing.after')}</Typography>
          <InvoiceSummary invoice={at(preview.after.invoices)} testId="invoice-after" />
        </Box>
      </Stack>
    </Box>
  );
}
