import { useEffect, useRef, useState } from 'react';
import { Box, InputBase, List, ListItemButton, ListItemText, Paper, Popper, Typography, alpha } from '@mui/material';
import SearchIcon from '@mui/icons-material/Search';
import { useGetList, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import type { CustomerListItem } from '../types';
import { MatchedVia } from '../people/MatchedVia';

const DEBOUNCE_MS = 200;
const MAX_HITS = 8;

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
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [input, enabled]);
}

/**
 * The call screen's search: results as the agent types (debounced), as the server lists them (name,
 * personnummer masked, customer number, city — no contact details); Enter opens the
 * highlighted hit (the top one by default), arrow keys move, Escape closes.
 */
export function CustomerSearch({ large = false, slashFocus = true }: { large?: boolean; slashFocus?: boolean }) {
  const translate = useTranslate();
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  // The popper is placed under the search box, which is known once it is mounted (a callback ref, read in render).
  const [anchor, setAnchor] = useState<HTMLDivElement | null>(null);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
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

  const { data: hits = [], isFetching } = useGetList<CustomerListItem>(
    'customers',
    { filter: { q }, pagination: { page: 1, perPage: MAX_HITS }, sort: { field: 'last_name', order: 'ASC' } },
    { enabled: q.length > 0, placeholderData: (previous) => previous },
  );
  const shown = q.length > 0 ? hits : [];
  const active = highlight.q === q ? highlight.index : 0;
  const setActive = (move: (index: number) => number) => setHighlight({ q, index: move(active) });

  const openCustomer = (c: CustomerListItem) => {
    setOpen(false);
    setText('');
    input.current?.blur();
    navigate(`/customers/${c.id}/show`);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      show();
      setActive((i) => Math.min(i + 1, shown.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // Enter before the debounce has fired still opens the right customer once the answer arrives.
      if (shown[active] && q === text.trim()) openCustomer(shown[active]);
    } else if (e.key === 'Escape') {
      setOpen(false);
      input.current?.blur();
    }
  };

  return (
    <Box ref={setAnchor} sx={{ position: 'relative', width: large ? '100%' : { xs: 200, sm: 420 } }}>
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
          placeholder={translate('app.search.placeholder')}
          onChange={(e) => {
            setText(e.target.value);
            show();
          }}
          onFocus={show}
          onBlur={() => {
            closeTimer.current = setTimeout(() => setOpen(false), 150);
          }}
          onKeyDown={onKeyDown}
          sx={{ color: 'inherit', flex: 1, py: large ? 1 : 0.5, fontSize: large ? 18 : undefined }}
          inputProps={{ 'aria-label': translate('app.search.placeholder'), 'data-testid': 'customer-search' }}
        />
        <Typography variant="caption" sx={{ opacity: 0.6, display: { xs: 'none', md: 'block' } }}>
          /
        </Typography>
      </Box>
      <Popper open={open && q.length > 0} anchorEl={anchor} placement="bottom-start" sx={{ zIndex: 1400, width: anchor?.offsetWidth }}>
        <Paper elevation={6}>
          {shown.length === 0 ? (
            <Typography sx={{ p: 2 }} variant="body2">
              {isFetching ? translate('ra.page.loading') : translate('app.search.no_hits')}
            </Typography>
          ) : (
            <List dense role="listbox" data-testid="search-hits">
              {shown.map((c, i) => (
                <ListItemButton
                  key={c.id}
                  role="option"
                  selected={i === active}
                  aria-selected={i === active}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => openCustomer(c)}
                >
                  <ListItemText
                    primary={`${c.first_name} ${c.last_name}`}
                    secondary={
                      <>
                        {`${c.personnummer} · ${c.customer_number} · ${c.city}`}
                        <MatchedVia customer={c} />
                      </>
                    }
                  />
                </ListItemButton>
              ))}
            </List>
          )}
        </Paper>
      </Popper>
    </Box>
  );
}
