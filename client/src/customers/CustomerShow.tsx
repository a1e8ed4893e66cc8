import { type ReactNode, useState } from 'react';
import { Box, Button, Card, CardContent, Chip, Grid, Stack, Typography } from '@mui/material';
import EditIcon from '@mui/icons-material/Edit';
import { EditButton, Show, TabbedShowLayout, TabbedShowLayoutTabs, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
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
import { PendingCancellations, PendingChanges, PendingIntervalChange } from './header/PendingChanges';
import { useCustomerCounts } from './useCustomerCounts';

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  const translate = useTranslate();
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography variant="caption" color="text.secondary">
        {translate(label)}
      </Typography>
      <Typography variant="body1" component="div" data-testid={testId} sx={{ overflowWrap: 'anywhere' }}>
        {children || '–'}
      </Typography>
    </Box>
  );
}

/**
 * Everything an agent needs to confirm who is calling, without scrolling: name, personnummer, customer
 * number, what is pending (with dates), the contact details. Other features add their header parts as one
 * line each where the comments say.
 */
export function CustomerHeader() {
  const c = useRecordContext<Customer>();
  const translate = useTranslate();
  const [editing, setEditing] = useState(false);
  if (!c) return null;
  const f = (name: string) => `resources.customers.fields.${name}`;
  return (
    <Card variant="outlined" sx={{ mb: 1 }}>
      <CardContent sx={{ pb: '12px !important', px: { xs: 1.5, sm: 2 } }}>
        <Stack direction="row" columnGap={2} rowGap={0.5} alignItems="baseline" flexWrap="wrap" sx={{ mb: 1 }}>
          <Typography variant="h5" component="h1" data-testid="customer-name" sx={{ overflowWrap: 'anywhere' }}>
            {c.first_name} {c.last_name}
          </Typography>
          <Typography variant="body1" color="text.secondary" data-testid="customer-personnummer" sx={{ whiteSpace: 'nowrap' }}>
            {c.personnummer}
          </Typography>
          <Chip size="small" label={`${translate(f('customer_number'))} ${c.customer_number}`} />
          {c.flags?.open_gdpr_requests ? <Chip size="small" color="info" label={translate('customer_page.flag_gdpr')} /> : null}
          <CoveredCount />
          <OpenBlocks />
          {!editing && (
            <Button size="small" startIcon={<EditIcon />} onClick={() => setEditing(true)} data-testid="edit-contact" sx={{ ml: 'auto' }}>
              {translate('customer_page.edit_contact')}
            </Button>
          )}
        </Stack>
        <PendingChanges>
          <PendingIntervalChange />
          <PendingCancellations />
          <PendingPaymentMethod />
        </PendingChanges>
        {editing ? (
          <InlineContactEdit onDone={() => setEditing(false)} />
        ) : (
          <Grid container spacing={{ xs: 1, sm: 2 }}>
            <Grid size={{ xs: 12, sm: 6, md: 3 }}>
              <Field label={f('address')}>
                {c.street}
                <br />
                {c.postal_code} {c.city}
              </Field>
            </Grid>
            <Grid size={{ xs: 6, sm: 6, md: 2 }}>
              <Field label={f('phone')}>
                <span data-testid="customer-phone" style={{ whiteSpace: 'nowrap' }}>
                  {formatPhone(c.phone)}
                </span>
              </Field>
            </Grid>
            <Grid size={{ xs: 6, sm: 6, md: 3 }}>
              <Field label={f('email')}>
                <span data-testid="customer-email">{c.email}</span>
              </Field>
            </Grid>
            <Grid size={{ xs: 6, sm: 3, md: 2 }}>
              <Field label={f('payment_method')} testId="customer-payment-method">
                {translate(`payment_method.${c.payment_method}`)}
              </Field>
            </Grid>
            <Grid size={{ xs: 6, sm: 3, md: 2 }}>
              <Field label={f('invoice_interval')} testId="customer-invoice-interval">
                {translate(`invoice_interval.${c.invoice_interval}`)}
              </Field>
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

/** A tab's label with how many rows it holds: "Anteckningar (3)". */
function CountedLabel({ label, count }: { label: string; count: number | undefined }) {
  const translate = useTranslate();
  const words = translate(label);
  return <span>{count === undefined ? words : translate('record.tab_count', { label: words, count })}</span>;
}

function RecordTabs() {
  const customer = useRecordContext<Customer>();
  const counts = useCustomerCounts(customer?.id);
  const cases = counts ? counts.cancellations + counts.billing_changes + counts.gdpr_requests : undefined;
  return (
    <TabbedShowLayout
      // Scrolls sideways on a narrow screen instead of pushing the page wider.
      tabs={<TabbedShowLayoutTabs variant="scrollable" scrollButtons="auto" allowScrollButtonsMobile />}
      sx={{ '& .MuiTab-root': { minWidth: 0, px: { xs: 1.5, sm: 2 } } }}
    >
      <TabbedShowLayout.Tab label={<CountedLabel label="customer_page.tabs.subscriptions" count={counts?.subscriptions} />}>
        <SubscriptionsTab />
        <CoveredPersonsPanel />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label={<CountedLabel label="customer_page.tabs.invoices" count={counts?.invoices} />} path="fakturor">
        <InvoicesTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label={<CountedLabel label="customer_page.tabs.cases" count={cases} />} path="arenden">
        <CasesTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label={<CountedLabel label="customer_page.tabs.alarms" count={counts?.alarms} />} path="larm">
        <AlarmsTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label={<CountedLabel label="customer_page.tabs.notes" count={counts?.notes} />} path="anteckningar">
        <NotesTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label={<CountedLabel label="customer_page.tabs.history" count={counts?.changes} />} path="historik">
        <HistoryTab />
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  );
}

export function CustomerShow() {
  return (
    <Show actions={<Actions />} title={<Title />} sx={{ '& .RaShow-main': { minWidth: 0 } }}>
      <Box sx={{ px: { xs: 1, sm: 2 }, pt: 1 }}>
        <RestrictionBanner />
        <CustomerHeader />
      </Box>
      <RecordTabs />
    </Show>
  );
}
