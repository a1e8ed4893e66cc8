import { Alert, Box, Stack, Typography } from '@mui/material';
import { RadioButtonGroupInput, required, SelectInput, TextInput, useLocaleState, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { RoutablePerson } from '@domain/coveredPersons';
import type { CoveredRelation } from '@domain/values';
import { choicesOf } from '../i18n/enumerations';
import { alarmRouteWords } from './alarmRoute';

/** The form of a covered person: names, personnummer, relation, and where their alarms go. */
export interface PersonFormValues {
  first_name: string;
  last_name: string;
  personnummer: string;
  relation: CoveredRelation;
  /** `holder`: both channels to the holder's (the stored contacts are emptied); `own`: the numbers typed. */
  route: 'own' | 'holder';
  alarm_phone?: string | null;
  alarm_email?: string | null;
}

/** The request body of a form's values: routing to the holder is empty own contacts (domain/coveredPersons.ts). */
export function personBody(values: PersonFormValues, isHolder: boolean) {
  const toHolder = !isHolder && values.route === 'holder';
  const contacts = {
    alarm_phone: toHolder ? null : values.alarm_phone?.trim() || null,
    alarm_email: toHolder ? null : values.alarm_email?.trim() || null,
  };
  if (isHolder) return contacts;
  return {
    first_name: values.first_name,
    last_name: values.last_name,
    personnummer: values.personnummer,
    relation: values.relation,
    ...contacts,
  };
}

const ADDABLE = choicesOf('people.relation').filter((c) => c.id !== 'holder');

/** What the routing will be once saved, in words (the rule is the server's, from @domain). */
function RoutePreview({ holder, isHolder }: { holder: RoutablePerson | undefined; isHolder: boolean }) {
  const translate = useTranslate();
  const [locale = 'sv'] = useLocaleState();
  const values = useWatch() as Partial<PersonFormValues>;
  const body = personBody({ route: 'holder', ...values } as PersonFormValues, isHolder);
  const person: RoutablePerson = {
    first_name: values.first_name ?? '',
    last_name: values.last_name ?? '',
    relation: isHolder ? 'holder' : (values.relation ?? 'child'),
    // What the server will store: a number in any form is stored, an empty one routes to the holder.
    alarm_phone: body.alarm_phone,
    alarm_email: body.alarm_email,
  };
  return (
    <Alert severity="info" icon={false} sx={{ mt: 1 }} data-testid="route-preview">
      {translate('people.route_preview', { route: alarmRouteWords(person, holder, translate, locale) })}
    </Alert>
  );
}

export function PersonInputs({ holder, isHolder = false }: { holder: RoutablePerson | undefined; isHolder?: boolean }) {
  const translate = useTranslate();
  const route = useWatch({ name: 'route' }) as PersonFormValues['route'] | undefined;
  const holderName = holder ? `${holder.first_name} ${holder.last_name}` : '';
  return (
    <Box>
      {isHolder ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate('people.holder_fixed')}
        </Typography>
      ) : (
        <>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
            <TextInput source="first_name" validate={required()} />
            <TextInput source="last_name" validate={required()} />
          </Stack>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
            <TextInput source="personnummer" validate={required()} helperText="ÅÅMMDD-NNNN" />
            <SelectInput source="relation" validate={required()} choices={ADDABLE} />
          </Stack>
          <RadioButtonGroupInput
            source="route"
            label="people.route_choice"
            choices={[
              { id: 'holder', name: translate('people.route_holder', { name: holderName }) },
              { id: 'own', name: translate('people.route_own') },
            ]}
            row={false}
          />
        </>
      )}
      {isHolder || route === 'own' ? (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
          <TextInput source="alarm_phone" helperText={isHolder ? false : 'people.route_own_hint'} />
          <TextInput source="alarm_email" type="email" helperText={false} />
        </Stack>
      ) : null}
      <RoutePreview holder={holder} isHolder={isHolder} />
    </Box>
  );
}
