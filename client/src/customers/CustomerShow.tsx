import { useState } from 'react';
import { Box, Button, Card, CardContent, Chip, Grid, Stack, Typography } from '@mui/material';
import EditIcon from '@mui/icons-material/Edit';
import { EditButton, Show, TabbedShowLayout, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import type { Customer } from '../types';
import { formatPhone } from '../common/format';
import { RestrictionBanner } from '../gdpr/RestrictionBanner';
import { PendingPaymentMethod } from '../billing/PendingPaymentMethod';
import { InlineContactEdit } from './InlineContactEdit';
import { SubscriptionsTab } from './tabs/SubscriptionsTab';
import { InvoicesTab } from './tabs/InvoicesTab';
import { CasesTab } from './tabs/CasesTab';
import { NotesTab } from './tabs/NotesTab';
import { HistoryTab } from './tabs/HistoryTab';
import { AlarmsTab } from '../alarms/AlarmsTab';
import { CoveredCount } from '../people/CoveredCount';
import { CoveredPersonsPanel } from '../people/CoveredPersonsPanel';
import { OpenBlocks } from '../blocks/OpenBlocks';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  const translate = useTranslate();
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">
        {translate(label)}
      </Typography>
      <Typography variant="body1" component="div">
        {children || '–'}
      </Typography>
    </Box>
  );
}

/** Everything an agent needs to confirm who is calling, without scrolling. */
export function CustomerHeader() {
  const c = useRecordContext<Customer>();
  const translate = useTranslate();
  const [editing, setEditing] = useState(false);
  if (!c) return null;
  const f = (name: string) => `resources.customers.fields.${name}`;
  return (
    <Card variant="outlined" sx={{ mb: 1 }}>
      <CardContent sx={{ pb: '12px !important' }}>
        <Stack direction="row" spacing={2} alignItems="baseline" flexWrap="wrap" sx={{ mb: 1 }}>
          <Typography variant="h5" component="h1" data-testid="customer-name">
            {c.first_name} {c.last_name}
          </Typography>
          <Typography variant="body1" color="text.secondary" data-testid="customer-personnummer">
            {c.personnummer}
          </Typography>
          <Chip size="small" label={`${translate(f('customer_number'))} ${c.customer_number}`} />
          {c.flags?.open_cancellations ? <Chip size="small" color="warning" label={translate('customer_page.flag_cancellation')} /> : null}
          {c.flags?.open_gdpr_requests ? <Chip size="small" color="info" label={translate('customer_page.flag_gdpr')} /> : null}
          <PendingPaymentMethod />
          <CoveredCount />
          <OpenBlocks />
          {!editing && (
            <Button size="small" startIcon={<EditIcon />} onClick={() => setEditing(true)} data-testid="edit-contact">
              {translate('customer_page.edit_contact')}
            </Button>
          )}
        </Stack>
        {editing ? (
          <InlineContactEdit onDone={() => setEditing(false)} />
        ) : (
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, sm: 6, md: 3 }}>
              <Field label={f('address')}>
                {c.street}
                <br />
                {c.postal_code} {c.city}
              </Field>
            </Grid>
            <Grid size={{ xs: 6, md: 2 }}>
              <Field label={f('phone')}>
                <span data-testid="customer-phone">{formatPhone(c.phone)}</span>
              </Field>
            </Grid>
            <Grid size={{ xs: 6, md: 3 }}>
              <Field label={f('email')}>
                <span data-testid="customer-email">{c.email}</span>
              </Field>
            </Grid>
            <Grid size={{ xs: 6, md: 2 }}>
              <Field label={f('payment_method')}>{translate(`payment_method.${c.payment_method}`)}</Field>
            </Grid>
            <Grid size={{ xs: 6, md: 2 }}>
              <Field label={f('invoice_interval')}>{translate(`invoice_interval.${c.invoice_interval}`)}</Field>
            </Grid>
          </Grid>
        )}
      </CardContent>
    </Card>
  );
}

const Actions = () => (
  <TopToolbar>
    <EditButton />
  </TopToolbar>
);

function Title() {
  const c = useRecordContext<Customer>();
  return <>{c ? `${c.first_name} ${c.last_name}` : ''}</>;
}

export function CustomerShow() {
  return (
    <Show actions={<Actions />} title={<Title />}>
      <Box sx={{ px: 2, pt: 1 }}>
        <RestrictionBanner />
        <CustomerHeader />
      </Box>
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="customer_page.tabs.subscriptions">
          <SubscriptionsTab />
          <CoveredPersonsPanel />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="customer_page.tabs.invoices" path="fakturor">
          <InvoicesTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="customer_page.tabs.cases" path="arenden">
          <CasesTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="customer_page.tabs.alarms" path="larm">
          <AlarmsTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="customer_page.tabs.notes" path="anteckningar">
          <NotesTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="customer_page.tabs.history" path="historik">
          <HistoryTab />
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
}
