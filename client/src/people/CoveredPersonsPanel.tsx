import { useState } from 'react';
import { Box, Button, Chip, Paper, Stack, Typography } from '@mui/material';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import EditIcon from '@mui/icons-material/Edit';
import PersonRemoveIcon from '@mui/icons-material/PersonRemove';
import { useQueryClient } from '@tanstack/react-query';
import {
  useCanAccess,
  useDataProvider,
  useGetList,
  useGetMany,
  useGetOne,
  useLocaleState,
  useNotify,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { BackOfficeDataProvider } from '../dataProvider';
import type { CoveredPerson, Customer, Product, Subscription } from '../types';
import { ActionDialog } from '../common/ActionDialog';
import { ActionForm, ActionRefusal, ActionSubmitButton } from '../common/ActionForm';
import { alarmRouteWords } from './alarmRoute';
import { personBody, type PersonFormValues, PersonInputs } from './PersonInputs';
import { useCoveredPersons } from './useCoveredPersons';

const COVERING: Subscription['status'][] = ['active', 'notice_given'];

/** After a change: the people, the header's count, the alarms' names and the history are read again (not the audited record). */
function useRefreshPeople() {
  const queryClient = useQueryClient();
  return () => {
    for (const resource of ['covered_persons', 'audit_events']) void queryClient.invalidateQueries({ queryKey: [resource] });
  };
}

function AddPersonDialog({
  subscription,
  product,
  holder,
  onClose,
}: {
  subscription: Subscription;
  product: Product | undefined;
  holder: CoveredPerson | undefined;
  onClose: () => void;
}) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const notify = useNotify();
  const refreshPeople = useRefreshPeople();
  return (
    <ActionDialog<PersonFormValues, CoveredPerson>
      title={translate('people.add_title', { product: product?.name ?? '' })}
      submitLabel="people.add"
      submitIcon={<PersonAddIcon />}
      resource="covered_persons"
      onClose={onClose}
      defaultValues={{ route: 'holder', relation: 'child' }}
      submit={async (values, { idempotencyKey }) => {
        const data = { subscription_id: subscription.id, ...personBody(values, false) };
        return (await dataProvider.create<typeof data, CoveredPerson>('covered_persons', { data, meta: { idempotencyKey } })).data;
      }}
      onSuccess={(added) => {
        notify('people.added', { type: 'success', messageArgs: { name: `${added.first_name} ${added.last_name}` } });
        onClose();
        refreshPeople();
      }}
    >
      <PersonInputs holder={holder} />
    </ActionDialog>
  );
}

function RemovePersonDialog({ person, product, onClose }: { person: CoveredPerson; product: Product | undefined; onClose: () => void }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const notify = useNotify();
  const refreshPeople = useRefreshPeople();
  const name = `${person.first_name} ${person.last_name}`;
  return (
    <ActionDialog<Record<string, never>, CoveredPerson>
      title={translate('people.remove_title', { name })}
      submitLabel="people.remove"
      submitIcon={<PersonRemoveIcon />}
      onClose={onClose}
      submit={(_values, { idempotencyKey }) => dataProvider.removeCoveredPerson(person, { idempotencyKey })}
      onSuccess={() => {
        notify('people.removed', { type: 'info', messageArgs: { name } });
        onClose();
        refreshPeople();
      }}
    >
      <Typography variant="body2">{translate('people.remove_text', { name, product: product?.name ?? '' })}</Typography>
    </ActionDialog>
  );
}

/** Edit in place: the person's row turns into the form; the whole personnummer is read from the person's own record. */
function EditPersonForm({ person, holder, onDone }: { person: CoveredPerson; holder: CoveredPerson | undefined; onDone: () => void }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<BackOfficeDataProvider>();
  const notify = useNotify();
  const refreshPeople = useRefreshPeople();
  const { data: whole } = useGetOne<CoveredPerson>('covered_persons', { id: person.id });
  if (!whole) return null;
  const isHolder = whole.relation === 'holder';
  return (
    <ActionForm<PersonFormValues, CoveredPerson>
      resource="covered_persons"
      defaultValues={{
        first_name: whole.first_name,
        last_name: whole.last_name,
        personnummer: whole.personnummer,
        relation: whole.relation,
        route: whole.alarm_phone || whole.alarm_email ? 'own' : 'holder',
        alarm_phone: whole.alarm_phone,
        alarm_email: whole.alarm_email,
      }}
      submit={async (values, { idempotencyKey }) =>
        (
          await dataProvider.update<CoveredPerson>('covered_persons', {
            id: whole.id,
            data: { ...personBody(values, isHolder), version: whole.version } as Partial<CoveredPerson>,
            previousData: whole,
            meta: { idempotencyKey },
          })
        ).data
      }
      onSuccess={() => {
        notify('people.saved', { type: 'info' });
        onDone();
        refreshPeople();
      }}
    >
      <Box sx={{ p: 1, border: 1, borderColor: 'primary.main', borderRadius: 1 }} data-testid={`person-edit-${person.id}`}>
        <ActionRefusal />
        <PersonInputs holder={isHolder ? undefined : holder} isHolder={isHolder} />
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          <ActionSubmitButton label="ra.action.save" />
          <Button onClick={onDone}>{translate('ra.action.cancel')}</Button>
        </Stack>
      </Box>
    </ActionForm>
  );
}

function PersonRow({
  person,
  holder,
  product,
}: {
  person: CoveredPerson;
  holder: CoveredPerson | undefined;
  product: Product | undefined;
}) {
  const translate = useTranslate();
  const [locale = 'sv'] = useLocaleState();
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const { canAccess: canEdit } = useCanAccess({ action: 'edit', resource: 'covered_persons' });
  const { canAccess: canRemove } = useCanAccess({ action: 'delete', resource: 'covered_persons' });
  const name = `${person.first_name} ${person.last_name}`;
  if (editing) return <EditPersonForm person={person} holder={holder} onDone={() => setEditing(false)} />;
  return (
    <Stack
      direction={{ xs: 'column', md: 'row' }}
      spacing={1}
      alignItems={{ md: 'center' }}
      sx={{ py: 0.75, borderBottom: 1, borderColor: 'divider' }}
      data-testid={`person-${person.id}`}
    >
      <Box sx={{ minWidth: 260 }}>
        <Typography variant="body2" component="span" fontWeight={600}>
          {name}
        </Typography>{' '}
        <Chip size="small" variant="outlined" label={translate(`people.relation.${person.relation}`)} sx={{ ml: 0.5 }} />
        <Typography variant="caption" color="text.secondary" component="div">
          {person.personnummer}
        </Typography>
      </Box>
      <Typography variant="body2" sx={{ flex: 1 }} data-testid="person-route">
        {alarmRouteWords(person, holder, translate, locale)}
      </Typography>
      <Stack direction="row" spacing={1}>
        {canEdit ? (
          <Button size="small" startIcon={<EditIcon />} onClick={() => setEditing(true)} data-testid={`edit-person-${person.id}`}>
            {translate('people.edit')}
          </Button>
        ) : null}
        {canRemove && person.relation !== 'holder' ? (
          <Button size="small" color="warning" startIcon={<PersonRemoveIcon />} onClick={() => setRemoving(true)}>
            {translate('people.remove')}
          </Button>
        ) : null}
      </Stack>
      {removing ? <RemovePersonDialog person={person} product={product} onClose={() => setRemoving(false)} /> : null}
    </Stack>
  );
}

function SubscriptionPeople({
  subscription,
  product,
  people,
}: {
  subscription: Subscription;
  product: Product | undefined;
  people: CoveredPerson[];
}) {
  const translate = useTranslate();
  const [adding, setAdding] = useState(false);
  const { canAccess } = useCanAccess({ action: 'create', resource: 'covered_persons' });
  const holder = people.find((p) => p.relation === 'holder');
  const max = product?.max_persons ?? 1;
  const room = people.length < max;
  return (
    <Paper variant="outlined" sx={{ p: 1.5, mb: 1 }} data-testid={`subscription-people-${subscription.id}`}>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 0.5 }}>
        <Typography variant="subtitle2">{product?.name}</Typography>
        <Typography variant="caption" color="text.secondary" data-testid="people-places">
          {translate('people.places', { used: people.length, max })}
        </Typography>
        <Box sx={{ flex: 1 }} />
        {canAccess && room ? (
          <Button size="small" variant="outlined" startIcon={<PersonAddIcon />} onClick={() => setAdding(true)} data-testid="add-person">
            {translate('people.add')}
          </Button>
        ) : null}
        {!room && max > 1 ? (
          <Typography variant="caption" color="text.secondary">
            {translate('people.full')}
          </Typography>
        ) : null}
      </Stack>
      {people.length === 0 ? <Typography variant="body2">{translate('people.no_people')}</Typography> : null}
      {people.map((p) => (
        <PersonRow key={p.id} person={p} holder={holder} product={product} />
      ))}
      {adding ? <AddPersonDialog subscription={subscription} product={product} holder={holder} onClose={() => setAdding(false)} /> : null}
    </Paper>
  );
}

/** Under Abonnemang: the people each current subscription covers and where each one's alarms go, with add, edit in place and remove. */
export function CoveredPersonsPanel() {
  const customer = useRecordContext<Customer>();
  const translate = useTranslate();
  const { data: subscriptions = [] } = useGetList<Subscription>(
    'subscriptions',
    {
      filter: { customer_id: customer?.id, status: COVERING },
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'signed_on', order: 'DESC' },
    },
    { enabled: !!customer },
  );
  const { people } = useCoveredPersons(customer?.id);
  const { data: products = [] } = useGetMany<Product>('products', { ids: [...new Set(subscriptions.map((s) => s.product_id))] });
  if (!customer || subscriptions.length === 0) return null;
  return (
    <Box sx={{ mt: 2 }} data-testid="covered-persons">
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {translate('people.panel_title')}
      </Typography>
      {subscriptions.map((s) => (
        <SubscriptionPeople
          key={s.id}
          subscription={s}
          product={products.find((p) => p.id === s.product_id)}
          people={people.filter((p) => p.subscription_id === s.id)}
        />
      ))}
    </Box>
  );
}
