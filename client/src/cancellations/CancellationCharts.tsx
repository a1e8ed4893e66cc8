import { Box, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { addDays } from '@domain/calendarDate';
import type { CancellationKind } from '@domain/cancellationTerms';
import type { CancellationStats } from '../types';

/** The queue with exactly the cancellations a bar counts (every status). */
export function queueUrl(filter: Record<string, unknown>): string {
  return `/cancellations?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=requested_on&order=DESC`;
}

/** The recharts part of the overview: its own chunk, loaded only when a supervisor opens the overview. */
export default function CancellationCharts({ stats }: { stats: CancellationStats }) {
  const translate = useTranslate();
  const navigate = useNavigate();
  const firstWeek = stats.weeks[0]?.week_start ?? stats.today;
  const weeks = stats.weeks.map((w) => ({
    week: w.week_start.slice(5),
    week_start: w.week_start,
    [translate('cancellation_kind.notice')]: w.notice,
    [translate('cancellation_kind.withdrawal')]: w.withdrawal,
  }));
  const reasons = stats.reasons.map((r) => ({
    key: r.reason,
    reason: translate(`cancellation.reasons.${r.reason}`, { _: r.reason }),
    count: r.count,
  }));
  const openWeek = (kind: CancellationKind) => (entry: { payload?: { week_start?: string } }) => {
    const start = entry.payload?.week_start;
    if (start) navigate(queueUrl({ kind, requested_from: start, requested_to: addDays(start, 6) }));
  };
  const openReason = (reason: string) => navigate(queueUrl({ reason, requested_from: firstWeek }));
  return (
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
      <Typography variant="body2" color="text.secondary" sx={{ width: '100%' }}>
        {translate('queues.chart_hint')}
      </Typography>
      <Card variant="outlined" sx={{ flex: 3, minWidth: { xs: '100%', md: 420 } }}>
        <CardContent>
          <Typography variant="subtitle1">{translate('cancellation.overview.per_week')}</Typography>
          <Box sx={{ height: 280, '& .recharts-bar-rectangle': { cursor: 'pointer' } }} data-testid="chart-per-week">
            <ResponsiveContainer>
              <BarChart data={weeks}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="week" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Bar
                  dataKey={translate('cancellation_kind.notice')}
                  stackId="kind"
                  fill="#ed6c02"
                  isAnimationActive={false}
                  onClick={openWeek('notice')}
                />
                <Bar
                  dataKey={translate('cancellation_kind.withdrawal')}
                  stackId="kind"
                  fill="#0288d1"
                  isAnimationActive={false}
                  onClick={openWeek('withdrawal')}
                />
              </BarChart>
            </ResponsiveContainer>
          </Box>
        </CardContent>
      </Card>
      <Card variant="outlined" sx={{ flex: 2, minWidth: { xs: '100%', md: 320 } }}>
        <CardContent>
          <Typography variant="subtitle1">{translate('cancellation.overview.reasons')}</Typography>
          <Box sx={{ height: 280, '& .recharts-bar-rectangle': { cursor: 'pointer' } }} data-testid="chart-reasons">
            <ResponsiveContainer>
              <BarChart data={reasons} layout="vertical" margin={{ left: 40 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="reason" width={140} />
                <Tooltip />
                <Bar
                  dataKey="count"
                  name={translate('resources.cancellations.name', { smart_count: 2 })}
                  fill="#1976d2"
                  isAnimationActive={false}
                  onClick={(entry: { payload?: { key?: string } }) => entry.payload?.key && openReason(entry.payload.key)}
                />
              </BarChart>
            </ResponsiveContainer>
          </Box>
          {/* The same reasons as links, for the keyboard. */}
          <Stack direction="row" flexWrap="wrap" useFlexGap spacing={1} sx={{ mt: 1 }}>
            {reasons.map((r) => (
              <Chip
                key={r.key}
                size="small"
                clickable
                label={`${r.reason} (${r.count})`}
                onClick={() => openReason(r.key)}
                data-testid={`reason-link-${r.key}`}
              />
            ))}
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
}
