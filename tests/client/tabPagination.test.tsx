import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http } from 'msw';
import { App, createQueryClient } from '../../client/src/App';
import { authProvider } from '../../client/src/auth/authProvider';
import { apiHandlers, listAnswer } from './handlers';

const state = { loggedIn: true };
const server = setupServer(...apiHandlers(state));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  server.resetHandlers();
  await authProvider.logout({});
  state.loggedIn = true;
});
afterAll(() => server.close());

// A long-standing customer: 60 notes, newest (highest id) first, as the server sorts them.
const notes = Array.from({ length: 60 }, (_, i) => ({
  id: 60 - i,
  customer_id: 1,
  body: `Anteckning nummer ${60 - i}`,
  created_by: 'agent',
  created_at: '2026-11-01T09:00:00Z',
}));

test('the notes tab pages through all of a customer’s notes with the server’s ranges, not only the first page', async () => {
  const ranges: string[] = [];
  server.use(
    http.get('/api/notes', ({ request }) => {
      ranges.push(new URL(request.url).searchParams.get('range') ?? '');
      return listAnswer('notes', request, notes);
    }),
  );
  window.history.replaceState({}, '', '/#/customers/1/show/anteckningar');
  render(<App queryClient={createQueryClient()} />);
  const user = userEvent.setup();

  const list = await screen.findByTestId('notes', {}, { timeout: 8000 });
  expect(within(list).getAllByRole('listitem')).toHaveLength(25);
  expect(within(list).getByText('Anteckning nummer 60')).toBeInTheDocument();
  expect(screen.getByText('1-25 av 60')).toBeInTheDocument();
  expect(ranges).toEqual(['[0,24]']);

  await user.click(screen.getByRole('button', { name: 'Gå till nästa sida' }));
  await waitFor(() => expect(screen.getByText('26-50 av 60')).toBeInTheDocument());
  expect(screen.getByText('Anteckning nummer 35')).toBeInTheDocument();
  expect(screen.queryByText('Anteckning nummer 60')).not.toBeInTheDocument();
  expect(ranges).toContain('[25,49]');

  await user.click(screen.getByRole('button', { name: 'Gå till sida 3' }));
  await waitFor(() => expect(screen.getByText('51-60 av 60')).toBeInTheDocument());
  expect(screen.getByText('Anteckning nummer 1')).toBeInTheDocument();
});
