import DescriptionIcon from '@mui/icons-material/Description';
import { Button, CanAccess } from 'react-admin';
import { Link } from 'react-router-dom';

/** Opens the print-ready registerutdrag of a customer; supervisors only, like the export behind it. */
export function RegisterutdragButton({ customerId }: { customerId: number }) {
  return (
    <CanAccess action="data_export" resource="customers">
      <Button component={Link} to={`/customers/${customerId}/registerutdrag`} label="gdpr.export.button">
        <DescriptionIcon />
      </Button>
    </CanAccess>
  );
}
