import {
  ADDABLE_RELATIONS,
  type AlarmDestination,
  alarmDestinations,
  personLimitMessage,
  roomForOneMore,
  type RoutablePerson,
} from '../../server/src/domain/coveredPersons';

const holder: RoutablePerson = {
  first_name: 'Sara',
  last_name: 'Lindberg',
  relation: 'holder',
  alarm_phone: '+46702345611',
  alarm_email: 'sara@example.se',
};
const child = (alarm_phone: string | null, alarm_email: string | null): RoutablePerson => ({
  first_name: 'Elsa',
  last_name: 'Lindberg',
  relation: 'child',
  alarm_phone,
  alarm_email,
});
const own = (channel: 'phone' | 'email', address: string): AlarmDestination => ({
  channel,
  address,
  owner: 'own',
  owner_name: 'Elsa Lindberg',
});
const holders = (channel: 'phone' | 'email', address: string): AlarmDestination => ({
  channel,
  address,
  owner: 'holder',
  owner_name: 'Sara Lindberg',
});

describe("alarm routing: a person's own contact, otherwise the holder's, channel by channel", () => {
  test.each<[string, RoutablePerson, RoutablePerson | undefined, AlarmDestination[]]>([
    [
      'own phone and e-mail: both their own',
      child('+46761234844', 'elsa@example.se'),
      holder,
      [own('phone', '+46761234844'), own('email', 'elsa@example.se')],
    ],
    [
      "no own contacts (not yet entered, or routed by choice): both to the holder's",
      child(null, null),
      holder,
      [holders('phone', '+46702345611'), holders('email', 'sara@example.se')],
    ],
    [
      "own phone only: SMS to their phone, e-mail to the holder's",
      child('+46761234844', null),
      holder,
      [own('phone', '+46761234844'), holders('email', 'sara@example.se')],
    ],
    [
      "own e-mail only: SMS to the holder's phone",
      child(null, 'elsa@example.se'),
      holder,
      [holders('phone', '+46702345611'), own('email', 'elsa@example.se')],
    ],
    [
      "the holder without an e-mail: a child's e-mail alarm reaches nobody",
      child(null, null),
      { ...holder, alarm_email: null },
      [holders('phone', '+46702345611')],
    ],
    ['no contacts anywhere: the alarm reaches nobody', child(null, null), { ...holder, alarm_phone: null, alarm_email: null }, []],
    ['no holder known: only own contacts count', child('+46761234844', null), undefined, [own('phone', '+46761234844')]],
    [
      'the holder: always their own',
      holder,
      holder,
      [
        { channel: 'phone', address: '+46702345611', owner: 'own', owner_name: 'Sara Lindberg' },
        { channel: 'email', address: 'sara@example.se', owner: 'own', owner_name: 'Sara Lindberg' },
      ],
    ],
    ['the holder without contacts: nobody (never routed to themself)', { ...holder, alarm_phone: null, alarm_email: null }, holder, []],
  ])('%s', (_case, person, holderRow, expected) => {
    expect(alarmDestinations(person, holderRow)).toEqual(expected);
  });
});

describe('max persons: one more fits while fewer than the product covers', () => {
  test.each([
    [0, 1, true],
    [1, 1, false],
    [1, 4, true],
    [3, 4, true],
    [4, 4, false],
    [5, 4, false],
  ])('%i covered of at most %i: room for one more = %s', (current, max, expected) => {
    expect(roomForOneMore(current, max)).toBe(expected);
  });

  test.each([
    [1, /bara innehavaren/],
    [4, /högst 4 personer/],
  ])('the refusal for at most %i says why', (max, words) => {
    expect(personLimitMessage(max)).toMatch(words);
  });
});

test('agents add partners, children and others; the holder comes with the subscription', () => {
  expect(ADDABLE_RELATIONS).toEqual(['partner', 'child', 'other']);
});
