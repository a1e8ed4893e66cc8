import { render, screen, waitFor } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { App, createQueryClient } from '../../client/src/App';
import { authProvider } from '../../client/src/auth/authProvider';
import { apiHandlers } from './handlers';
import type { Role } from '../../client/src/types';

const state: { loggedIn: boolean; role?: Role } = { loggedIn: false };
const requested: string[] = [];
const server = setupServer(...apiHandlers(state));
server.events.on('request:start', ({ request }) => {
  requested.push(new URL(request.url).pathname);
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  server.resetHandlers();
  requested.length = 0;
  await authProvider.logout({});
});
afterAll(() => server.close());

const visit = (hash: string) => window.history.replaceState({}, '', `/${hash}`);

/** Logged in as `role` (the logout after each test ends the session on the fake server too). */
function logIn(role: Role) {
  state.loggedIn = true;
  state.role = role;
}

async function menuOf(role: Role): Promise<string[]> {
  logIn(role);
  visit('#/');
  render(<App queryClient={createQueryClient()} />);
  await screen.findByRole('menuitem', { name: /kunder/i }, { timeout: 8000 });
  // The queue items wait for the same identity; give them the chance to appear.
  await waitFor(() => expect(requested).toContain('/api/me/summary'));
  return screen.getAllByRole('menuitem').map((item) => item.textContent ?? '');
}

test('an agent’s menu has no queues: no Uppsägningar, GDPR-ärenden or audit log (permissions from /auth/me)', async () => {
  const menu = await menuOf('agent');
  expect(menu).toEqual(expect.arrayContaining([expect.stringMatching(/kunder/i)]));
  expect(menu.join('|')).not.toMatch(/uppsägningar|gdpr-ärenden|granskningslogg|användare/i);
});

test('a supervisor’s menu has the cancellation and GDPR queues and the audit log', async () => {
  await menuOf('supervisor');
  expect(await screen.findByRole('menuitem', { name: /uppsägningar/i })).toBeInTheDocument();
  expect(screen.getByRole('menuitem', { name: /gdpr-ärenden/i })).toBeInTheDocument();
  expect(screen.getByRole('menuitem', { name: /granskningslogg/i })).toBeInTheDocument();
  expect(screen.queryByRole('menuitem', { name: /användare/i })).not.toBeInTheDocument();
});

test('an agent’s deep link to the cancellation queue says Åtkomst nekad and asks the server for no list', async () => {
  logIn('agent');
  visit('#/cancellations');
  render(<App queryClient={createQueryClient()} />);
  expect(await screen.findByText('Åtkomst nekad', {}, { timeout: 8000 })).toBeInTheDocument();
  expect(requested).not.toContain('/api/cancellations');
});
