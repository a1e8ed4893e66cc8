import { BooleanInput, PasswordInput, required, SelectInput, TextInput } from 'react-admin';
import { choicesOf } from '../i18n/enumerations';

export const ROLE_CHOICES = choicesOf('roles');

export function UserInputs({ creating = false }: { creating?: boolean }) {
  return (
    <>
      <TextInput source="username" validate={required()} disabled={!creating} />
      <TextInput source="full_name" validate={required()} />
      <SelectInput source="role" choices={ROLE_CHOICES} validate={required()} />
      {!creating && <BooleanInput source="active" />}
      <PasswordInput source="password" validate={creating ? required() : undefined} />
    </>
  );
}
