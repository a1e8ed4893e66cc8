import { Grid } from '@mui/material';
import { required, SelectInput, TextInput, maxLength, useCanAccess, useTranslate } from 'react-admin';
import { choicesOf } from '../i18n/enumerations';

// A new customer starts on paper or e-mail invoices; autogiro needs a mandate (Byt betalsätt on Fakturor).
const FIRST_PAYMENT_METHODS = choicesOf('payment_method').filter((c) => c.id !== 'autogiro');

/** The contact details, shared by create and edit. The server validates and normalises every value. */
export function CustomerInputs({ creating = false }: { creating?: boolean }) {
  const translate = useTranslate();
  // A personnummer is changed by a supervisor, or through a GDPR rectification with verified identity.
  const { canAccess: mayChangeIdentity } = useCanAccess({ resource: 'customers', action: 'edit_identity' });
  const personnummerLocked = !creating && !mayChangeIdentity;
  return (
    <Grid container columnSpacing={2} sx={{ width: '100%', maxWidth: 900 }}>
      <Grid size={{ xs: 12, sm: 6 }}>
        <TextInput source="first_name" validate={[required(), maxLength(100)]} />
      </Grid>
      <Grid size={{ xs: 12, sm: 6 }}>
        <TextInput source="last_name" validate={[required(), maxLength(100)]} />
      </Grid>
      <Grid size={{ xs: 12, sm: 6 }}>
        <TextInput
          source="personnummer"
          validate={required()}
          helperText={personnummerLocked ? translate('identity.personnummer_via_gdpr') : 'ÅÅÅÅMMDD-NNNN'}
          disabled={personnummerLocked}
        />
      </Grid>
      <Grid size={{ xs: 12, sm: 6 }}>
        <TextInput source="phone" helperText="070-123 45 67" />
      </Grid>
      <Grid size={{ xs: 12 }}>
        {/* No type="email": the browser's own bubble would be English and stricter than the server, which validates. */}
        <TextInput source="email" />
      </Grid>
      <Grid size={{ xs: 12, sm: 6 }}>
        <TextInput source="street" validate={required()} />
      </Grid>
      <Grid size={{ xs: 4, sm: 2 }}>
        <TextInput source="postal_code" validate={required()} />
      </Grid>
      <Grid size={{ xs: 8, sm: 4 }}>
        <TextInput source="city" validate={required()} />
      </Grid>
      {creating && (
        <Grid size={{ xs: 12, sm: 6 }}>
          <SelectInput source="payment_method" choices={FIRST_PAYMENT_METHODS} defaultValue="paper_invoice" />
        </Grid>
      )}
      {/* Editing: the payment method changes only through Byt betalsätt on the Fakturor tab. */}
    </Grid>
  );
}
