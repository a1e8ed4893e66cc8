import { type ReactNode } from 'react';
import { Alert, Box, Button, CircularProgress, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import PrintIcon from '@mui/icons-material/Print';
import DownloadIcon from '@mui/icons-material/Download';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { useQuery } from '@tanstack/react-query';
import { useAuthenticated, useDataProvider, useTranslate } from 'react-admin';
import { Link, useParams } from 'react-router-dom';
import type { BackOfficeDataProvider } from '../dataProvider';
import { formatOre, formatPhone } from '../common/format';
import type { CustomerDataExport } from '../types';
import { serverMessage } from '../common/serverErrors';
import { ChangesList } from './ChangesList';

const stamp = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' });

function Section({ title, children }: { title: string; children: ReactNode }) {
  const translate = useTranslate();
  return (
    <Box component="section" sx={{ mt: 3, breakInside: 'avoid-page' }}>
      <Typography variant="h6" component="h2" sx={{ borderBottom: 1, borderColor: 'divider', mb: 1 }}>
        {translate(title)}
      </Typography>
      {children}
    </Box>
  );
}

function Rows({ head, rows }: { head: string[]; rows: ReactNode[][] }) {
  const translate = useTranslate();
  if (!rows.length) return <Typography variant="body2">{translate('gdpr.export.none')}</Typography>;
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          {head.map((h) => (
            <TableCell key={h}>{translate(h)}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((cells, i) => (
          <TableRow key={i}>
            {cells.map((c, j) => (
              <TableCell key={j}>{c}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function downloadJson(data: CustomerDataExport) {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `registerutdrag-${data.customer.customer_number}-${data.produced_on}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

function Letter({ data }: { data: CustomerDataExport }) {
  const translate = useTranslate();
  const c = data.customer;
  const f = (name: string) => `resources.customers.fields.${name}`;
  const yesNo = (v: unknown) => (v ? '✓' : '–');
  return (
    <Box data-testid="registerutdrag">
      <Stack direction="row" justifyContent="space-between" sx={{ mb: 6 }}>
        <Typography variant="body2">{translate('gdpr.export.sender')}</Typography>
        <Typography variant="body2">{data.produced_on}</Typography>
      </Stack>
      {/* Addressed to the folkbokföringsadress, placed for a window envelope. */}
      <Box sx={{ mb: 6, ml: { sm: '50%' } }} data-testid="registerutdrag-address">
        <Typography>
          {c.first_name} {c.last_name}
        </Typography>
        <Typography>{c.street}</Typography>
        <Typography>
          {c.postal_code} {c.city}
        </Typography>
      </Box>
      <Typography variant="h5" component="h1">
        {translate('gdpr.export.title')}
      </Typography>
      <Typography variant="body1" sx={{ mt: 1 }}>
        {translate('gdpr.export.intro', { date: data.produced_on })}
      </Typography>

      <Section title="gdpr.export.record">
        <Rows
          head={[
            f('customer_number'),
            f('personnummer'),
            f('name'),
            f('address'),
            f('phone'),
            f('email'),
            f('invoice_interval'),
            f('payment_method'),
            f('created_at'),
          ]}
          rows={[
            [
              c.customer_number,
              c.personnummer,
              `${c.first_name} ${c.last_name}`,
              `${c.street}, ${c.postal_code} ${c.city}`,
              formatPhone(c.phone),
              c.email ?? '',
              translate(`invoice_interval.${c.invoice_interval}`),
              translate(`payment_method.${c.payment_method}`),
              String(c.created_at).slice(0, 10),
            ],
          ]}
        />
      </Section>
      <Section title="gdpr.export.subscriptions">
        <Rows
          head={[
            'resources.subscriptions.fields.product_id',
            'resources.subscriptions.fields.signed_on',
            'resources.subscriptions.fields.binding_ends_on',
            'resources.subscriptions.fields.with_stickers',
            'resources.subscriptions.fields.status',
            'resources.subscriptions.fields.ends_on',
          ]}
          rows={data.subscriptions.map((s) => [
            s.product_name,
            s.signed_on,
            s.binding_ends_on,
            yesNo(s.with_stickers),
            translate(`subscription_status.${s.status}`, { _: s.status }),
            s.ends_on ?? '',
          ])}
        />
      </Section>
      <Section title="gdpr.export.invoices">
        <Rows
          head={[
            'resources.invoices.fields.invoice_number',
            'resources.invoices.fields.issued_on',
            'resources.invoices.fields.ocr',
            'resources.invoices.fields.total_ore',
            'resources.invoices.fields.status',
            'resources.invoices.fields.kind',
          ]}
          rows={data.invoices.map((i) => [
            i.invoice_number,
            i.issued_on,
            i.ocr,
            formatOre(i.total_ore),
            translate(`invoice_status.${i.status}`, { _: i.status }),
            <>
              {i.lines.map((l) => (
                <div key={l.id}>
                  {l.description}: {formatOre(l.amount_ore)}
                </div>
              ))}
            </>,
          ])}
        />
      </Section>
      <Section title="gdpr.export.notes">
        <Rows
          head={['resources.notes.fields.created_at', 'resources.notes.fields.created_by', 'resources.notes.fields.body']}
          rows={data.notes.map((n) => [stamp(n.created_at), n.created_by, n.body])}
        />
      </Section>
      <Section title="gdpr.export.cancellations">
        <Rows
          head={[
            'resources.cancellations.fields.kind',
            'resources.cancellations.fields.requested_on',
            'resources.cancellations.fields.ends_on',
            'resources.cancellations.fields.status',
          ]}
          rows={data.cancellations.map((x) => [
            translate(`cancellation_kind.${x.kind}`, { _: x.kind }),
            x.requested_on,
            x.ends_on,
            translate(`cancellation_status.${x.status}`, { _: x.status }),
          ])}
        />
      </Section>
      <Section title="gdpr.export.billing_changes">
        <Rows
          head={[
            'resources.billing_changes.fields.kind',
            'resources.billing_changes.fields.effective_on',
            'resources.billing_changes.fields.created_at',
          ]}
          rows={data.billing_changes.map((b) => [
            translate(`billing_change_kind.${b.kind}`, { _: b.kind }),
            b.effective_on,
            stamp(b.created_at),
          ])}
        />
      </Section>
      <Section title="gdpr.export.gdpr_requests">
        <Rows
          head={[
            'resources.gdpr_requests.fields.type',
            'resources.gdpr_requests.fields.received_on',
            'resources.gdpr_requests.fields.status',
            'resources.gdpr_requests.fields.outcome',
          ]}
          rows={data.gdpr_requests.map((r) => [
            <>
              {translate(`gdpr_type.${r.type}`)}
              <ChangesList changes={r.changes} />
            </>,
            r.received_on,
            translate(`gdpr_status.${r.status}`),
            r.outcome ?? '',
          ])}
        />
      </Section>
      <Section title="gdpr.export.record_views">
        <Rows
          head={['resources.audit_events.fields.at', 'resources.audit_events.fields.actor', 'resources.audit_events.fields.action']}
          rows={data.record_views.map((v) => [stamp(v.at), v.actor, translate(`audit.action.${v.action}`, { _: v.action })])}
        />
      </Section>
      <Section title="gdpr.export.history">
        <Rows
          head={[
            'resources.audit_events.fields.at',
            'resources.audit_events.fields.actor',
            'resources.audit_events.fields.action',
            'resources.audit_events.fields.changes',
          ]}
          rows={data.history.map((h) => [
            stamp(h.at),
            h.actor,
            `${translate(`audit.action.${h.action}`, { _: h.action })} ${translate(`audit.entity.${h.entity}`, { _: h.entity })}`,
            Object.entries(h.changes ?? {})
              .map(([field, { before, after }]) => `${field}: ${before ?? '–'} → ${after ?? '–'}`)
              .join('; '),
          ])}
        />
      </Section>
      <Typography variant="caption" component="p" sx={{ mt: 4 }}>
        {translate('gdpr.export.produced_by', { date: data.produced_on, user: data.produced_by })}
      </Typography>
    </Box>
  );
}

/**
 * Registerutdrag: a print-ready letter to the customer's folkbokföringsadress with everything held about
 * them, and the same data as JSON for portability. Each load is one audited export on the server, so it
 * is fetched once and never refetched in the background.
 */
export function RegisterutdragPage() {
  useAuthenticated();
  const { id } = useParams();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const translate = useTranslate();
  const { data, error, isPending } = useQuery({
    queryKey: ['customers', id, 'data-export'],
    queryFn: () => dataProvider.getCustomerDataExport(Number(id)),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  return (
    <Box sx={{ maxWidth: 900, mx: 'auto', p: 4, bgcolor: 'background.paper', '@media print': { p: 0, maxWidth: 'none' } }}>
      <Stack direction="row" spacing={1} sx={{ mb: 3, '@media print': { display: 'none' } }}>
        <Button component={Link} to={`/customers/${id}/show/arenden`} startIcon={<ArrowBackIcon />}>
          {translate('ra.action.back')}
        </Button>
        <Button variant="contained" startIcon={<PrintIcon />} onClick={() => window.print()} disabled={!data}>
          {translate('gdpr.export.print')}
        </Button>
        <Button startIcon={<DownloadIcon />} onClick={() => data && downloadJson(data)} disabled={!data}>
          {translate('gdpr.export.download')}
        </Button>
      </Stack>
      {isPending ? <CircularProgress /> : null}
      {error ? <Alert severity="error">{serverMessage(error)}</Alert> : null}
      {data ? <Letter data={data} /> : null}
    </Box>
  );
}
