import { useEffect, useRef, useState } from 'react';
import { Box, InputBase, LinearProgress, List, ListItemButton, ListItemText, Paper, Popper, Typography, alpha } from '@mui/material';
import SearchIcon from '@mui/icons-material/Search';
import { useQueryClient } from '@tanstack/react-query';
import { type GetListParams, useDataProvider, useGetList, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import type { CustomerListItem } from '../types';
import { MatchedVia } from '../people/MatchedVia';
import { isTypingTarget } from './shortcuts';

/** Results show this long after the last key; Enter never waits for it (it asks for exactly what is typed). */
const DEBOUNCE_MS = 150;
const MAX_HITS = 8;

/** The one request for a search term: the list shown as the agent types and the answer Enter waits for share it. */
export function searchParams(q: string): GetListParams {
  return { filter: { q }, pagination: { page: 1, perPage: MAX_HITS }, sort: { field: 'last_name', order: 'ASC' } };
}

/** react-admin's cache key of `useGetList('customers', searchParams(q))`. */
const searchKey = (q: string) => {
  const { pagination, sort, filter } = searchParams(q);
  return ['customers', 'getList', { pagination, sort, filter, meta: undefined }];
};

/** The customer list filtered by the term: every hit, not only the first few. */
export const allHitsPath = (q: string) => `/customers?filter=${encodeURIComponent(JSON.stringify({ q }))}`;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/** `/` anywhere (outside a text field) focuses the search. */
function useSlashToFocus(input: React.RefObject<HTMLInputElement | null>, enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (isTypingTarget(e.target)) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [input, enabled]);
}

/** One hit: who it is, with what the caller may say to confirm it (masked personnummer, customer number, city). */
function SearchHit({ customer }: { customer: CustomerListItem }) {
  const details = [customer.personnummer, customer.customer_number, customer.city].filter(Boolean);
  return (
    <ListItemText
      primary={`${customer.first_name} ${customer.last_name}`}
      secondary={
        <>
          {details.join(' · ')}
          <MatchedVia customer={customer} />
        </>
      }
    />
  );
}

/**
 * The call screen's search. Hits come as the agent types (debounced); Enter opens the top hit (or the one
 * moved to with the arrow keys) of exactly what is in the box at that moment: pressed right after the last
 * key, it asks for that term at once and waits for its answer — never the previous term's hit. What the
 * agent types or Escape meanwhile wins over an answer still on its way. Escape clears the box. A hit
 * shows what the server lists (name, personnummer, customer number, city — no contact details) and, when
 * a covered person's key found it, through whom.
 */
export function CustomerSearch({
  large = false,
  slashFocus = true,
  autoFocus = false,
}: {
  large?: boolean;
  slashFocus?: boolean;
  autoFocus?: boolean;
}) {
  const translate = useTranslate();
  const navigate = useNavigate();
  const dataProvider = useDataProvider();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  // The popper is placed under the search box, which is known once it is mounted (a callback ref, read in render).
  const [anchor, setAnchor] = useState<HTMLDivElement | null>(null);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  // An Enter waiting for its term's answer; a later key, Escape or Enter makes it stale.
  const [waiting, setWaiting] = useState<string | undefined>();
  const enterToken = useRef(0);
  // The highlighted hit belongs to the query it was chosen in: a new query starts again at the top hit.
  const [highlight, setHighlight] = useState({ q: '', index: 0 });
  // Closing on blur waits a moment (so a click on a hit lands); focusing again cancels it.
  const closeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const show = () => {
    clearTimeout(closeTimer.current);
    setOpen(true);
  };
  const q = useDebounced(text.trim(), DEBOUNCE_MS);
  useSlashToFocus(input, slashFocus);

  const {
    data: hits = [],
    total,
    isFetching,
    isPlaceholderData,
  } = useGetList<CustomerListItem>('customers', searchParams(q), { enabled: q.length > 0, placeholderData: (previous) => previous });
  const shown = q.length > 0 ? hits : [];
  const moreThanShown = total !== undefined && total > shown.length;
  // The arrow keys move over the hits and, last, "show all".
  const options = shown.length + (moreThanShown ? 1 : 0);
  const active = highlight.q === q ? Math.min(highlight.index, Math.max(options - 1, 0)) : 0;
  const setActive = (move: (index: number) => number) => setHighlight({ q, index: move(active) });

  const clear = () => {
    enterToken.current++;
    setWaiting(undefined);
    setText('');
  };

  const openCustomer = (c: CustomerListItem) => {
    clear();
    setOpen(false);
    input.current?.blur();
    navigate(`/customers/${c.id}/show`);
  };

  const openAllHits = (term: string) => {
    clear();
    setOpen(false);
    input.current?.blur();
    navigate(allHitsPath(term));
  };

  /** Enter: the hit of exactly `term`, from the list on screen when it is that term's, else asked for now. */
  const enter = async (term: string) => {
    const token = ++enterToken.current;
    if (!term) return;
    if (term === q && !isPlaceholderData && !isFetching && hits.length > 0) {
      if (active < shown.length) openCustomer(shown[active]);
      else openAllHits(term);
      return;
    }
    setWaiting(term);
    show();
    try {
      const answer = await queryClient.fetchQuery({
        queryKey: searchKey(term),
        queryFn: () => dataProvider.getList<CustomerListItem>('customers', searchParams(term)),
        staleTime: 5_000,
      });
      if (token !== enterToken.current || input.current?.value.trim() !== term) return; // typed on, Escape, or another Enter
      setWaiting(undefined);
      if (answer.data[0]) openCustomer(answer.data[0]);
    } catch {
      if (token === enterToken.current) setWaiting(undefined);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === '/' && e.currentTarget.value === '') {
      // `/` means "search" everywhere; in the (focused, empty) search box it is already done.
      e.preventDefault();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      show();
      setActive((i) => Math.min(i + 1, options - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // What the box holds now, read from the input itself: not a value of the last render.
      void enter(e.currentTarget.value.trim());
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (text === '') input.current?.blur();
      clear();
      setOpen(false);
    }
  };

  const noHitYet = waiting !== undefined || isFetching;
  // Hits of an older term (typed on since, or its answer still on the way) are shown faded and unselected.
  const fresh = q === text.trim() && !isPlaceholderData && waiting === undefined;
  return (
    <Box ref={setAnchor} sx={{ position: 'relative', width: large ? '100%' : { xs: 160, sm: 300, md: 420 } }}>
      <Box
        sx={(theme) => ({
          display: 'flex',
          alignItems: 'center',
          px: 1,
          borderRadius: 1,
          bgcolor: large ? theme.palette.background.paper : alpha(theme.palette.common.white, 0.15),
          border: large ? 1 : 0,
          borderColor: 'divider',
        })}
      >
        <SearchIcon sx={{ mr: 1, opacity: 0.7 }} />
        <InputBase
          inputRef={input}
          value={text}
          autoFocus={autoFocus}
          placeholder={translate('app.search.placeholder')}
          onChange={(e) => {
            // Typing on makes an Enter that still waits for an older term's answer stale.
            enterToken.current++;
            setWaiting(undefined);
            setText(e.target.value);
            show();
          }}
          onFocus={show}
          onBlur={() => {
            closeTimer.current = setTimeout(() => setOpen(false), 150);
          }}
          onKeyDown={onKeyDown}
          sx={{ color: 'inherit', flex: 1, py: large ? 1 : 0.5, fontSize: large ? 18 : undefined }}
          inputProps={{
            'aria-label': translate('app.search.placeholder'),
            'data-testid': 'customer-search',
            role: 'combobox',
            'aria-expanded': open && q.length > 0,
            'aria-autocomplete': 'list',
          }}
        />
        <Typography variant="caption" sx={{ opacity: 0.6, display: { xs: 'none', md: 'block' } }}>
          /
        </Typography>
      </Box>
      <Popper
        open={open && (q.length > 0 || waiting !== undefined)}
        anchorEl={anchor}
        placement="bottom-start"
        sx={{ zIndex: 1400, width: anchor?.offsetWidth }}
      >
        <Paper elevation={6}>
          {waiting !== undefined ? <LinearProgress data-testid="search-waiting" /> : !fresh && shown.length ? <LinearProgress /> : null}
          {shown.length === 0 ? (
            <Typography sx={{ p: 2 }} variant="body2" data-testid="search-status">
              {noHitYet ? translate('ra.page.loading') : translate('app.search.no_hits')}
            </Typography>
          ) : (
            <List dense role="listbox" data-testid="search-hits" aria-busy={!fresh} sx={{ opacity: fresh ? 1 : 0.45 }}>
              {shown.map((c, i) => (
                <ListItemButton
                  key={c.id}
                  role="option"
                  selected={fresh && i === active}
                  aria-selected={fresh && i === active}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => openCustomer(c)}
                >
                  <SearchHit customer={c} />
                </ListItemButton>
              ))}
              {moreThanShown ? (
                <ListItemButton
                  role="option"
                  selected={fresh && active === shown.length}
                  aria-selected={fresh && active === shown.length}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => openAllHits(q)}
                  data-testid="search-all-hits"
                  sx={{ borderTop: 1, borderColor: 'divider' }}
                >
                  <ListItemText
                    primary={translate('search.show_all', { smart_count: total })}
                    slotProps={{ primary: { color: 'primary', variant: 'body2' } }}
                  />
                </ListItemButton>
              ) : null}
            </List>
          )}
        </Paper>
      </Popper>
    </Box>
  );
}
