import { Box, Card, CardContent, Chip, Grid, Stack, Typography } from '@mui/material';
import { EditButton, Show, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import type { Customer } from '../types';
import { formatPhone } from '../common/format';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  const translate = useTranslate();
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">
        {translate(label)}
      </Typography>
      <Typography variant="body1">{children || '–'}</Typography>
    </Box>
  );
}

/** Everything an agent needs to confirm who is calling, without scrolling. */
export function CustomerHeader() {
  const c = useRecordContext<Customer>();
  const translate = useTranslate();
  if (!c) return null;
  const f = (name: string) => `resources.customers.fields.${name}`;
  return (
    <Card variant="outlined" sx={{ mb: 2 }}>
      <CardContent>
        <Stack direction="row" spacing={2} alignItems="baseline" sx={{ mb: 1 }}>
          <Typography variant="h5" component="h1" data-testid="customer-name">
            {c.first_name} {c.last_name}
          </Typography>
          <Typography variant="body1" color="text.secondary">
            {c.personnummer}
          </Typography>
          <Chip size="small" label={`${translate(f('customer_number'))} ${c.customer_number}`} />
        </Stack>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, sm: 4 }}>
            <Field label={f('address')}>
              {c.street}
              <br />
              {c.postal_code} {c.city}
            </Field>
          </Grid>
          <Grid size={{ xs: 6, sm: 2 }}>
            <Field label={f('phone')}>
              <span data-testid="customer-phone">{formatPhone(c.phone)}</span>
            </Field>
          </Grid>
          <Grid size={{ xs: 6, sm: 3 }}>
            <Field label={f('email')}>{c.email}</Field>
          </Grid>
          <Grid size={{ xs: 6, sm: 2 }}>
            <Field label={f('payment_method')}>{translate(`payment_method.${c.payment_method}`)}</Field>
          </Grid>
          <Grid size={{ xs: 6, sm: 1 }}>
            <Field label={f('invoice_interval')}>{translate(`invoice_interval.${c.invoice_interval}`)}</Field>
          </Grid>
        </Grid>
      </CardContent>
    </Card>
  );
}

const Actions = () => (
  <TopToolbar>
    <EditButton />
  </TopToolbar>
);

export function CustomerShow() {
  return (
    <Show actions={<Actions />}>
      <Box sx={{ p: 2 }}>
        <CustomerHeader />
      </Box>
    </Show>
  );
}
