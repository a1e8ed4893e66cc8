import { Typography } from '@mui/material';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import { useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { Block } from '../types';
import { ActionDialog } from '../common/ActionDialog';

/** Lifting a block: recorded now, with the version shown (someone else's change first is a 409 with its message). */
export function LiftBlockDialog({ block, personName, onClose }: { block: Block; personName: string; onClose: () => void }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const kind = translate(`blocks.kind.${block.kind}`);
  return (
    <ActionDialog<Record<string, never>, Block>
      title={translate('blocks.lift_title', { kind, place: block.placed_with })}
      submitLabel="blocks.lift"
      submitIcon={<LockOpenIcon />}
      onClose={onClose}
      submit={(_values, { idempotencyKey }) => dataProvider.liftBlock(block, { idempotencyKey })}
      onSuccess={() => {
        notify('blocks.lifted', { type: 'info' });
        onClose();
        for (const resource of ['blocks', 'audit_events']) void queryClient.invalidateQueries({ queryKey: [resource] });
      }}
    >
      <Typography variant="body2">{translate('blocks.lift_text', { name: personName, place: block.placed_with })}</Typography>
    </ActionDialog>
  );
}
