import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { delay, http, HttpResponse } from 'msw';
import { App, createQueryClient } from '../../client/src/App';
import { authProvider } from '../../client/src/auth/authProvider';
import { anna, apiHandlers, greta } from './handlers';

const state = { loggedIn: true };
const searched: string[] = [];
const opened: string[] = [];
const server = setupServer(
  http.get('/api/me/summary', () => HttpResponse.json({ recent_customers: [], notes_today: 3 })),
  http.get('/api/customers/2', () => HttpResponse.json({ ...anna, id: 2, first_name: 'Greta', last_name: 'Lindqvist' })),
  ...apiHandlers(state),
);
server.events.on('request:start', ({ request }) => {
  const filter = new URL(request.url).searchParams.get('filter');
  if (request.url.includes('/api/customers?') && filter) searched.push(JSON.parse(filter).q);
  const record = /\/api\/customers\/(\d+)$/.exec(new URL(request.url).pathname);
  if (record) opened.push(record[1]);
});
afterEach(() => {
  opened.length = 0;
  searched.length = 0;
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await authProvider.logout({});
});

test('/ focuses the search, results come as the agent types, arrows move and Enter opens the hit', async () => {
  window.history.replaceState({}, '', '/#/');
  render(<App queryClient={createQueryClient()} />);
  const user = userEvent.setup();
  await waitFor(() => expect(screen.getByTestId('notes-today')).toHaveTextContent('3'), { timeout: 5000 });

  await user.keyboard('/');
  // The start page's own search has the focus already; elsewhere `/` gives it to the app bar's.
  const search = focusedSearch();
  await user.keyboard('and');
  const hits = await screen.findByTestId('search-hits');
  expect(hits).toHaveTextContent('Anna Andersson');
  // Debounced: one request for the whole word, not one per keystroke.
  await waitFor(() => expect(searched).toContain('and'));
  expect(searched).not.toContain('a');

  await user.clear(search);
  await user.type(search, 'lindqvist');
  await screen.findByText('Greta Lindqvist');
  await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
  await user.keyboard('{Enter}');
  expect(await screen.findByTestId('customer-name', {}, { timeout: 5000 })).toHaveTextContent('Greta Lindqvist');
});

test('arrow down then Enter opens the second hit', async () => {
  window.history.replaceState({}, '', '/#/');
  render(<App queryClient={createQueryClient()} />);
  const user = userEvent.setup();
  await screen.findByTestId('notes-today', {}, { timeout: 5000 });
  await user.keyboard('/');
  await user.keyboard('a');
  await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
  await user.keyboard('{ArrowDown}');
  expect(screen.getAllByRole('option')[1]).toHaveAttribute('aria-selected', 'true');
  await user.keyboard('{Enter}');
  expect(await screen.findByTestId('customer-name', {}, { timeout: 5000 })).toHaveTextContent('Greta Lindqvist');
});

/** The search answers after `ms` for terms matching `slow`, at once otherwise. */
function searchAnswers(slow: RegExp, ms: number) {
  server.use(
    http.get('/api/customers', async ({ request }) => {
      const q = String(JSON.parse(new URL(request.url).searchParams.get('filter') ?? '{}').q ?? '');
      if (slow.test(q)) await delay(ms);
      const rows = [anna, greta]
        .map((c) => ({ ...c, personnummer: c.personnummer.slice(0, 9) + '****' }))
        .filter((c) => `${c.first_name} ${c.last_name}`.toLowerCase().includes(q.toLowerCase()));
      return HttpResponse.json(rows, { headers: { 'Content-Range': `customers 0-${Math.max(rows.length - 1, 0)}/${rows.length}` } });
    }),
  );
}

/** The search box that has the focus (the start page's, which takes it on opening, or the app bar's). */
function focusedSearch(): HTMLElement {
  const search = screen.getAllByTestId('customer-search').find((el) => el === document.activeElement);
  if (!search) throw new Error('No search box has the focus');
  return search;
}

async function startPage() {
  window.history.replaceState({}, '', '/#/');
  render(<App queryClient={createQueryClient()} />);
  const user = userEvent.setup();
  await screen.findByTestId('notes-today', {}, { timeout: 5000 });
  return user;
}

test('Enter pressed right after the last key waits for that term and opens its top hit', async () => {
  searchAnswers(/./, 300);
  const user = await startPage();
  await user.keyboard('/');
  await user.keyboard('lindqvist{Enter}');
  expect(await screen.findByTestId('customer-name', {}, { timeout: 5000 })).toHaveTextContent('Greta Lindqvist');
  expect(opened).toEqual(['2']);
});

test("Enter never opens the previous term's hit, however slow the new term's answer (and logs no view of the wrong customer)", async () => {
  searchAnswers(/^anna/, 800);
  const user = await startPage();
  await user.keyboard('/');
  const search = focusedSearch();
  await user.keyboard('lindqvist');
  expect(await screen.findByTestId('search-hits')).toHaveTextContent('Greta Lindqvist');
  await user.clear(search);
  // The list on screen still shows Greta while "anna" is asked for; Enter must wait for Anna.
  await user.keyboard('anna{Enter}');
  expect(await screen.findByTestId('customer-name', {}, { timeout: 5000 })).toHaveTextContent('Anna Andersson');
  expect(opened).toEqual(['1']);
});

test('typing on after Enter makes the waiting Enter stale: only the new Enter opens', async () => {
  searchAnswers(/^anna$/, 600);
  const user = await startPage();
  await user.keyboard('/');
  const search = focusedSearch();
  await user.keyboard('anna{Enter}');
  await user.clear(search);
  await user.keyboard('greta');
  await new Promise((resolve) => setTimeout(resolve, 900));
  expect(opened).toEqual([]);
  await user.keyboard('{Enter}');
  await screen.findByTestId('customer-name', {}, { timeout: 5000 });
  expect(opened).toEqual(['2']);
});

test('Escape clears the box; with an empty box it leaves the search', async () => {
  const user = await startPage();
  await user.keyboard('/');
  const search = focusedSearch();
  await user.keyboard('and');
  expect(await screen.findByTestId('search-hits')).toBeInTheDocument();
  await user.keyboard('{Escape}');
  expect(search).toHaveValue('');
  expect(search).toHaveFocus();
  await user.keyboard('{Escape}');
  expect(search).not.toHaveFocus();
});

test('"Visa alla N träffar" opens the customer list filtered by the term', async () => {
  server.use(
    http.get('/api/customers', ({ request }) => {
      const filter = JSON.parse(new URL(request.url).searchParams.get('filter') ?? '{}');
      const many = Array.from({ length: 8 }, (_, i) => ({
        ...anna,
        id: 100 + i,
        last_name: `Andersson${i}`,
        personnummer: '19800101-****',
      }));
      return HttpResponse.json(filter.q ? many : [anna], { headers: { 'Content-Range': `customers 0-7/${filter.q ? 20 : 1}` } });
    }),
  );
  const user = await startPage();
  await user.keyboard('/');
  await user.keyboard('and');
  const hits = await screen.findByTestId('search-hits');
  const all = within(hits).getByTestId('search-all-hits');
  expect(all).toHaveTextContent('Visa alla 20 träffar');
  await user.click(all);
  await waitFor(() => expect(window.location.hash).toContain('/customers?filter='));
  expect(decodeURIComponent(window.location.hash)).toContain('"q":"and"');
});

test('the start page focuses its search, so the agent can type at once after logging in', async () => {
  await startPage();
  const [, large] = screen.getAllByTestId('customer-search');
  await waitFor(() => expect(large).toHaveFocus());
});
