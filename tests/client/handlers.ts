import { http, HttpResponse } from 'msw';
import { permissionsOf } from '@domain/permissions';
import type { Me, Role } from '../../client/src/types';

/** The server's today in these tests (it is pinned the same way with TODAY). */
export const TODAY = '2026-11-25';

/** A small in-memory API that speaks the server's protocol, for client tests. */
export const anna = {
  id: 1,
  customer_number: '100001',
  personnummer: '19800101-1231',
  first_name: 'Anna',
  last_name: 'Andersson',
  street: 'Storgatan 1',
  postal_code: '252 24',
  city: 'Helsingborg',
  phone: '+46701234567',
  email: 'anna.andersson@example.se',
  invoice_interval: 'monthly',
  payment_method: 'autogiro',
  version: 1,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};
export const greta = {
  ...anna,
  id: 2,
  customer_number: '100002',
  personnummer: '19240315-****',
  first_name: 'Greta',
  last_name: 'Lindqvist',
  phone: '+4646123456',
};

/** A list as the server answers it: the rows of the requested `range`, and `Content-Range` with the total. */
export function listAnswer(resource: string, request: Request, rows: readonly unknown[]) {
  const [start, end] = JSON.parse(new URL(request.url).searchParams.get('range') ?? '[0,24]') as [number, number];
  const page = rows.slice(start, end + 1);
  const range = page.length ? `${start}-${start + page.length - 1}` : '*';
  return HttpResponse.json(page, { headers: { 'Content-Range': `${resource} ${range}/${rows.length}` } });
}

/** The lists of one customer's record (its tabs), empty unless a test says otherwise. */
const RECORD_LISTS = [
  'subscriptions',
  'products',
  'invoices',
  'notes',
  'audit_events',
  'cancellations',
  'billing_changes',
  'gdpr_requests',
  'autogiro_mandates',
  'payments',
  'covered_persons',
  'alarms',
  'blocks',
];

/** `GET /api/auth/me` as the server answers it: who, the server's today, and the role's permissions. */
export function meAs(role: Role): Me {
  return { id: 1, username: role, full_name: 'Alva Agentsson', role, today: TODAY, permissions: permissionsOf(role) };
}

export function apiHandlers(state: { loggedIn: boolean; role?: Role }) {
  const me = () => meAs(state.role ?? 'agent');
  return [
    http.get('/api/auth/me', () =>
      state.loggedIn ? HttpResponse.json(me()) : HttpResponse.json({ message: 'Logga in först', errors: {} }, { status: 401 }),
    ),
    http.post('/api/auth/login', async ({ request }) => {
      const body = (await request.json()) as { username: string; password: string };
      if (body.password !== 'demo') return HttpResponse.json({ message: 'Fel användarnamn eller lösenord', errors: {} }, { status: 401 });
      state.loggedIn = true;
      return HttpResponse.json(me());
    }),
    http.post('/api/auth/logout', () => {
      state.loggedIn = false;
      return HttpResponse.json({ ok: true });
    }),
    http.get('/api/me/summary', () => HttpResponse.json({ recent_customers: [], notes_today: 0 })),
    http.get('/api/customers', ({ request }) => {
      const filter = JSON.parse(new URL(request.url).searchParams.get('filter') ?? '{}');
      // As the server answers lists: the list's columns only, the personnummer masked.
      const rows = [anna, greta]
        .map((c) => ({
          id: c.id,
          customer_number: c.customer_number,
          personnummer: c.personnummer.slice(0, 9) + '****',
          first_name: c.first_name,
          last_name: c.last_name,
          city: c.city,
        }))
        .filter((c) => !filter.q || `${c.first_name} ${c.last_name}`.toLowerCase().includes(String(filter.q).toLowerCase()));
      return listAnswer('customers', request, rows);
    }),
    http.get('/api/customers/1', () => HttpResponse.json(anna)),
    http.get('/api/customers/1/invoice-schedule', () => HttpResponse.json({ invoices: [] })),
    http.get('/api/customers/:id/counts', () =>
      HttpResponse.json({
        subscriptions: 0,
        invoices: 0,
        cancellations: 0,
        billing_changes: 0,
        gdpr_requests: 0,
        notes: 0,
        changes: 0,
        views: 0,
      }),
    ),
    ...RECORD_LISTS.map((resource) => http.get(`/api/${resource}`, ({ request }) => listAnswer(resource, request, []))),
    http.put('/api/customers/1', async ({ request }) => {
      const body = (await request.json()) as { phone: string };
      if (body.phone === '12') {
        return HttpResponse.json({ message: 'Ogiltiga uppgifter', errors: { phone: 'Ogiltigt telefonnummer' } }, { status: 400 });
      }
      return HttpResponse.json({ ...anna, ...body, version: 2 });
    }),
  ];
}
