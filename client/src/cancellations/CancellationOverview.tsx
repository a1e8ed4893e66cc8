import { lazy, Suspense } from 'react';
import { Box, Card, CardActionArea, CardContent, LinearProgress, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { AccessDenied, Authenticated, Title, useCanAccess, useDataProvider, useTranslate } from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import { useToday } from '../auth/identity';

// recharts is loaded only here, so an agent's first load never downloads it.
const CancellationCharts = lazy(() => import('./CancellationCharts'));

function Figure({ label, value, to, testId }: { label: string; value: number | undefined; to: string; testId: string }) {
  const translate = useTranslate();
  const navigate = useNavigate();
  return (
    <Card variant="outlined" sx={{ flex: 1, minWidth: 180 }}>
      <CardActionArea onClick={() => navigate(to)}>
        <CardContent>
          <Typography variant="body2" color="text.secondary">
            {translate(label)}
          </Typography>
          <Typography variant="h4" data-testid={testId}>
            {value ?? '–'}
          </Typography>
        </CardContent>
      </CardActionArea>
    </Card>
  );
}

const listUrl = (filter: Record<string, unknown>) => `/cancellations?filter=${encodeURIComponent(JSON.stringify(filter))}`;

function Overview() {
  const translate = useTranslate();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const today = useToday();
  const { data: stats } = useQuery({ queryKey: ['cancellations', 'stats'], queryFn: () => dataProvider.getCancellationStats() });
  const open = stats ? stats.by_status.registered + stats.by_status.form_sent + stats.by_status.confirmed : undefined;
  return (
    <Box sx={{ p: 2 }}>
      <Title title="cancellation.overview.title" />
      <Typography variant="h5" sx={{ mb: 2 }}>
        {translate('cancellation.overview.title')}
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mb: 2 }}>
        <Figure label="cancellation.overview.open" value={open} to={listUrl({ status: 'registered' })} testId="figure-open" />
        <Figure
          label="cancellation.overview.ending_this_month"
          value={stats?.ending_this_month}
          to={listUrl({ status: 'confirmed', ends_month: today?.slice(0, 7) })}
          testId="figure-ending"
        />
        <Figure
          label="cancellation.overview.overdue_forms"
          value={stats?.overdue_forms}
          to={listUrl({ status: 'form_sent', form_overdue: true })}
          testId="figure-overdue"
        />
      </Box>
      {stats ? (
        <Suspense fallback={<LinearProgress />}>
          <CancellationCharts stats={stats} />
        </Suspense>
      ) : (
        <LinearProgress />
      )}
    </Box>
  );
}

/** The supervisor's overview of cancellations: figures and charts. */
export function CancellationOverview() {
  const { canAccess, isPending } = useCanAccess({ action: 'supervisor', resource: 'dashboard' });
  // A deep link an agent may not open says so ("Åtkomst nekad"), never a blank page, and asks for no figures.
  return <Authenticated>{isPending ? <LinearProgress /> : canAccess ? <Overview /> : <AccessDenied />}</Authenticated>;
}
