import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import { formatOre } from '../common/format';
import type { Customer } from '../types';

const NOWRAP = { whiteSpace: 'nowrap' } as const;
const FROM_SM = { display: { xs: 'none', sm: 'table-cell' } } as const;

/**
 * Kommande fakturor: the server's schedule of the next 12 months (date, lines, total, VAT part), folded
 * under the invoices sent — opened when the caller asks what comes next.
 */
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
    <Accordion
      disableGutters
      variant="outlined"
      sx={{ mt: 2 }}
      data-testid="invoice-schedule"
      slotProps={{ transition: { unmountOnExit: true } }}
    >
      <AccordionSummary expandIcon={<ExpandMoreIcon />} aria-controls="invoice-schedule-body" data-testid="invoice-schedule-toggle">
        <Typography variant="subtitle1">
          {data ? translate('record.schedule_toggle', { count: data.invoices.length }) : translate('billing.schedule_title')}
        </Typography>
      </AccordionSummary>
      <AccordionDetails id="invoice-schedule-body" sx={{ overflowX: 'auto' }}>
        {error ? <Typography color="error">{(error as Error).message}</Typography> : null}
        {data && data.invoices.length === 0 ? <Typography variant="body2">{translate('billing.schedule_empty')}</Typography> : null}
        {data && data.invoices.length > 0 ? (
          <Box>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{translate('billing.date')}</TableCell>
                  <TableCell sx={FROM_SM}>{translate('billing.due_on')}</TableCell>
                  <TableCell>{translate('billing.lines')}</TableCell>
                  <TableCell align="right">{translate('billing.total')}</TableCell>
                  <TableCell align="right" sx={FROM_SM}>
                    {translate('billing.vat')}
                  </TableCell>
                  <TableCell sx={FROM_SM}>{translate('billing.payment_method')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.invoices.map((invoice) => (
                  <TableRow key={invoice.date} data-testid="scheduled-invoice">
                    <TableCell sx={NOWRAP}>{invoice.date}</TableCell>
                    <TableCell sx={{ ...NOWRAP, ...FROM_SM }}>{invoice.due_on}</TableCell>
                    <TableCell>
                      {invoice.lines.map((l, n) => (
                        <div key={n}>
                          {l.description}: <span style={NOWRAP}>{formatOre(l.amount_ore)}</span>
                        </div>
                      ))}
                    </TableCell>
                    <TableCell align="right" sx={NOWRAP}>
                      {formatOre(invoice.total_ore)}
                    </TableCell>
                    <TableCell align="right" sx={{ ...NOWRAP, ...FROM_SM }}>
                      {formatOre(invoice.vat_ore)}
                    </TableCell>
                    <TableCell sx={FROM_SM}>{translate(`payment_method.${invoice.payment_method}`)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        ) : null}
      </AccordionDetails>
    </Accordion>
  );
}
