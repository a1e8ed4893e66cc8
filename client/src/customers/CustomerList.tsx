import { Datagrid, FunctionField, List, SearchInput, TextField } from 'react-admin';
import type { CustomerListItem } from '../types';

const filters = [
  <SearchInput
    key="q"
    source="q"
    alwaysOn
    autoFocus
    placeholder="Personnummer, telefon, e-post, kundnr eller namn"
    sx={{ minWidth: 420 }}
  />,
];

/** The server answers lists with what a list needs (no phone, e-mail or address; the personnummer masked). */
export function CustomerList() {
  return (
    <List filters={filters} sort={{ field: 'last_name', order: 'ASC' }} perPage={25} exporter={false}>
      <Datagrid rowClick="show" bulkActionButtons={false} sx={{ '& .RaDatagrid-tableWrapper': { overflowX: 'auto' } }}>
        <TextField source="customer_number" />
        <FunctionField<CustomerListItem>
          source="last_name"
          label="resources.customers.fields.name"
          render={(c) => `${c.first_name} ${c.last_name}`}
        />
        <TextField source="personnummer" sortable={false} />
        <TextField source="city" />
      </Datagrid>
    </List>
  );
}
