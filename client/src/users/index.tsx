import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import { BooleanField, Create, Datagrid, Edit, List, SelectField, SimpleForm, TextField } from 'react-admin';
import { ROLE_CHOICES, UserInputs } from './UserInputs';

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

export default { icon: ManageAccountsIcon, list: UserList, edit: UserEdit, create: UserCreate };
