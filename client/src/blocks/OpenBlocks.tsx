import { Button, Chip, Tooltip } from '@mui/material';
import BlockIcon from '@mui/icons-material/Block';
import { useTranslate } from 'react-admin';
import { formatTimestamp } from '../common/format';
import { LiftBlockDialog } from './LiftBlockDialog';
import { RegisterBlockDialog } from './RegisterBlockDialog';
import { useBlockActions } from './useBlocks';

/**
 * The header's open blocks, so that the next agent sees them at once: one chip per block (click to lift
 * it), and registering a new one from the 24/7 line.
 */
export function OpenBlocks() {
  const translate = useTranslate();
  const { customer, blocks, current, canRegister, canLift, lifting, setLifting, registering, setRegistering, nameOf } =
    useBlockActions('open');
  if (!customer) return null;
  return (
    <>
      {blocks.map((b) => (
        <Tooltip key={b.id} title={translate('blocks.open_since', { time: formatTimestamp(b.placed_at) })}>
          <Chip
            size="small"
            color="error"
            icon={<BlockIcon />}
            label={translate('blocks.open_chip', {
              kind: translate(`blocks.kind.${b.kind}`),
              place: b.placed_with,
              name: nameOf(b.covered_person_id),
            })}
            onClick={canLift ? () => setLifting(b) : undefined}
            data-testid={`open-block-${b.id}`}
          />
        </Tooltip>
      ))}
      {canRegister && current.length > 0 ? (
        <Button size="small" color="error" startIcon={<BlockIcon />} onClick={() => setRegistering(true)} data-testid="register-block">
          {translate('blocks.register')}
        </Button>
      ) : null}
      {lifting ? (
        <LiftBlockDialog block={lifting} personName={nameOf(lifting.covered_person_id)} onClose={() => setLifting(undefined)} />
      ) : null}
      {registering ? <RegisterBlockDialog people={current} onClose={() => setRegistering(false)} /> : null}
    </>
  );
}
