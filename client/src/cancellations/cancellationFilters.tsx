import { Chip } from '@mui/material';
import { SelectInput, TextInput, useTranslate } from 'react-admin';
import { choicesOf } from '../i18n/enumerations';

/** A filter that is on or off (Posters Galore's QuickFilter). */
function QuickFilter({ label }: { label: string; source: string; defaultValue: unknown }) {
  const translate = useTranslate();
  return <Chip sx={{ mb: 1 }} label={translate(label)} />;
}

export const cancellationFilters = [
  <SelectInput key="kind" source="kind" choices={choicesOf('cancellation_kind')} />,
  <SelectInput key="reason" source="reason" choices={choicesOf('cancellation.reasons')} />,
  <TextInput key="created_by" source="created_by" />,
  <TextInput key="ends_month" source="ends_month" type="month" slotProps={{ inputLabel: { shrink: true } }} />,
  <QuickFilter key="form_overdue" source="form_overdue" label="resources.cancellations.fields.form_overdue" defaultValue={true} />,
];
