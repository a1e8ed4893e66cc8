import type { ComponentType } from 'react';
import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import { BooleanField, Create, Datagrid, Edit, List, SelectField, SimpleForm, TextField } from 'react-admin';
import { ROLE_CHOICES, UserInputs } from './UserInputs';
import { QueueAccess } from '../common/QueueAccess';

/** Admins' pages: another role's deep link says "Åtkomst nekad" without asking the server. */
const adminsOnly = (action: string, Page: ComponentType) =>
  function AdminsOnly() {
    return (
      <QueueAccess resource="users" action={action}>
        <Page />
      </QueueAccess>
    );
  };

function UserList() {
  return (
    <List sort={{ field: 'username', order: 'ASC' }} exporter={false}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="username" />
        <TextField source="full_name" />
        <SelectField source="role" choices={ROLE_CHOICES} />
        <BooleanField source="active" />
      </Datagrid>
    </List>
  );
}

function UserEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm>
        <UserInputs />
      </SimpleForm>
    </Edit>
  );
}

function UserCreate() {
  return (
    <Create redirect="list">
      <SimpleForm>
        <UserInputs creating />
      </SimpleForm>
    </Create>
  );
}

export default {
  icon: ManageAccountsIcon,
  list: adminsOnly('list', UserList),
  edit: adminsOnly('edit', UserEdit),
  create: adminsOnly('create', UserCreate),
};
