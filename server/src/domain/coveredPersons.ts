import { COVERED_RELATIONS, type CoveredRelation } from './values';

/**
 * People covered by a subscription (PRODUCT.md, "People covered by a service, and their alarms").
 *
 * The holder is covered from the subscription's start and stays until the subscription ends; agents add
 * partners, children and others up to the product's `max_persons`, and remove them (`removed_on`).
 *
 * Alarm routing is the stored contacts themselves: a person's `alarm_phone` and `alarm_email` are where
 * that person's alarms go. A channel left empty goes to the holder's contact for that channel instead —
 * the FAQ's two cases: "you chose to route their alarm to your phone", and "you signed the contract and
 * have not yet entered the others' numbers". Routing a person's alarms to the holder is therefore
 * emptying their own contact; nothing else has to be kept in step.
 */

/** The relations an agent adds; the holder comes with the subscription. */
export const ADDABLE_RELATIONS = COVERED_RELATIONS.filter((r): r is Exclude<CoveredRelation, 'holder'> => r !== 'holder');
export type AddableRelation = (typeof ADDABLE_RELATIONS)[number];

/** Whether one more person fits a subscription that covers `current` people of at most `max`. */
export function roomForOneMore(current: number, max: number): boolean {
  return current < max;
}

/** The refusal when a subscription is full, in the words an agent reads to the caller. */
export function personLimitMessage(max: number): string {
  return max === 1
    ? 'Tjänsten omfattar bara innehavaren. Byt till en familjetjänst för att lägga till fler personer.'
    : `Tjänsten omfattar högst ${max} personer, och alla platser är tagna. Ta bort någon först eller byt tjänst.`;
}

export type AlarmChannel = 'phone' | 'email';
export type AlarmOwner = 'own' | 'holder';

/** One place an alarm goes: a phone number (E.164) or an e-mail address, and whose it is. */
export interface AlarmDestination {
  channel: AlarmChannel;
  address: string;
  /** `own`: the covered person's own contact; `holder`: routed to the holder's. */
  owner: AlarmOwner;
  /** The name of the person whose phone or e-mail it is. */
  owner_name: string;
}

export interface RoutablePerson {
  first_name: string;
  last_name: string;
  relation: CoveredRelation;
  alarm_phone: string | null;
  alarm_email: string | null;
}

const CHANNELS: ReadonlyArray<[AlarmChannel, 'alarm_phone' | 'alarm_email']> = [
  ['phone', 'alarm_phone'],
  ['email', 'alarm_email'],
];

/**
 * Where a person's alarm goes, channel by channel: their own contact when they have one, otherwise the
 * holder's (the holder has only their own). An empty answer means the alarm reaches nobody.
 */
export function alarmDestinations(person: RoutablePerson, holder: RoutablePerson | undefined): AlarmDestination[] {
  const out: AlarmDestination[] = [];
  for (const [channel, field] of CHANNELS) {
    const own = person[field];
    if (own) {
      out.push({ channel, address: own, owner: 'own', owner_name: `${person.first_name} ${person.last_name}` });
      continue;
    }
    const routed = person.relation === 'holder' ? null : holder?.[field];
    if (routed && holder) {
      out.push({ channel, address: routed, owner: 'holder', owner_name: `${holder.first_name} ${holder.last_name}` });
    }
  }
  return out;
}
