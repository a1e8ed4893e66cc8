import type { ReactNode } from 'react';
import { Alert, Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, Stack } from '@mui/material';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { BillingChangeRequest, BillingPreview } from '../types';
import { BeforeAfter } from './BeforeAfter';

interface Props {
  open: boolean;
  onClose: () => void;
  title: string;
  request: BillingChangeRequest;
  /** What the change means, under the title; may use the preview once it has arrived. */
  explain: (preview: BillingPreview | undefined) => ReactNode;
  saved: (preview: BillingPreview | undefined) => string;
}

/**
 * The confirmation of a billing change: the server's preview (dry run) of the next affected invoice
 * before and after, then a pessimistic save. A refusal (409, 403) is shown in the dialog.
 */
export function BillingChangeDialog({ open, onClose, title, request, explain, saved }: Props) {
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const preview = useQuery({
    queryKey: ['billingPreview', request],
    queryFn: () => dataProvider.previewBillingChange(request),
    enabled: open,
    retry: false,
    gcTime: 0,
  });
  const save = useMutation({
    mutationFn: () => dataProvider.createBillingChange(request),
    onSuccess: () => {
      notify(saved(preview.data), { type: 'success' });
      onClose();
      refresh();
    },
  });
  const error = (save.error ?? preview.error) as { message?: string } | null;
  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="billing-change-title">
      <DialogTitle id="billing-change-title">{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          {explain(preview.data)}
          {preview.isPending ? <CircularProgress size={24} /> : null}
          {preview.data ? <BeforeAfter preview={preview.data} /> : null}
          {error ? <Alert severity="error">{error.message}</Alert> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('billing.cancel')}</Button>
        <Button variant="contained" onClick={() => save.mutate()} disabled={!preview.data || save.isPending}>
          {translate('billing.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
