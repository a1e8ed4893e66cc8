import { Alert } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { Customer } from '../types';

/** Shown on the customer page while an open restriction request freezes the record (Art. 18). */
export function RestrictionBanner() {
  const customer = useRecordContext<Customer>();
  const translate = useTranslate();
  if (!customer?.flags?.restricted) return null;
  return (
    <Alert severity="warning" sx={{ mb: 1 }} data-testid="restriction-banner">
      {translate('gdpr.restriction_banner')}
    </Alert>
  );
}
