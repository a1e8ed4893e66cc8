import { Box, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useGetOne, useRecordContext, useTranslate } from 'react-admin';
import { formatOre } from '../common/format';
import { useToday } from '../auth/identity';
import type { Invoice } from '../types';
import { invoiceState } from './invoiceState';

/** "Betald 2026-11-10", "Förfallen sedan …", "Kreditnota": the answer to "is it paid?" as a chip. */
export function InvoiceStatusChip({ invoice }: { invoice: Invoice }) {
  const translate = useTranslate();
  const today = useToday();
  const state = invoiceState(invoice, today);
  return <Chip size="small" color={state.color} label={translate(state.key, state.values)} data-testid="invoice-state" />;
}

/** An invoice opened on the Fakturor tab: its lines, and the payments booked on it (date, amount, how). */
export function InvoiceDetails() {
  const row = useRecordContext<Invoice>();
  const translate = useTranslate();
  const { data: invoice } = useGetOne<Invoice>('invoices', { id: row?.id ?? 0 }, { enabled: row !== undefined });
  if (!row) return null;
  if (!invoice) return <Typography variant="body2">…</Typography>;
  const payments = invoice.payments ?? [];
  return (
    <Box sx={{ py: 1, px: 2 }} data-testid="invoice-details">
      <Typography variant="subtitle2">{translate('money.lines')}</Typography>
      <Table size="small" sx={{ mb: 1 }}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('billing.lines')}</TableCell>
            <TableCell>{translate('money.period')}</TableCell>
            <TableCell align="right">{translate('billing.total')}</TableCell>
            <TableCell align="right">{translate('billing.vat')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(invoice.lines ?? []).map((l) => (
            <TableRow key={l.id}>
              <TableCell>{l.description}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {l.period_start && l.period_end ? `${l.period_start} – ${l.period_end}` : ''}
              </TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                {formatOre(l.amount_ore)}
              </TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                {formatOre(l.vat_ore)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {invoice.kind === 'invoice' ? (
        <>
          <Typography variant="subtitle2">{translate('money.payments')}</Typography>
          {payments.length === 0 ? (
            <Typography variant="body2">{translate('money.no_payments')}</Typography>
          ) : (
            <Stack spacing={0.5} data-testid="invoice-payments">
              {payments.map((p) => (
                <Typography key={p.id} variant="body2">
                  {translate('money.paid_via', {
                    amount: formatOre(p.amount_ore),
                    date: p.paid_on,
                    source: translate(`payment_source.${p.source}`),
                  })}
                </Typography>
              ))}
            </Stack>
          )}
          {invoice.credited_ore > 0 ? (
            <Typography variant="body2" sx={{ mt: 0.5 }}>
              {translate('money.credited_amount', { amount: formatOre(invoice.credited_ore) })}
            </Typography>
          ) : null}
        </>
      ) : null}
    </Box>
  );
}
