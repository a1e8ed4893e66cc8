import { useState } from 'react';
import { Box, Button, Typography } from '@mui/material';
import { BooleanInput, useRecordContext, useTranslate } from 'react-admin';
import { SUPERVISORS } from '@domain/roles';
import { useRole } from '../auth/identity';
import { formatOre } from '../common/format';
import type { Subscription } from '../types';
import { BillingChangeDialog } from './BillingChangeDialog';

/**
 * Ta bort dekalavgift, on a subscription row: shown while the subscription runs with stickers and a fee.
 * The dialog shows the credit of an unpaid sticker fee and, for supervisors, offers to refund a paid one.
 */
export function RemoveStickerFeeButton() {
  const subscription = useRecordContext<Subscription>();
  const translate = useTranslate();
  const role = useRole();
  const [open, setOpen] = useState(false);
  if (!subscription || !subscription.with_stickers || subscription.sticker_fee_removed_on) return null;
  if (subscription.status === 'ended' || subscription.status === 'withdrawn') return null;
  // The server refuses a refund from an agent; `/api/auth/me` has no action for it yet, so the role decides.
  const mayRefund = role !== undefined && SUPERVISORS.includes(role);
  const label = translate('billing.remove_sticker_fee');
  return (
    <>
      <Button size="small" variant="outlined" onClick={() => setOpen(true)}>
        {label}
      </Button>
      {open ? (
        <BillingChangeDialog
          onClose={() => setOpen(false)}
          title={label}
          request={(values) => ({
            kind: 'sticker_fee_removal',
            subscription_id: subscription.id,
            customer_id: subscription.customer_id,
            refund: mayRefund && values.refund === true,
          })}
          explain={(preview) => (
            <Box>
              <Typography variant="body2">{translate('billing.sticker_rule')}</Typography>
              {preview ? (
                <Box data-testid="sticker-credits" sx={{ mt: 1 }}>
                  {preview.credits.length === 0 ? <Typography variant="body2">{translate('billing.no_credit')}</Typography> : null}
                  {preview.credits.map((c) => (
                    <Typography key={`${c.kind}-${c.invoice_id}`} variant="subtitle2">
                      {translate(c.kind === 'credit' ? 'billing.credit' : 'billing.refund_of', {
                        amount: formatOre(c.amount_ore),
                        invoice: c.invoice_number,
                      })}
                    </Typography>
                  ))}
                </Box>
              ) : null}
            </Box>
          )}
          saved={() => translate('billing.saved_sticker')}
        >
          {mayRefund ? <BooleanInput source="refund" label="billing.refund" helperText={false} /> : null}
        </BillingChangeDialog>
      ) : null}
    </>
  );
}
