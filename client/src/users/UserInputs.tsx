import { BooleanInput, PasswordInput, required, SelectInput, TextInput } from 'react-admin';

export const ROLE_CHOICES = [
  { id: 'agent', name: 'roles.agent' },
  { id: 'supervisor', name: 'roles.supervisor' },
  { id: 'admin', name: 'roles.admin' },
];

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
