import { type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  GlobalStyles,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import PrintIcon from '@mui/icons-material/Print';
import DownloadIcon from '@mui/icons-material/Download';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { useQuery } from '@tanstack/react-query';
import { useAuthenticated, useDataProvider, useLocale, useTranslate } from 'react-admin';
import { Link, useParams } from 'react-router-dom';
import type { BackOfficeDataProvider } from '../dataProvider';
import { formatOre, formatPhone, formatTimestamp } from '../common/format';
import type { CustomerDataExport } from '../types';
import { serverMessage } from '../common/serverErrors';
import { changeText, describeAction, describeChanges } from '../auditEvents/describeChanges';
import { ChangesList } from './ChangesList';

/** A4 with margins a window envelope and a hole punch leave alone; small type so that tables fit the width. */
const PRINT_STYLES = (
  <GlobalStyles
    styles={{
      '@page': { size: 'A4', margin: '18mm 16mm 18mm 20mm' },
      '@media print': {
        body: { backgroundColor: '#fff' },
        '.registerutdrag table': { fontSize: '9pt' },
        '.registerutdrag th, .registerutdrag td': { padding: '2pt 4pt' },
        '.registerutdrag tr': { breakInside: 'avoid' },
        '.registerutdrag thead': { display: 'table-header-group' },
      },
    }}
  />
);

/** The day the customer became a customer: their first subscription's signing day, else the day the record was made. */
export function customerSince(data: Pick<CustomerDataExport, 'subscriptions' | 'customer'>): string {
  const signed = data.subscriptions.map((s) => s.signed_on).sort();
  return signed[0] ?? String(data.customer.created_at).slice(0, 10);
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const translate = useTranslate();
  return (
    <Box component="section" sx={{ mt: 3 }}>
      <Typography variant="h6" component="h2" sx={{ borderBottom: 1, borderColor: 'divider', mb: 1, breakAfter: 'avoid' }}>
        {translate(title)}
      </Typography>
      {children}
    </Box>
  );
}

/**
 * A table that fits the page: fixed layout at the page's width, long words broken, each column given a
 * share of the width (`widths`, in per cent).
 */
function Rows({ head, rows, widths }: { head: string[]; rows: ReactNode[][]; widths?: number[] }) {
  const translate = useTranslate();
  if (!rows.length) return <Typography variant="body2">{translate('gdpr.export.none')}</Typography>;
  return (
    <Table
      size="small"
      sx={{
        tableLayout: 'fixed',
        width: '100%',
        '& td, & th': { verticalAlign: 'top' },
        // Values may break anywhere (a long e-mail address); headings only between syllables.
        '& td': { overflowWrap: 'anywhere' },
        '& th': { hyphens: 'auto', overflowWrap: 'normal' },
      }}
    >
      <TableHead>
        <TableRow>
          {head.map((h, i) => (
            <TableCell key={h} sx={{ fontWeight: 600, width: widths?.[i] ? `${widths[i]}%` : undefined }}>
              {translate(h)}
            </TableCell>
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

/** One label per line with its value: the customer's own details, readable on paper. */
function Facts({ facts }: { facts: Array<[string, ReactNode]> }) {
  const translate = useTranslate();
  return (
    <Table size="small" sx={{ tableLayout: 'fixed', width: '100%', '& td': { overflowWrap: 'anywhere' } }}>
      <TableBody>
        {facts.map(([label, value]) => (
          <TableRow key={label}>
            <TableCell component="th" scope="row" sx={{ width: '35%', fontWeight: 600 }}>
              {translate(label)}
            </TableCell>
            <TableCell>{value || '–'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const Nowrap = ({ children }: { children: ReactNode }) => <span style={{ whiteSpace: 'nowrap' }}>{children}</span>;

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

/**
 * The letter itself, fit to post to the customer: every value in words, no field keys, and the company's
 * customer service ("kundtjänst") wherever an employee acted — internal usernames stay internal.
 */
function Letter({ data }: { data: CustomerDataExport }) {
  const translate = useTranslate();
  const locale = useLocale();
  const capital = (text: string) => text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
  const c = data.customer;
  const us = translate('letter.customer_service');
  const f = (name: string) => `resources.customers.fields.${name}`;
  const yesNo = (v: unknown) => translate(v ? 'history.yes' : 'history.no');
  const productOf = (subscriptionId: number | null) =>
    data.subscriptions.find((s) => s.id === subscriptionId)?.product_name ?? (subscriptionId ? String(subscriptionId) : '–');
  return (
    <Box data-testid="registerutdrag" className="registerutdrag" lang={locale}>
      <Stack direction="row" justifyContent="space-between" sx={{ mb: 6 }}>
        <Typography variant="body2">{translate('gdpr.export.sender')}</Typography>
        <Typography variant="body2">{data.produced_on}</Typography>
      </Stack>
      {/* Addressed to the folkbokföringsadress, placed for a window envelope. */}
      <Box sx={{ mb: 6, ml: { sm: '50%' }, '@media print': { ml: '50%' } }} data-testid="registerutdrag-address">
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
        <Facts
          facts={[
            [f('name'), `${c.first_name} ${c.last_name}`],
            [f('personnummer'), c.personnummer],
            [f('customer_number'), c.customer_number],
            [f('address'), `${c.street}, ${c.postal_code} ${c.city}`],
            [f('phone'), formatPhone(c.phone)],
            [f('email'), c.email ?? ''],
            [f('invoice_interval'), translate(`invoice_interval.${c.invoice_interval}`)],
            [f('payment_method'), translate(`payment_method.${c.payment_method}`)],
            ['letter.customer_since', <span data-testid="registerutdrag-customer-since">{customerSince(data)}</span>],
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
          widths={[28, 14, 14, 12, 16, 16]}
          rows={data.subscriptions.map((s) => [
            s.product_name,
            <Nowrap>{s.signed_on}</Nowrap>,
            <Nowrap>{s.binding_ends_on}</Nowrap>,
            yesNo(s.with_stickers),
            translate(`subscription_status.${s.status}`, { _: s.status }),
            <Nowrap>{s.ends_on ?? '–'}</Nowrap>,
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
            'letter.lines',
          ]}
          widths={[12, 14, 16, 14, 14, 30]}
          rows={data.invoices.map((i) => [
            i.invoice_number,
            <Nowrap>{i.issued_on}</Nowrap>,
            i.ocr,
            <Nowrap>{formatOre(i.total_ore)}</Nowrap>,
            i.kind === 'credit_note'
              ? `${translate('invoice_kind.credit_note')}, ${translate('record.credit_note_status').toLowerCase()}`
              : translate(`invoice_status.${i.status}`, { _: i.status }),
            <>
              {i.lines.map((l) => (
                <div key={l.id}>
                  {l.description}: <Nowrap>{formatOre(l.amount_ore)}</Nowrap>
                </div>
              ))}
            </>,
          ])}
        />
      </Section>
      <Section title="gdpr.export.notes">
        <Rows
          head={['resources.notes.fields.created_at', 'letter.views_by', 'resources.notes.fields.body']}
          widths={[20, 15, 65]}
          rows={data.notes.map((n) => [<Nowrap>{formatTimestamp(n.created_at)}</Nowrap>, us, n.body])}
        />
      </Section>
      <Section title="gdpr.export.cancellations">
        <Rows
          head={[
            'resources.cancellations.fields.subscription_id',
            'resources.cancellations.fields.kind',
            'resources.cancellations.fields.requested_on',
            'resources.cancellations.fields.ends_on',
            'resources.cancellations.fields.status',
          ]}
          widths={[28, 16, 18, 18, 20]}
          rows={data.cancellations.map((x) => [
            productOf(x.subscription_id),
            translate(`cancellation_kind.${x.kind}`, { _: x.kind }),
            <Nowrap>{x.requested_on}</Nowrap>,
            <Nowrap>{x.ends_on}</Nowrap>,
            translate(`cancellation_status.${x.status}`, { _: x.status }),
          ])}
        />
      </Section>
      <Section title="gdpr.export.billing_changes">
        <Rows
          head={[
            'resources.billing_changes.fields.kind',
            'resources.billing_changes.fields.to_interval',
            'resources.billing_changes.fields.effective_on',
            'resources.billing_changes.fields.created_at',
          ]}
          widths={[30, 25, 20, 25]}
          rows={data.billing_changes.map((b) => [
            translate(`billing_change_kind.${b.kind}`, { _: b.kind }),
            b.to_interval
              ? translate(`invoice_interval.${b.to_interval}`)
              : b.to_method
                ? translate(`payment_method.${b.to_method}`)
                : productOf(b.subscription_id),
            <Nowrap>{b.effective_on}</Nowrap>,
            <Nowrap>{formatTimestamp(b.created_at)}</Nowrap>,
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
          widths={[40, 16, 16, 28]}
          rows={data.gdpr_requests.map((r) => [
            <>
              {translate(`gdpr_type.${r.type}`)}
              <ChangesList changes={r.changes} />
            </>,
            <Nowrap>{r.received_on}</Nowrap>,
            translate(`gdpr_status.${r.status}`),
            r.outcome ?? '–',
          ])}
        />
      </Section>
      <Section title="gdpr.export.record_views">
        <Rows
          head={['resources.audit_events.fields.at', 'letter.views_by', 'resources.audit_events.fields.action']}
          widths={[25, 20, 55]}
          rows={data.record_views.map((v) => [
            <Nowrap>{formatTimestamp(v.at)}</Nowrap>,
            us,
            translate(`letter.view_action.${v.action}`, { _: translate('history.unknown_action') }),
          ])}
        />
      </Section>
      <Section title="gdpr.export.history">
        <Rows
          head={[
            'resources.audit_events.fields.at',
            'letter.views_by',
            'resources.audit_events.fields.action',
            'resources.audit_events.fields.changes',
          ]}
          widths={[18, 14, 22, 46]}
          rows={data.history.map((h) => [
            <Nowrap>{formatTimestamp(h.at)}</Nowrap>,
            us,
            capital(describeAction(h, translate)),
            describeChanges(h, translate, {
              subscriptionName: (id) => data.subscriptions.find((s) => s.id === id)?.product_name,
            })
              .map(changeText)
              .join('; ') || '–',
          ])}
        />
      </Section>
      <Typography variant="caption" component="p" sx={{ mt: 4 }}>
        {translate('gdpr.export.produced_by', { date: data.produced_on, user: us })}
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
    <Box sx={{ maxWidth: 820, mx: 'auto', p: { xs: 2, sm: 4 }, bgcolor: 'background.paper', '@media print': { p: 0, maxWidth: 'none' } }}>
      {PRINT_STYLES}
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
