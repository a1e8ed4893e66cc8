import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { delay, http, HttpResponse } from 'msw';
import { App, createQueryClient } from '../../client/src/App';
import { authProvider } from '../../client/src/auth/authProvider';
import { apiHandlers, listAnswer, TODAY } from './handlers';

/** The action pattern, through the dialogs and the note box of the call screen. */
const state = { loggedIn: true };
const server = setupServer(...apiHandlers(state));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  server.resetHandlers();
  await authProvider.logout({});
  state.loggedIn = true;
});
afterAll(() => server.close());

function open(hash: string) {
  window.history.replaceState({}, '', `/${hash}`);
  render(<App queryClient={createQueryClient()} />);
  return userEvent.setup();
}

/** Records what the server was sent, and answers slowly: a second submission would arrive while the first is in flight. */
function notesServer(answer: (n: number) => Response | undefined = () => undefined) {
  const sent: Array<{ key: string | null; body: { body: string } }> = [];
  server.use(
    http.post('/api/notes', async ({ request }) => {
      const body = (await request.json()) as { customer_id: number; body: string };
      sent.push({ key: request.headers.get('Idempotency-Key'), body });
      await delay(150);
      return (
        answer(sent.length) ?? HttpResponse.json({ id: sent.length, ...body, created_by: 'agent', created_at: '2026-11-25T09:00:00Z' })
      );
    }),
  );
  return sent;
}

test('a double click on "Spara anteckning" sends one note, with an Idempotency-Key', async () => {
  const sent = notesServer();
  const user = open('#/customers/1/show/anteckningar');
  await user.type(await screen.findByTestId('quick-note', {}, { timeout: 8000 }), 'Kunden ringde om fakturan');
  await user.dblClick(screen.getByRole('button', { name: /spara anteckning/i }));
  expect(await screen.findByText('Anteckningen är sparad')).toBeInTheDocument();
  await delay(300);
  expect(sent).toHaveLength(1);
  expect(sent[0].body.body).toBe('Kunden ringde om fakturan');
  expect(sent[0].key).toMatch(UUID);
});

test('two clicks in the same instant, before the button can re-render as disabled, still send one note', async () => {
  const sent = notesServer();
  const user = open('#/customers/1/show/anteckningar');
  await user.type(await screen.findByTestId('quick-note', {}, { timeout: 8000 }), 'Ett samtal');
  const button = screen.getByRole('button', { name: /spara anteckning/i });
  fireEvent.click(button);
  fireEvent.click(button);
  expect(await screen.findByText('Anteckningen är sparad')).toBeInTheDocument();
  await delay(300);
  expect(sent).toHaveLength(1);
});

test('Ctrl+Enter twice sends one note; the box empties and keeps the focus for the next one', async () => {
  const sent = notesServer();
  const user = open('#/customers/1/show/anteckningar');
  const box = await screen.findByTestId('quick-note', {}, { timeout: 8000 });
  await user.type(box, 'Förklarade beloppet');
  await user.keyboard('{Control>}{Enter}{Enter}{/Control}');
  expect(await screen.findByText('Anteckningen är sparad')).toBeInTheDocument();
  await waitFor(() => expect(box).toHaveValue(''));
  expect(box).toHaveFocus();
  await delay(300);
  expect(sent).toHaveLength(1);
});

test('a retry of the same values reuses the key; changed values are a new submission with a new key', async () => {
  // The first answer is lost (503); the retry must be recognisable as the same submission.
  const sent = notesServer((n) =>
    n === 1 ? HttpResponse.json({ message: 'Tjänsten svarar inte just nu', errors: {} }, { status: 503 }) : undefined,
  );
  const user = open('#/customers/1/show/anteckningar');
  const box = await screen.findByTestId('quick-note', {}, { timeout: 8000 });
  await user.type(box, 'Samtal om autogiro');
  await user.click(screen.getByRole('button', { name: /spara anteckning/i }));
  // No field errors: the server's message is shown, and what was typed stays.
  expect(await screen.findByText('Tjänsten svarar inte just nu')).toBeInTheDocument();
  expect(box).toHaveValue('Samtal om autogiro');
  await user.click(screen.getByRole('button', { name: /spara anteckning/i }));
  expect(await screen.findByText('Anteckningen är sparad')).toBeInTheDocument();
  await user.type(box, 'Nästa anteckning');
  await user.click(screen.getByRole('button', { name: /spara anteckning/i }));
  await waitFor(() => expect(sent).toHaveLength(3));
  expect(sent[1].key).toBe(sent[0].key);
  expect(sent[2].key).not.toBe(sent[1].key);
  expect(sent[2].key).toMatch(UUID);
});

test("the server's field error on a rectified value (changes.0.new_value) lands on that value's input", async () => {
  const sent: unknown[] = [];
  server.use(
    http.get('/api/gdpr_requests/due-date', ({ request }) =>
      HttpResponse.json({ today: TODAY, received_on: new URL(request.url).searchParams.get('received_on'), due_on: '2026-12-28' }),
    ),
    http.post('/api/gdpr_requests', async ({ request }) => {
      sent.push(await request.json());
      return HttpResponse.json(
        { message: 'Ogiltiga uppgifter', errors: { 'changes.0.new_value': 'Postnummer ska vara fem siffror (NNN NN)' } },
        { status: 400 },
      );
    }),
  );
  const user = open('#/customers/1/show/arenden');
  await user.click(await screen.findByRole('button', { name: 'Registrera GDPR-begäran' }, { timeout: 8000 }));
  const dialog = await screen.findByRole('dialog');
  // The server's deadline for the received date (the server's today by default).
  expect(await within(dialog).findByTestId('gdpr-due-preview')).toHaveTextContent('2026-12-28');
  // Whether the identity is verified is never pre-selected: the agent chooses.
  const verified = within(dialog).getByRole('radio', { name: 'Identiteten är styrkt' });
  expect(verified).not.toBeChecked();
  expect(within(dialog).getByRole('radio', { name: 'Identiteten är inte styrkt' })).not.toBeChecked();
  await user.click(verified);
  await user.click(within(dialog).getByLabelText('Postnummer'));
  const value = within(dialog).getByLabelText('Rättat värde');
  await user.type(value, '2222');
  await user.click(within(dialog).getByRole('button', { name: 'Registrera GDPR-begäran' }));
  await waitFor(() => expect(value).toHaveAttribute('aria-invalid', 'true'));
  expect(value).toHaveAccessibleDescription('Postnummer ska vara fem siffror (NNN NN)');
  expect(sent).toEqual([
    expect.objectContaining({
      type: 'rectification',
      received_on: TODAY,
      identity_verified: true,
      changes: [{ field: 'postal_code', old_value: '252 24', new_value: '2222' }],
    }),
  ]);
  // Placed on its input, so not repeated above the form.
  expect(within(dialog).queryByTestId('action-refusal')).not.toBeInTheDocument();
});

test('the cancellation dialog shows the server’s terms before it can be confirmed', async () => {
  const asked: string[] = [];
  server.use(
    http.get('/api/subscriptions', ({ request }) =>
      listAnswer('subscriptions', request, [
        {
          id: 11,
          customer_id: 1,
          product_id: 1,
          signed_on: '2024-12-22',
          binding_months: 24,
          binding_ends_on: '2026-12-22',
          with_stickers: false,
          sticker_fee_removed_on: null,
          status: 'active',
          ends_on: null,
          version: 1,
        },
      ]),
    ),
    http.get('/api/products', ({ request }) =>
      listAnswer('products', request, [{ id: 1, code: 'IDL', name: 'ID-Larm Prio', monthly_price_ore: 9900, sticker_yearly_fee_ore: 0 }]),
    ),
    http.get('/api/subscriptions/11/cancellation-terms', async ({ request }) => {
      const requestedOn = new URL(request.url).searchParams.get('requested_on') ?? TODAY;
      asked.push(requestedOn);
      await delay(200);
      return HttpResponse.json({
        kind: 'notice',
        requested_on: requestedOn,
        withdrawal_deadline: '2025-01-07',
        binding_ends_on: '2026-12-22',
        ends_on: '2027-02-25',
        refund_ore: 0,
      });
    }),
  );
  const user = open('#/customers/1/show');
  await user.click(await screen.findByTestId('cancel-subscription-11', {}, { timeout: 8000 }));
  const dialog = await screen.findByRole('dialog');
  const confirm = within(dialog).getByRole('button', { name: /registrera uppsägning/i });
  // Nothing to confirm before the server has said what it means.
  expect(confirm).toBeDisabled();
  expect(await within(dialog).findByTestId('preview-kind')).toHaveTextContent('Uppsägning');
  expect(within(dialog).getByTestId('preview-ends-on')).toHaveTextContent('2027-02-25');
  expect(within(dialog).getByTestId('preview-binding')).toHaveTextContent('2026-12-22');
  expect(asked).toEqual([TODAY]);
  await waitFor(() => expect(confirm).toBeEnabled());
});

test('contact details edited in place: the field error on its input, then the saved record shown without fetching it again', async () => {
  const fetched: string[] = [];
  const keys: Array<string | null> = [];
  const listener = ({ request }: { request: Request }) => {
    if (request.method === 'GET' && new URL(request.url).pathname === '/api/customers/1') fetched.push(request.url);
    if (request.method === 'PUT') keys.push(request.headers.get('Idempotency-Key'));
  };
  server.events.on('request:start', listener);
  try {
    const user = open('#/customers/1/show');
    await user.click(await screen.findByTestId('edit-contact', {}, { timeout: 8000 }));
    const phone = screen.getByRole('textbox', { name: /^telefon/i });
    await user.clear(phone);
    await user.type(phone, '12');
    await user.click(screen.getByRole('button', { name: 'Spara' }));
    await waitFor(() => expect(phone).toHaveAccessibleDescription('Ogiltigt telefonnummer'));
    await user.clear(phone);
    await user.type(phone, '+46735559876');
    await user.click(screen.getByRole('button', { name: 'Spara' }));
    expect(await screen.findByTestId('customer-phone')).toHaveTextContent('073-555 98 76');
    expect(fetched).toHaveLength(1);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).not.toBe(keys[0]);
  } finally {
    server.events.removeListener('request:start', listener);
  }
});

test('a preview refused with a field error marks that input and keeps the action from being confirmed', async () => {
  server.use(
    http.get('/api/subscriptions', ({ request }) =>
      listAnswer('subscriptions', request, [
        {
          id: 12,
          customer_id: 1,
          product_id: 1,
          signed_on: '2026-11-20',
          binding_months: 12,
          binding_ends_on: '2027-11-20',
          with_stickers: false,
          sticker_fee_removed_on: null,
          status: 'active',
          ends_on: null,
          version: 1,
        },
      ]),
    ),
    http.get('/api/products', ({ request }) =>
      listAnswer('products', request, [{ id: 1, code: 'IDL', name: 'ID-Larm Prio', monthly_price_ore: 9900, sticker_yearly_fee_ore: 0 }]),
    ),
    http.get('/api/subscriptions/12/cancellation-terms', () =>
      HttpResponse.json(
        { message: 'Ogiltiga uppgifter', errors: { requested_on: 'Kan inte vara före avtalets start (2026-11-20)' } },
        { status: 400 },
      ),
    ),
  );
  const user = open('#/customers/1/show');
  await user.click(await screen.findByTestId('cancel-subscription-12', {}, { timeout: 8000 }));
  const dialog = await screen.findByRole('dialog');
  const date = within(dialog).getByLabelText(/begärd/i);
  await waitFor(() => expect(date).toHaveAccessibleDescription('Kan inte vara före avtalets start (2026-11-20)'));
  expect(within(dialog).getByRole('button', { name: /registrera uppsägning/i })).toBeDisabled();
  expect(within(dialog).queryByTestId('cancellation-preview')).not.toBeInTheDocument();
});
