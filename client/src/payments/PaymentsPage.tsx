import { Card, CardContent, Stack, Typography } from '@mui/material';
import { DataTable, ListBase, Pagination, ReferenceField, Title, useListContext, useTranslate } from 'react-admin';
import { QueueAccess } from '../common/QueueAccess';
import { formatOre } from '../common/format';
import type { Payment, PaymentFile } from '../types';
import { AssignPaymentButton } from './AssignPaymentButton';
import { UploadPaymentFile } from './UploadPaymentFile';

function Empty({ text }: { text: string }) {
  const { data, isPending } = useListContext();
  const translate = useTranslate();
  if (isPending || (data && data.length > 0)) return null;
  return <Typography variant="body2">{translate(text)}</Typography>;
}

/** Money no invoice took: unknown references, the overpaid part of a payment, deductions; newest first. */
function UnmatchedPayments() {
  const translate = useTranslate();
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          {translate('money.page.unmatched')}
        </Typography>
        <ListBase
          resource="payments"
          filter={{ status: 'unmatched' }}
          sort={{ field: 'id', order: 'DESC' }}
          perPage={10}
          disableSyncWithLocation
        >
          <Empty text="money.page.unmatched_empty" />
          <DataTable bulkActionButtons={false} rowClick={false} data-testid="unmatched-payments">
            <DataTable.Col source="paid_on" />
            <DataTable.Col
              source="amount_ore"
              render={(p: Payment) =>
                p.amount_ore < 0 ? `${formatOre(p.amount_ore)} (${translate('money.page.deduction')})` : formatOre(p.amount_ore)
              }
            />
            <DataTable.Col source="payer_name" />
            <DataTable.Col source="reference" />
            <DataTable.Col source="customer_id">
              <ReferenceField source="customer_id" reference="customers" emptyText="–" link="show" />
            </DataTable.Col>
            <DataTable.Col label="" render={() => <AssignPaymentButton />} />
          </DataTable>
          <Pagination rowsPerPageOptions={[10, 25, 50]} />
        </ListBase>
      </CardContent>
    </Card>
  );
}

/** Every file read in, newest first, with what it booked. */
function PaymentFiles() {
  const translate = useTranslate();
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          {translate('money.page.files')}
        </Typography>
        <ListBase resource="payment_files" sort={{ field: 'id', order: 'DESC' }} perPage={10} disableSyncWithLocation>
          <DataTable bulkActionButtons={false} rowClick={false} data-testid="payment-files">
            <DataTable.Col
              source="uploaded_at"
              render={(f: PaymentFile) => new Date(f.uploaded_at).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' })}
            />
            <DataTable.Col source="filename" />
            <DataTable.Col source="uploaded_by" />
            <DataTable.Col source="payments" />
            <DataTable.Col source="matched" render={(f: PaymentFile) => `${f.matched} (${formatOre(f.matched_ore)})`} />
            <DataTable.Col source="unmatched" render={(f: PaymentFile) => `${f.unmatched} (${formatOre(f.unmatched_ore)})`} />
            <DataTable.Col source="amount_ore" render={(f: PaymentFile) => formatOre(f.amount_ore)} />
          </DataTable>
          <Pagination rowsPerPageOptions={[10, 25]} />
        </ListBase>
      </CardContent>
    </Card>
  );
}

/** Betalningar: the supervisors' page for money from Bankgirot — upload, the unmatched queue, the file history. */
export function PaymentsPage() {
  const translate = useTranslate();
  return (
    <QueueAccess resource="payments">
      <Title title={translate('money.page.title')} />
      <Stack spacing={2} sx={{ mt: 2 }}>
        <Card variant="outlined">
          <CardContent>
            <UploadPaymentFile />
          </CardContent>
        </Card>
        <UnmatchedPayments />
        <PaymentFiles />
      </Stack>
    </QueueAccess>
  );
}
