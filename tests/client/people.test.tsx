import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import type { RoutablePerson } from '@domain/coveredPersons';
import { App, createQueryClient } from '../../client/src/App';
import { authProvider } from '../../client/src/auth/authProvider';
import { changeText, describeChanges } from '../../client/src/auditEvents/describeChanges';
import { i18nProvider } from '../../client/src/i18n/i18nProvider';
import { alarmRouteWords, possessive, sentToWords } from '../../client/src/people/alarmRoute';
import { peopleAuditValue } from '../../client/src/people/auditValues';
import { anna, apiHandlers, listAnswer } from './handlers';
import type { AuditEvent } from '../../client/src/types';

const translate = (key: string, options?: Record<string, unknown>) => i18nProvider.translate(key, options);

const holder: RoutablePerson = {
  first_name: 'Anna',
  last_name: 'Andersson',
  relation: 'holder',
  alarm_phone: '+46701234567',
  alarm_email: 'anna@example.se',
};
const child = (alarm_phone: string | null, alarm_email: string | null): RoutablePerson => ({
  first_name: 'Elsa',
  last_name: 'Andersson',
  relation: 'child',
  alarm_phone,
  alarm_email,
});

describe('alarm routing in words, as the agent reads it to the caller', () => {
  test.each([
    [
      'own phone and e-mail',
      child('+46761234567', 'elsa@example.se'),
      'Larm till egen telefon 076-123 45 67 och egen e-post elsa@example.se',
    ],
    [
      "routed to the holder's",
      child(null, null),
      'Larm till Anna Anderssons telefon 070-123 45 67 och Anna Anderssons e-post anna@example.se',
    ],
    [
      'own phone, e-mail to the holder',
      child('+46761234567', null),
      'Larm till egen telefon 076-123 45 67 och Anna Anderssons e-post anna@example.se',
    ],
  ])('%s', (_case, person, words) => {
    expect(alarmRouteWords(person, holder, translate, 'sv')).toBe(words);
  });

  test('nobody to send to is said plainly', () => {
    expect(alarmRouteWords(child(null, null), { ...holder, alarm_phone: null, alarm_email: null }, translate, 'sv')).toMatch(/når ingen/);
  });

  test.each([
    ['Anna Andersson', 'sv', 'Anna Anderssons'],
    ['Lars Nils', 'sv', 'Lars Nils'],
    ['Max Fox', 'sv', 'Max Fox'],
    ['Anna Andersson', 'en', "Anna Andersson's"],
  ])('the possessive of %s (%s) is %s', (name, locale, expected) => {
    expect(possessive(name, locale)).toBe(expected);
  });

  test('where an alarm was sent', () => {
    expect(
      sentToWords(
        [
          { channel: 'phone', address: '+46701234567', owner: 'holder', owner_name: 'Anna Andersson' },
          { channel: 'email', address: 'elsa@example.se', owner: 'own', owner_name: 'Elsa Andersson' },
        ],
        translate,
        'sv',
      ),
    ).toBe('SMS till Anna Anderssons telefon 070-123 45 67 och e-post till egen adress elsa@example.se');
  });
});

describe('the history of people, alarms and blocks in words', () => {
  const lines = (entity: string, changes: AuditEvent['changes']) => describeChanges({ entity, changes }, translate).map(changeText);

  test('relations, phones and the masked personnummer; the person named as context', () => {
    expect(
      lines('covered_persons', {
        person: { before: 'Elsa Andersson', after: 'Elsa Andersson' },
        relation: { before: 'child', after: 'partner' },
        alarm_phone: { before: null, after: '+46761234567' },
        personnummer: { before: null, after: '201103088025' },
      }),
    ).toEqual(['Person: Elsa Andersson', 'Relation: Barn → Partner', 'Larmtelefon: 076-123 45 67', 'Personnummer: 20110308-****']);
  });

  test('alarm and block kinds and instants in Stockholm time', () => {
    expect(lines('alarms', { kind: { before: null, after: 'credit_inquiry' } })).toEqual(['Typ: Kreditupplysning']);
    expect(
      lines('blocks', {
        kind: { before: 'credit_block', after: 'credit_block' },
        lifted_at: { before: null, after: '2026-11-25T13:05:00.000Z' },
      }),
    ).toEqual(['Typ av spärr: Kreditspärr', 'Hävd: 2026-11-25 14:05']);
  });

  test('other entities are shown as stored', () => {
    expect(peopleAuditValue('customers', 'personnummer', '198001011231', translate, 'sv')).toBeUndefined();
  });
});

describe('on the call screen: edit in place through the action pattern', () => {
  const state = { loggedIn: true };
  const server = setupServer(...apiHandlers(state));
  const family = {
    id: 4,
    code: 'IDLARM_PRIO_FAMILJ',
    name: 'ID-Larm Prio Familj',
    monthly_price_ore: 24900,
    sticker_yearly_fee_ore: 19900,
    max_persons: 4,
  };
  const subscription = {
    id: 7,
    customer_id: 1,
    product_id: 4,
    signed_on: '2026-09-01',
    binding_months: 12,
    binding_ends_on: '2027-09-01',
    with_stickers: false,
    sticker_fee_removed_on: null,
    status: 'active',
    ends_on: null,
    version: 1,
    created_at: '2026-09-01T08:00:00Z',
    updated_at: '2026-09-01T08:00:00Z',
  };
  const person = (id: number, first_name: string, relation: string, alarm_phone: string | null, alarm_email: string | null) => ({
    id,
    subscription_id: 7,
    customer_id: 1,
    personnummer: id === 1 ? '19800101-1231' : '20110308-8025',
    first_name,
    last_name: 'Andersson',
    relation,
    alarm_phone,
    alarm_email,
    added_on: '2026-09-01',
    removed_on: null,
    version: 1,
    created_at: '2026-09-01T08:00:00Z',
    updated_at: '2026-09-01T08:00:00Z',
  });
  const people = () => [person(1, 'Anna', 'holder', anna.phone, anna.email), person(2, 'Elsa', 'child', null, null)];
  const masked = (p: ReturnType<typeof person>) => ({ ...p, personnummer: `${p.personnummer.slice(0, 9)}****` });

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(async () => {
    server.resetHandlers();
    await authProvider.logout({});
    state.loggedIn = true;
  });
  afterAll(() => server.close());

  function familyServer(put: (body: Record<string, unknown>) => Response) {
    const sent: Array<{ key: string | null; body: Record<string, unknown> }> = [];
    server.use(
      http.get('/api/subscriptions', ({ request }) => listAnswer('subscriptions', request, [subscription])),
      http.get('/api/products', ({ request }) => listAnswer('products', request, [family])),
      http.get('/api/covered_persons', ({ request }) => listAnswer('covered_persons', request, people().map(masked))),
      http.get('/api/covered_persons/2', () => HttpResponse.json(people()[1])),
      http.put('/api/covered_persons/2', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        sent.push({ key: request.headers.get('Idempotency-Key'), body });
        return put(body);
      }),
    );
    return sent;
  }

  test("a child's alarms routed to her own phone: the row becomes the form, the preview says where alarms will go, the save sends the version", async () => {
    const sent = familyServer((body) => HttpResponse.json({ ...people()[1], ...body, version: 2 }));
    window.history.replaceState({}, '', '/#/customers/1/show');
    const user = userEvent.setup();
    render(<App queryClient={createQueryClient()} />);
    const row = await screen.findByTestId('person-2', {}, { timeout: 8000 });
    expect(within(row).getByTestId('person-route')).toHaveTextContent(
      'Larm till Anna Anderssons telefon 070-123 45 67 och Anna Anderssons e-post anna.andersson@example.se',
    );
    await user.click(await within(row).findByRole('button', { name: /ändra/i }));
    const form = await screen.findByTestId('person-edit-2');
    expect(within(form).getByDisplayValue('20110308-8025')).toBeInTheDocument();
    await user.click(within(form).getByLabelText('Personens egen telefon och e-post'));
    await user.type(form.querySelector('input[name=alarm_phone]')!, '076-555 12 34');
    expect(within(form).getByTestId('route-preview')).toHaveTextContent(
      'Så går larmen: Larm till egen telefon 076-555 12 34 och Anna Anderssons e-post anna.andersson@example.se',
    );
    await user.click(within(form).getByRole('button', { name: /spara/i }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].body).toEqual({
      first_name: 'Elsa',
      last_name: 'Andersson',
      personnummer: '20110308-8025',
      relation: 'child',
      alarm_phone: '076-555 12 34',
      alarm_email: null,
      version: 1,
    });
    expect(sent[0].key).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => expect(screen.queryByTestId('person-edit-2')).not.toBeInTheDocument());
  }, 20_000);

  test("someone else's change first: the 409's message stands above the form, and what was typed stays", async () => {
    familyServer(() =>
      HttpResponse.json(
        { message: 'Personen i tjänsten har ändrats av någon annan sedan du öppnade den. Ladda om och försök igen.', errors: {} },
        { status: 409 },
      ),
    );
    window.history.replaceState({}, '', '/#/customers/1/show');
    const user = userEvent.setup();
    render(<App queryClient={createQueryClient()} />);
    const row = await screen.findByTestId('person-2', {}, { timeout: 8000 });
    await user.click(await within(row).findByRole('button', { name: /ändra/i }));
    const form = await screen.findByTestId('person-edit-2');
    const first = form.querySelector('input[name=first_name]') as HTMLInputElement;
    await user.clear(first);
    await user.type(first, 'Elsa Maria');
    await user.click(within(form).getByRole('button', { name: /spara/i }));
    expect(await within(form).findByText(/ändrats av någon annan/)).toBeInTheDocument();
    expect(first).toHaveValue('Elsa Maria');
  }, 20_000);
});
