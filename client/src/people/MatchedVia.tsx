import { Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { CustomerListItem } from '../types';

/** On a search hit found through a covered person: "via Elsa Lindberg (barn)". */
export function MatchedVia({ customer }: { customer: Pick<CustomerListItem, 'matched_via'> }) {
  const translate = useTranslate();
  const via = customer.matched_via;
  if (!via) return null;
  return (
    <Typography component="span" variant="caption" color="primary" sx={{ display: 'block' }} data-testid="matched-via">
      {translate('app.search.via', {
        name: `${via.first_name} ${via.last_name}`,
        relation: translate(`people.relation.${via.relation}`).toLocaleLowerCase(),
      })}
    </Typography>
  );
}
