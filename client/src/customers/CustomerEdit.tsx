import { Edit, SimpleForm } from 'react-admin';
import { CustomerInputs } from './CustomerInputs';

/** Pessimistic: the server's field errors land in the form, and "saved" means saved. */
export function CustomerEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="show">
      <SimpleForm>
        <CustomerInputs />
      </SimpleForm>
    </Edit>
  );
}
