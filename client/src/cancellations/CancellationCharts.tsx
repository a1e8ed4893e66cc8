import { Box, Card, CardContent, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CancellationStats } from '../types';

/** The recharts part of the overview: its own chunk, loaded only when a supervisor opens the overview. */
export default function CancellationCharts({ stats }: { stats: CancellationStats }) {
  const translate = useTranslate();
  const weeks = stats.weeks.map((w) => ({
    week: w.week_start.slice(5),
    [translate('cancellation_kind.notice')]: w.notice,
    [translate('cancellation_kind.withdrawal')]: w.withdrawal,
  }));
  const reasons = stats.reasons.map((r) => ({ reason: translate(`cancellation.reasons.${r.reason}`, { _: r.reason }), count: r.count }));
  return (
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
      <Card variant="outlined" sx={{ flex: 3, minWidth: 420 }}>
        <CardContent>
          <Typography variant="subtitle1">{translate('cancellation.overview.per_week')}</Typography>
          <Box sx={{ height: 280 }} data-testid="chart-per-week">
            <ResponsiveContainer>
              <BarChart data={weeks}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="week" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Bar dataKey={translate('cancellation_kind.notice')} stackId="kind" fill="#ed6c02" isAnimationActive={false} />
                <Bar dataKey={translate('cancellation_kind.withdrawal')} stackId="kind" fill="#0288d1" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </Box>
        </CardContent>
      </Card>
      <Card variant="outlined" sx={{ flex: 2, minWidth: 320 }}>
        <CardContent>
          <Typography variant="subtitle1">{translate('cancellation.overview.reasons')}</Typography>
          <Box sx={{ height: 280 }} data-testid="chart-reasons">
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
                />
              </BarChart>
            </ResponsiveContainer>
          </Box>
        </CardContent>
      </Card>
    </Box>
  );
}
