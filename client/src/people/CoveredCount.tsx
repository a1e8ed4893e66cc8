import { Chip } from '@mui/material';
import PeopleIcon from '@mui/icons-material/People';
import { useRecordContext, useTranslate } from 'react-admin';
import type { Customer } from '../types';
import { useCoveredPersons } from './useCoveredPersons';

/**
 * The header's "covers 4 people": everyone the customer's current subscriptions cover, each person once
 * (a holder of two services is one person).
 */
export function CoveredCount() {
  const customer = useRecordContext<Customer>();
  const translate = useTranslate();
  const { people } = useCoveredPersons(customer?.id);
  const count = new Set(people.map((p) => `${p.personnummer} ${p.first_name} ${p.last_name}`)).size;
  const services = new Set(people.map((p) => p.subscription_id)).size;
  if (!customer || count === 0) return null;
  const label = translate(services > 1 ? 'people.covers_services' : 'people.covers', { smart_count: count });
  return <Chip size="small" icon={<PeopleIcon />} label={label} data-testid="covered-count" />;
}
