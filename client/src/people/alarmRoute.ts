import { type AlarmDestination, alarmDestinations, type RoutablePerson } from '@domain/coveredPersons';
import { formatPhone } from '../common/format';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** "Sara Lindbergs" / "Sara Lindberg's": Swedish adds no s to a name ending in s, x or z. */
export function possessive(name: string, locale: string): string {
  if (locale === 'en') return `${name}'s`;
  return /[sxz]$/i.test(name) ? name : `${name}s`;
}

/** One place an alarm goes, in words: "egen telefon 070-123 45 67" or "Sara Lindbergs e-post sara@…". */
function destinationWords(d: AlarmDestination, translate: Translate, locale: string, prefix: 'people.route' | 'alarms'): string {
  const owner = possessive(d.owner_name, locale);
  const channel = prefix === 'alarms' ? (d.channel === 'phone' ? 'sms' : 'email') : d.channel;
  const key = `${prefix}.${channel}_${d.owner}`;
  return translate(key, d.channel === 'phone' ? { phone: formatPhone(d.address), owner } : { email: d.address, owner });
}

/**
 * Where a covered person's alarms go, as the agent reads it to the caller: "Larm till egen telefon
 * 070-123 45 67 och egen e-post …" or "Larm till Sara Lindbergs telefon 070-234 56 11 och Sara Lindbergs
 * e-post …" — the routing rule is the server's (domain/coveredPersons.ts).
 */
export function alarmRouteWords(person: RoutablePerson, holder: RoutablePerson | undefined, translate: Translate, locale: string): string {
  const destinations = alarmDestinations(person, holder);
  if (destinations.length === 0) return translate('people.route.nobody');
  const targets = destinations.map((d) => destinationWords(d, translate, locale, 'people.route')).join(translate('people.route.and'));
  return translate('people.route.to', { targets });
}

/** Where an alarm was sent when it arrived: "SMS till Sara Lindbergs telefon 070-… och e-post till …". */
export function sentToWords(sentTo: AlarmDestination[], translate: Translate, locale: string): string {
  return sentTo.map((d) => destinationWords(d, translate, locale, 'alarms')).join(translate('people.route.and'));
}
