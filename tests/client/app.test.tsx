import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { App } from '../../client/src/App';
import { authProvider } from '../../client/src/auth/authProvider';
import { apiHandlers } from './handlers';

const state = { loggedIn: false };
const server = setupServer(...apiHandlers(state));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  server.resetHandlers();
  await authProvider.logout({}); // the provider remembers who logged in, as it does in a browser tab
});
// react-admin routes by hash. (Starting jsdom at a bare "/" makes the redirect to #/login loop in
// jsdom only; Chromium redirects once, which the end-to-end test covers.)
const visit = (hash: string) => window.history.replaceState({}, '', `/${hash}`);
afterAll(() => server.close());

test('logging in shows the Swedish login page, then the customer list', async () => {
  state.loggedIn = false;
  visit('#/login');
  render(<App />);
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText(/användarnamn/i, {}, { timeout: 8000 }), 'agent');
  await user.type(screen.getByLabelText(/lösenord/i, { selector: 'input' }), 'demo');
  await user.click(screen.getByRole('button', { name: /logga in/i }));
  await user.click(await screen.findByRole('menuitem', { name: /kunder/i }, { timeout: 5000 }));
  expect(await screen.findByText('Anna Andersson', {}, { timeout: 5000 })).toBeInTheDocument();
  expect(screen.getByText('Greta Lindqvist')).toBeInTheDocument();
  expect(screen.getByText('19800101-****')).toBeInTheDocument();
  expect(screen.getAllByText('Helsingborg').length).toBeGreaterThan(0);
  // The list shows what the server lists: no phone number or e-mail (those are on the audited record).
  expect(screen.queryByText('070-123 45 67')).not.toBeInTheDocument();
  expect(screen.queryByText('anna.andersson@example.se')).not.toBeInTheDocument();
});

test('a wrong password shows the server message and stays on the login page', async () => {
  state.loggedIn = false;
  visit('#/login');
  render(<App />);
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText(/användarnamn/i, {}, { timeout: 8000 }), 'agent');
  await user.type(screen.getByLabelText(/lösenord/i, { selector: 'input' }), 'wrong');
  await user.click(screen.getByRole('button', { name: /logga in/i }));
  expect(await screen.findByText(/fel användarnamn eller lösenord/i)).toBeInTheDocument();
});

test("the server's field error appears beside the phone input when saving", async () => {
  state.loggedIn = true;
  visit('#/customers/1/show');
  render(<App />);
  const user = userEvent.setup();
  expect(await screen.findByTestId('customer-name', {}, { timeout: 5000 })).toHaveTextContent('Anna Andersson');
  await user.click(await screen.findByRole('link', { name: /redigera/i }));
  const phone = await screen.findByRole('textbox', { name: /^telefon/i });
  await user.clear(phone);
  await user.type(phone, '12');
  await user.click(screen.getByRole('button', { name: /spara/i }));
  await waitFor(() => expect(screen.getByText('Ogiltigt telefonnummer')).toBeInTheDocument(), { timeout: 5000 });
});

test('a stale version shows that someone else changed the record and keeps what the agent typed', async () => {
  state.loggedIn = true;
  server.use(
    http.put('/api/customers/1', () =>
      HttpResponse.json({ message: 'Någon annan har ändrat kunden sedan du öppnade den. Ladda om sidan.', errors: {} }, { status: 409 }),
    ),
  );
  visit('#/customers/1');
  render(<App />);
  const user = userEvent.setup();
  const city = await screen.findByLabelText(/^ort/i, {}, { timeout: 5000 });
  await user.clear(city);
  await user.type(city, 'Kiruna');
  await user.click(screen.getByRole('button', { name: /spara/i }));
  expect(await screen.findByText(/någon annan har ändrat kunden/i, {}, { timeout: 5000 })).toBeInTheDocument();
  expect(screen.getByLabelText(/^ort/i)).toHaveValue('Kiruna');
});
