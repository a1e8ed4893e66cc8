import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { App, createQueryClient } from '../../client/src/App';
import { authProvider } from '../../client/src/auth/authProvider';
import { invoiceState } from '../../client/src/billing/invoiceState';
import { paymentMethodRequest } from '../../client/src/billing/PaymentMethodDialog';
import { anna, apiHandlers, listAnswer, TODAY } from './handlers';

/** The call screen's money: "is it paid?" at a glance, an invoice opened, Byt betalsätt, the pending chip. */
const state = { loggedIn: true };
const server = setupServer(...apiHandlers(state));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  server.resetHandlers();
  await authProvider.logout({});
  state.loggedIn = true;
});
afterAll(() => server.close());

const invoice = {
  id: 11,
  customer_id: 1,
  invoice_number: '500011',
  ocr: '50001189',
  kind: 'invoice' as const,
  credits_invoice_id: null,
  issued_on: '2026-10-01',
  due_on: '2026-10-31',
  period_start: '2026-10-01',
  period_end: '2026-10-31',
  total_ore: 14900,
  vat_ore: 2980,
  open_ore: 0,
  paid_ore: 14900,
  credited_ore: 0,
  status: 'paid' as const,
  payment_method: 'paper_invoice' as const,
  paid_on: '2026-10-12',
  created_at: '2026-10-01T05:00:00Z',
};

describe('is it paid? (the status in words)', () => {
  test.each([
    ['a paid invoice', {}, 'money.status.paid', { date: '2026-10-12' }],
    ['a credit note is never "paid"', { kind: 'credit_note' as const, total_ore: -14900 }, 'money.status.credit_note', {}],
    ['a credited invoice', { status: 'credited' as const, paid_on: null }, 'money.status.credited', {}],
    [
      'unpaid, not yet due',
      { status: 'unpaid' as const, paid_on: null, paid_ore: 0, open_ore: 14900, due_on: '2026-12-01' },
      'money.status.unpaid',
      {},
    ],
    [
      'unpaid past its due date',
      { status: 'unpaid' as const, paid_on: null, paid_ore: 0, open_ore: 14900 },
      'money.status.overdue',
      { date: '2026-10-31' },
    ],
    [
      'partly paid',
      { status: 'unpaid' as const, paid_on: null, paid_ore: 10000, open_ore: 4900, due_on: '2026-12-01' },
      'money.status.partly_paid',
      {},
    ],
  ])('%s', (_what, patch, key, values) => {
    const state = invoiceState({ ...invoice, ...patch }, TODAY);
    expect(state.key).toBe(key);
    expect(state.values).toMatchObject(values);
  });
});

test('the request of Byt betalsätt: autogiro only with both bank details', () => {
  expect(paymentMethodRequest(1, {})).toBeUndefined();
  expect(paymentMethodRequest(1, { to_method: 'email_invoice' })).toEqual({
    kind: 'payment_method',
    customer_id: 1,
    to_method: 'email_invoice',
  });
  expect(paymentMethodRequest(1, { to_method: 'autogiro', clearing_number: '8327-9' })).toBeUndefined();
  expect(paymentMethodRequest(1, { to_method: 'autogiro', clearing_number: ' 8327-9 ', account_number: '9141234567' })).toEqual({
    kind: 'payment_method',
    customer_id: 1,
    to_method: 'autogiro',
    clearing_number: '8327-9',
    account_number: '9141234567',
  });
});

function open(hash: string) {
  window.history.replaceState({}, '', `/${hash}`);
  render(<App queryClient={createQueryClient()} />);
  return userEvent.setup();
}

const paperAnna = { ...anna, payment_method: 'paper_invoice' };

test('Fakturor: the status reads in words, and an invoice opens its lines and the payments booked on it', async () => {
  const creditNote = {
    ...invoice,
    id: 12,
    invoice_number: '500012',
    kind: 'credit_note' as const,
    total_ore: -5000,
    credits_invoice_id: 11,
  };
  server.use(
    http.get('/api/customers/1', () => HttpResponse.json(paperAnna)),
    http.get('/api/invoices', ({ request }) => listAnswer('invoices', request, [creditNote, invoice])),
    http.get('/api/invoices/11', () =>
      HttpResponse.json({
        ...invoice,
        lines: [
          {
            id: 1,
            invoice_id: 11,
            subscription_id: 1,
            kind: 'service',
            description: 'ID-Larm Prio 2026-10-01 – 2026-10-31',
            period_start: '2026-10-01',
            period_end: '2026-10-31',
            amount_ore: 14900,
            vat_ore: 2980,
          },
        ],
        payments: [
          {
            id: 5,
            customer_id: 1,
            invoice_id: 11,
            amount_ore: 14900,
            paid_on: '2026-10-12',
            reference: '50001189',
            reference_code: '2',
            payer_name: null,
            source: 'bgmax',
            status: 'matched',
            payment_file_id: 1,
            assigned_by: null,
            assigned_at: null,
            version: 1,
            created_at: '2026-10-13T06:00:00Z',
            updated_at: '2026-10-13T06:00:00Z',
          },
        ],
      }),
    ),
  );
  const user = open('#/customers/1/show/fakturor');
  const states = await screen.findAllByTestId('invoice-state', {}, { timeout: 8000 });
  expect(states.map((s) => s.textContent)).toEqual(['Avräknad', 'Betald 2026-10-12']);
  await user.click(screen.getByText('Betald 2026-10-12'));
  const details = await screen.findByTestId('invoice-details');
  expect(await within(details).findByText('ID-Larm Prio 2026-10-01 – 2026-10-31')).toBeInTheDocument();
  expect(within(details).getByTestId('invoice-payments').textContent).toMatch(/149,00\skr betalt 2026-10-12 via Bankgirot \(BgMax\)/);
});

test('Byt betalsätt to autogiro: the preview says it waits for approval, the server’s field error lands on its input, then it is requested', async () => {
  const sent: Array<{ body: Record<string, unknown>; dryRun: boolean; key: string | null }> = [];
  server.use(
    http.get('/api/customers/1', () => HttpResponse.json(paperAnna)),
    http.post('/api/billing_changes', async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      const dryRun = new URL(request.url).searchParams.get('dry_run') === 'true';
      sent.push({ body, dryRun, key: request.headers.get('Idempotency-Key') });
      if (body.account_number === '12') {
        return HttpResponse.json(
          {
            message: 'Betalsättet kan inte bytas med de uppgifterna',
            errors: { account_number: 'Kontonumret ska vara 5–12 siffror (utan clearingnummer)' },
          },
          { status: 400 },
        );
      }
      const schedule = { invoices: [] };
      if (dryRun) {
        return HttpResponse.json({
          dry_run: true,
          change: { customer_id: 1, kind: 'payment_method', to_method: 'autogiro', from_method: null, effective_on: TODAY },
          waits_for_approval: true,
          mandate: { clearing_number: '83279', account_number: '****4567' },
          next_invoice: null,
          credits: [],
          before: schedule,
          after: schedule,
        });
      }
      return HttpResponse.json(
        { id: 9, customer_id: 1, kind: 'payment_method', to_method: 'autogiro', mandate: { id: 3, status: 'requested' } },
        { status: 201 },
      );
    }),
  );
  const user = open('#/customers/1/show/fakturor');
  await user.click(await screen.findByRole('button', { name: 'Byt betalsätt' }, { timeout: 8000 }));
  const dialog = await screen.findByRole('dialog');
  await user.click(within(dialog).getByLabelText('Autogiro'));
  await user.type(within(dialog).getByLabelText('Clearingnummer'), '8327-9');
  await user.type(within(dialog).getByLabelText('Kontonummer'), '12');
  expect(await within(dialog).findByText('Kontonumret ska vara 5–12 siffror (utan clearingnummer)')).toBeInTheDocument();
  await user.clear(within(dialog).getByLabelText('Kontonummer'));
  await user.type(within(dialog).getByLabelText('Kontonummer'), '9141234567');
  expect(await within(dialog).findByText(/Autogiro börjar gälla när en teamledare har godkänt medgivandet/)).toBeInTheDocument();
  expect(within(dialog).getByText(/83279, \*\*\*\*4567/)).toBeInTheDocument();
  await user.click(within(dialog).getByRole('button', { name: 'Bekräfta' }));
  expect(await screen.findByText('Autogiromedgivandet är begärt och väntar på en teamledare.')).toBeInTheDocument();
  const saved = sent.filter((s) => !s.dryRun);
  expect(saved).toHaveLength(1);
  expect(saved[0].body).toEqual({
    kind: 'payment_method',
    customer_id: 1,
    to_method: 'autogiro',
    clearing_number: '8327-9',
    account_number: '9141234567',
  });
  expect(saved[0].key).toBeTruthy();
});

test('the header shows a payment-method change waiting for approval, and the tab the rejected mandate’s reason', async () => {
  server.use(
    http.get('/api/customers/1', () => HttpResponse.json(paperAnna)),
    http.get('/api/billing_changes', ({ request }) =>
      listAnswer('billing_changes', request, [
        {
          id: 9,
          customer_id: 1,
          kind: 'payment_method',
          to_method: 'autogiro',
          effective_on: '2026-11-24',
          applied_on: null,
          cancelled_on: null,
        },
      ]),
    ),
    http.get('/api/autogiro_mandates', ({ request }) =>
      listAnswer('autogiro_mandates', request, [
        {
          id: 2,
          customer_id: 1,
          clearing_number: '6000',
          account_number: '****6789',
          status: 'rejected',
          requested_on: '2026-11-01',
          decided_on: '2026-11-03',
          reason: 'Kontot tillhör inte kunden',
          version: 2,
        },
      ]),
    ),
  );
  open('#/customers/1/show/fakturor');
  expect(await screen.findByTestId('pending-payment-method', {}, { timeout: 8000 })).toHaveTextContent(
    'Autogiro begärt 2026-11-24 – väntar på godkännande',
  );
  await waitFor(() => expect(screen.getByTestId('mandate-state')).toHaveTextContent('avslogs 2026-11-03: Kontot tillhör inte kunden'));
  expect(screen.getByRole('button', { name: 'Avbryt begäran' })).toBeInTheDocument();
});
