import { render, screen, waitFor } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
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

describe('identity changes need verification', () => {
  const rectification = (identity_verified: boolean) => ({
    id: 7,
    customer_id: 1,
    type: 'rectification',
    channel: 'phone',
    received_on: '2026-11-20',
    due_on: '2026-12-21',
    extension_reason: null,
    extension_notified_on: null,
    identity_method: 'phone_questions',
    identity_verified,
    identity_verified_on: identity_verified ? '2026-11-20' : null,
    changes: [{ field: 'street', old_value: 'Storgatan 1', new_value: 'Nygatan 2' }],
    status: 'open',
    outcome: null,
    completed_on: null,
    handled_by: null,
    created_by: 'agent',
    version: 1,
    created_at: '2026-11-20T09:00:00Z',
    updated_at: '2026-11-20T09:00:00Z',
    overdue: false,
  });

  test.each([
    ['a rectification without verified identity offers no Slutför, and says why', false],
    ['a verified rectification can be completed', true],
  ])('%s', async (_what, verified) => {
    server.use(http.get('/api/gdpr_requests/7', () => HttpResponse.json(rectification(verified))));
    logIn('supervisor');
    visit('#/gdpr_requests/7/show');
    render(<App queryClient={createQueryClient()} />);
    expect(await screen.findByRole('button', { name: /avslå/i }, { timeout: 8000 })).toBeInTheDocument();
    if (verified) {
      expect(screen.getByRole('button', { name: /slutför/i })).toBeInTheDocument();
      expect(screen.queryByTestId('rectification-unverified')).not.toBeInTheDocument();
    } else {
      expect(screen.queryByRole('button', { name: /slutför/i })).not.toBeInTheDocument();
      expect(screen.getByTestId('rectification-unverified')).toHaveTextContent(/identiteten styrktes inte/i);
    }
  });

  test.each([
    ['an agent sees the personnummer locked, with the way to change it', 'agent', true],
    ['a supervisor may change the personnummer', 'supervisor', false],
  ] as const)('%s', async (_what, role, locked) => {
    logIn(role);
    visit('#/customers/1');
    render(<App queryClient={createQueryClient()} />);
    // (The search box in the app bar is labelled with "personnummer" too: the form's input by its name.)
    const input = await waitFor(
      () => {
        const found = document.querySelector<HTMLInputElement>('input[name=personnummer]');
        if (!found) throw new Error('no personnummer input yet');
        return found;
      },
      { timeout: 8000 },
    );
    await waitFor(() => expect(input).toHaveValue('19800101-1231'));
    if (locked) {
      expect(input).toBeDisabled();
      expect(screen.getByText('Ändras via en GDPR-rättelse med styrkt identitet')).toBeInTheDocument();
    } else {
      await waitFor(() => expect(input).toBeEnabled());
    }
  });
});
