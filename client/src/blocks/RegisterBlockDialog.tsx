import { useQueryClient } from '@tanstack/react-query';
import { required, SelectInput, TextInput, useDataProvider, useNotify, useTranslate } from 'react-admin';
import BlockIcon from '@mui/icons-material/Block';
import { Stack } from '@mui/material';
import type { BlockKind } from '@domain/values';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { Block, CoveredPerson } from '../types';
import { ActionDialog } from '../common/ActionDialog';
import { choicesOf } from '../i18n/enumerations';
import { PlaceInput } from './PlaceInput';

interface BlockValues {
  covered_person_id: number;
  kind: BlockKind;
  placed_with: string;
  reference?: string | null;
  note?: string | null;
}

/** The 24/7 line: which person, what kind of block, where it was placed and its reference. */
export function RegisterBlockDialog({ people, onClose }: { people: CoveredPerson[]; onClose: () => void }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const choices = people.map((p) => ({ id: p.id, name: `${p.first_name} ${p.last_name} (${translate(`people.relation.${p.relation}`)})` }));
  const holder = people.find((p) => p.relation === 'holder');
  return (
    <ActionDialog<BlockValues, Block>
      title="blocks.register_title"
      submitLabel="blocks.register"
      submitIcon={<BlockIcon />}
      resource="blocks"
      onClose={onClose}
      defaultValues={{ covered_person_id: holder?.id, kind: 'credit_block', placed_with: 'UC' }}
      submit={async (values, { idempotencyKey }) => {
        const data = { ...values, reference: values.reference || null, note: values.note || null };
        return (await dataProvider.create<typeof data, Block>('blocks', { data, meta: { idempotencyKey } })).data;
      }}
      onSuccess={() => {
        notify('blocks.registered', { type: 'success' });
        onClose();
        for (const resource of ['blocks', 'audit_events']) void queryClient.invalidateQueries({ queryKey: [resource] });
      }}
    >
      <Stack>
        <SelectInput source="covered_person_id" validate={required()} choices={choices} />
        <SelectInput source="kind" validate={required()} choices={choicesOf('blocks.kind')} />
        <PlaceInput />
        <TextInput source="reference" />
        <TextInput source="note" multiline minRows={2} />
      </Stack>
    </ActionDialog>
  );
}
