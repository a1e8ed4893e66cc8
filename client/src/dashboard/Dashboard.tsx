import { Box, Card, CardContent, List, ListItemButton, ListItemText, Typography } from '@mui/material';
import { Title, useCanAccess, useDataProvider, useGetIdentity, useTranslate } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { CustomerSearch } from '../layout/CustomerSearch';
import type { BackOfficeDataProvider } from '../dataProvider';

/** The start page: the search, the customers I opened lately, my notes today. */
export function Dashboard() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const { identity } = useGetIdentity();
  const { data } = useQuery({ queryKey: ['me', 'summary'], queryFn: () => dataProvider.getMySummary() });
  return (
    <Box sx={{ p: 2, maxWidth: 900 }}>
      <Title title="app.title" />
      <Typography variant="h5" sx={{ mb: 2 }}>
        {translate('dashboard.hello', { name: identity?.fullName ?? '' })}
      </Typography>
      {/* Focused as the page opens (after logging in): the agent types the caller's details at once. */}
      <CustomerSearch large slashFocus={false} autoFocus />
      <Box sx={{ display: 'flex', gap: 2, mt: 2, flexWrap: 'wrap' }}>
        <Card variant="outlined" sx={{ flex: 2, minWidth: 320 }}>
          <CardContent>
            <Typography variant="subtitle1">{translate('dashboard.recent')}</Typography>
            {data && data.recent_customers.length === 0 && <Typography variant="body2">–</Typography>}
            <List dense data-testid="recent-customers">
              {data?.recent_customers.map((c) => (
                <ListItemButton key={c.id} onClick={() => navigate(`/customers/${c.id}/show`)}>
                  <ListItemText
                    primary={`${c.first_name} ${c.last_name}`}
                    secondary={`${c.personnummer} · ${c.customer_number} · ${c.city}`}
                  />
                </ListItemButton>
              ))}
            </List>
          </CardContent>
        </Card>
        <SupervisorLinks />
        <Card variant="outlined" sx={{ flex: 1, minWidth: 200 }}>
          <CardContent>
            <Typography variant="subtitle1">{translate('dashboard.notes_today')}</Typography>
            <Typography variant="h3" data-testid="notes-today">
              {data?.notes_today ?? '–'}
            </Typography>
          </CardContent>
        </Card>
      </Box>
    </Box>
  );
}

/** Supervisors start from the queues; the charts load on their own page, so agents never fetch them. */
function SupervisorLinks() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { canAccess } = useCanAccess({ action: 'supervisor', resource: 'dashboard' });
  if (!canAccess) return null;
  return (
    <Card variant="outlined" sx={{ flex: 1, minWidth: 240 }}>
      <CardContent>
        <Typography variant="subtitle1">{translate('dashboard.supervisor')}</Typography>
        <List dense>
          <ListItemButton onClick={() => navigate('/cancellations')}>
            <ListItemText primary={translate('dashboard.cancellations')} />
          </ListItemButton>
          <ListItemButton onClick={() => navigate('/gdpr_requests')}>
            <ListItemText primary={translate('dashboard.gdpr')} />
          </ListItemButton>
          <ListItemButton onClick={() => navigate('/cancellations-overview')}>
            <ListItemText primary={translate('dashboard.overview')} />
          </ListItemButton>
        </List>
      </CardContent>
    </Card>
  );
}
