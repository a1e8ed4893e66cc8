import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import { formatOre } from '../common/format';
import type { Customer } from '../types';

/** Kommande fakturor: the server's schedule of the next 12 months (date, lines, total, VAT part). */
export function InvoiceSchedule() {
  const customer = useRecordContext<Customer>();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const translate = useTranslate();
  const { data, error } = useQuery({
    queryKey: ['invoiceSchedule', customer?.id],
    queryFn: () => dataProvider.getInvoiceSchedule(customer!.id),
    enabled: customer !== undefined,
  });
  if (!customer) return null;
  return (
    <Box sx={{ mb: 2 }} data-testid="invoice-schedule">
      <Typography variant="subtitle1">{translate('billing.schedule_title')}</Typography>
      {error ? <Typography color="error">{(error as Error).message}</Typography> : null}
      {data && data.invoices.length === 0 ? <Typography variant="body2">{translate('billing.schedule_empty')}</Typography> : null}
      {data && data.invoices.length > 0 ? (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate('billing.date')}</TableCell>
              <TableCell>{translate('billing.due_on')}</TableCell>
              <TableCell>{translate('billing.lines')}</TableCell>
              <TableCell align="right">{translate('billing.total')}</TableCell>
              <TableCell align="right">{translate('billing.vat')}</TableCell>
              <TableCell>{translate('billing.payment_method')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.invoices.map((invoice) => (
              <TableRow key={invoice.date} data-testid="scheduled-invoice">
                <TableCell>{invoice.date}</TableCell>
                <TableCell>{invoice.due_on}</TableCell>
                <TableCell>
                  {invoice.lines.map((l, n) => (
                    <div key={n}>
                      {l.description}: {formatOre(l.amount_ore)}
                    </div>
                  ))}
                </TableCell>
                <TableCell align="right">{formatOre(invoice.total_ore)}</TableCell>
                <TableCell align="right">{formatOre(invoice.vat_ore)}</TableCell>
                <TableCell>{translate(`payment_method.${invoice.payment_method}`)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </Box>
  );
}
