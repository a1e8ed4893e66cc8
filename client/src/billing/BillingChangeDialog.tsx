import type { ReactNode } from 'react';
import { CircularProgress, Stack } from '@mui/material';
import { useDataProvider, useNotify, useRefresh } from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { BillingChange, BillingChangeRequest, BillingPreview } from '../types';
import { ActionDialog } from '../common/ActionDialog';
import { useActionFormState } from '../common/ActionForm';
import { BeforeAfter } from './BeforeAfter';

/** The inputs a billing change may have besides what its button already knows. */
export interface BillingChangeValues {
  refund?: boolean;
}

interface Props {
  onClose: () => void;
  title: string;
  /** The request for the dialog's values: previewed as a dry run, then sent as it was previewed. */
  request: (values: BillingChangeValues) => BillingChangeRequest;
  /** What the change means, under the title; may use the preview once it has arrived. */
  explain: (preview: BillingPreview | undefined) => ReactNode;
  /** The notification once saved, from what the server stored. */
  saved: (change: BillingChange) => string;
  /** Inputs of the change (the supervisor's refund choice). */
  children?: ReactNode;
}

function PreviewBody({ explain, children }: Pick<Props, 'explain' | 'children'>) {
  const { preview, isPreviewing } = useActionFormState<BillingChangeValues, BillingPreview>();
  return (
    <Stack spacing={2}>
      {explain(preview)}
      {children}
      {isPreviewing && !preview ? <CircularProgress size={24} /> : null}
      {preview ? <BeforeAfter preview={preview} /> : null}
    </Stack>
  );
}

/**
 * The confirmation of a billing change: the server's preview (dry run) of the next affected invoice before
 * and after, then a pessimistic save of the same request. A refusal (409, 403) is shown in the dialog.
 */
export function BillingChangeDialog({ onClose, title, request, explain, saved, children }: Props) {
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  return (
    <ActionDialog<BillingChangeValues, BillingChange, BillingPreview, BillingChangeRequest>
      title={title}
      submitLabel="billing.confirm"
      maxWidth="md"
      onClose={onClose}
      defaultValues={{ refund: false }}
      preview={{
        name: 'billing-change',
        params: request,
        fetch: (r) => dataProvider.previewBillingChange(r),
        required: true,
      }}
      submit={(values, { idempotencyKey }) => dataProvider.createBillingChange(request(values), { idempotencyKey })}
      onSuccess={(change) => {
        notify(saved(change), { type: 'success' });
        onClose();
        refresh();
      }}
    >
      <PreviewBody explain={explain}>{children}</PreviewBody>
    </ActionDialog>
  );
}
