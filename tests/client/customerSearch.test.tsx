import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { App } from '../../client/src/App';
import { authProvider } from '../../client/src/auth/authProvider';
import { anna, apiHandlers } from './handlers';

const state = { loggedIn: true };
const searched: string[] = [];
const server = setupServer(
  http.get('/api/me/summary', () => HttpResponse.json({ recent_customers: [], notes_today: 3 })),
  http.get('/api/customers/2', () => HttpResponse.json({ ...anna, id: 2, first_name: 'Greta', last_name: 'Lindqvist' })),
  ...apiHandlers(state),
);
server.events.on('request:start', ({ request }) => {
  const filter = new URL(request.url).searchParams.get('filter');
  if (request.url.includes('/api/customers?') && filter) searched.push(JSON.parse(filter).q);
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await authProvider.logout({});
});

test('/ focuses the search, results come as the agent types, arrows move and Enter opens the hit', async () => {
  window.history.replaceState({}, '', '/#/');
  render(<App />);
  const user = userEvent.setup();
  await waitFor(() => expect(screen.getByTestId('notes-today')).toHaveTextContent('3'), { timeout: 5000 });

  await user.keyboard('/');
  const search = screen.getAllByTestId('customer-search')[0];
  expect(search).toHaveFocus();
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
  render(<App />);
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
