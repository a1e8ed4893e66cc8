import { useRef, useState } from 'react';
import { Alert, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { useDataProvider, useRefresh, useTranslate } from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import { formatOre } from '../common/format';
import { useAction } from '../common/useAction';
import type { PaymentFile } from '../types';

interface Upload {
  file: File;
  name: string;
  size: number;
  lastModified: number;
}

/** The booked file in words and kronor, as the server answered it. */
export function bookedSummary(file: PaymentFile, translate: (key: string, options?: Record<string, unknown>) => string): string {
  return translate('money.page.booked', {
    name: file.filename ?? 'BgMax',
    payments: file.payments,
    amount: formatOre(file.amount_ore),
    matched: file.matched,
    matched_amount: formatOre(file.matched_ore),
    unmatched: file.unmatched,
    unmatched_amount: formatOre(file.unmatched_ore),
  });
}

/**
 * Läs in BgMax-fil: the file from Bankgirot goes to the server as it is (ISO-8859-1 or UTF-8), with a
 * progress bar while it uploads and while the server books it; then what was booked, in words and kronor.
 * Submit once, with an idempotency key, as every action.
 */
export function UploadPaymentFile() {
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const translate = useTranslate();
  const refresh = useRefresh();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<{ ok: true; text: string } | { ok: false; text: string } | null>(null);
  const [name, setName] = useState('');
  const action = useAction<Upload, PaymentFile>({
    repeatable: true,
    submit: (upload, { idempotencyKey }) => dataProvider.uploadPaymentFile(upload.file, setProgress, { idempotencyKey }),
  });

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setName(file.name);
    setOutcome(null);
    setProgress(0);
    const result = await action.run({ file, name: file.name, size: file.size, lastModified: file.lastModified });
    setProgress(null);
    if (input.current) input.current.value = '';
    if (result.status === 'done') {
      setOutcome({ ok: true, text: bookedSummary(result.result, translate) });
      refresh();
    } else if (result.status === 'refused') {
      const reason = result.fieldErrors?.file ?? result.message ?? translate('ra.notification.http_error');
      setOutcome({ ok: false, text: translate('money.page.refused', { message: reason }) });
    }
  };

  return (
    <Box data-testid="upload-payment-file">
      <Typography variant="h6" gutterBottom>
        {translate('money.page.upload')}
      </Typography>
      <Stack direction="row" spacing={2} alignItems="center">
        <Button variant="contained" component="label" startIcon={<UploadFileIcon />} disabled={action.isPending}>
          {translate('money.page.choose')}
          <input
            ref={input}
            hidden
            type="file"
            accept=".txt,.bgm,.bgmax,text/plain"
            data-testid="payment-file-input"
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </Button>
        {action.isPending ? <Typography variant="body2">{translate('money.page.uploading', { name })}</Typography> : null}
      </Stack>
      {action.isPending ? (
        <LinearProgress
          sx={{ mt: 1, maxWidth: 480 }}
          // Uploading: how much has gone; then the server books the file in one transaction.
          variant={progress !== null && progress < 1 ? 'determinate' : 'indeterminate'}
          value={(progress ?? 0) * 100}
          data-testid="upload-progress"
        />
      ) : null}
      {outcome ? (
        <Alert severity={outcome.ok ? 'success' : 'error'} sx={{ mt: 1 }} data-testid={outcome.ok ? 'upload-summary' : 'upload-refused'}>
          {outcome.text}
        </Alert>
      ) : null}
    </Box>
  );
}
