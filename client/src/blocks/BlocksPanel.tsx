import { Box, Button, Chip, Stack, Typography } from '@mui/material';
import BlockIcon from '@mui/icons-material/Block';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import { useTranslate } from 'react-admin';
import { formatTimestamp } from '../common/format';
import { LiftBlockDialog } from './LiftBlockDialog';
import { RegisterBlockDialog } from './RegisterBlockDialog';
import { useBlockActions } from './useBlocks';

/** Every block placed for the customer's people, open and lifted, with register and lift. */
export function BlocksPanel() {
  const translate = useTranslate();
  const { customer, blocks, current, canRegister, canLift, lifting, setLifting, registering, setRegistering, nameOf } =
    useBlockActions('all');
  if (!customer) return null;
  return (
    <Box sx={{ mt: 3 }} data-testid="blocks">
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 1 }}>
        <Typography variant="h6" component="h2">
          {translate('blocks.title')}
        </Typography>
        {canRegister && current.length > 0 ? (
          <Button size="small" variant="outlined" color="error" startIcon={<BlockIcon />} onClick={() => setRegistering(true)}>
            {translate('blocks.register')}
          </Button>
        ) : null}
      </Stack>
      {blocks.length === 0 ? <Typography variant="body2">{translate('blocks.none')}</Typography> : null}
      {blocks.map((b) => (
        <Stack
          key={b.id}
          direction={{ xs: 'column', md: 'row' }}
          spacing={1}
          alignItems={{ md: 'center' }}
          sx={{ py: 0.75, borderBottom: 1, borderColor: 'divider' }}
          data-testid={`block-${b.id}`}
        >
          <Box sx={{ minWidth: 120 }}>
            {b.lifted_at ? (
              <Chip size="small" variant="outlined" label={translate('blocks.lifted_on', { time: formatTimestamp(b.lifted_at) })} />
            ) : (
              <Chip size="small" color="error" label={translate('blocks.open')} />
            )}
          </Box>
          <Typography variant="body2" sx={{ flex: 1 }}>
            <strong>
              {translate('blocks.open_chip', {
                kind: translate(`blocks.kind.${b.kind}`),
                place: b.placed_with,
                name: nameOf(b.covered_person_id),
              })}
            </strong>
            {' · '}
            {translate('blocks.placed_on', { time: formatTimestamp(b.placed_at) })}
            {b.reference ? ` · ${translate('blocks.reference', { reference: b.reference })}` : ''}
            {b.note ? ` · ${b.note}` : ''}
          </Typography>
          {!b.lifted_at && canLift ? (
            <Button size="small" startIcon={<LockOpenIcon />} onClick={() => setLifting(b)} data-testid={`lift-block-${b.id}`}>
              {translate('blocks.lift')}
            </Button>
          ) : null}
        </Stack>
      ))}
      {lifting ? (
        <LiftBlockDialog block={lifting} personName={nameOf(lifting.covered_person_id)} onClose={() => setLifting(undefined)} />
      ) : null}
      {registering ? <RegisterBlockDialog people={current} onClose={() => setRegistering(false)} /> : null}
    </Box>
  );
}
