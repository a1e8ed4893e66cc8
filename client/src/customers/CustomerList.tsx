import { Datagrid, FunctionField, List, SearchInput, TextField } from 'react-admin';
import type { Customer } from '../types';
import { formatPhone } from '../common/format';

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

export function CustomerList() {
  return (
    <List filters={filters} sort={{ field: 'last_name', order: 'ASC' }} perPage={25} exporter={false}>
      <Datagrid rowClick="show" bulkActionButtons={false} sx={{ '& .RaDatagrid-tableWrapper': { overflowX: 'auto' } }}>
        <TextField source="customer_number" />
        <FunctionField<Customer>
          source="last_name"
          label="resources.customers.fields.name"
          render={(c) => `${c.first_name} ${c.last_name}`}
        />
        <TextField source="personnummer" sortable={false} />
        <FunctionField<Customer> source="phone" sortable={false} render={(c) => formatPhone(c.phone)} />
        <TextField source="email" sortable={false} />
        <TextField source="city" />
      </Datagrid>
    </List>
  );
}
