import { useEffect, useRef, useState } from 'react';
import { Box, Dialog, DialogContent, DialogTitle, IconButton, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import CloseIcon from '@mui/icons-material/Close';
import { useTranslate } from 'react-admin';
import { useLocation, useNavigate } from 'react-router-dom';
import { customerIdOf, isTypingTarget, nextShortcut, SHORTCUTS, type ShortcutCommand, TAB_PATHS } from './shortcuts';

/** A sequence's second key must come within this time. */
const SEQUENCE_MS = 1500;

/** Waits (up to a few seconds) for an element the next screen renders, e.g. the note box after the tab changed. */
function whenPresent(selector: string, act: (el: HTMLElement) => void, timeoutMs = 4000) {
  const started = Date.now();
  const look = () => {
    const el = document.querySelector<HTMLElement>(selector);
    if (el) act(el);
    else if (Date.now() - started < timeoutMs) setTimeout(look, 50);
  };
  look();
}

function anyDialogOpen(): boolean {
  return document.querySelector('[role="dialog"]') !== null;
}

/** The keys of a shortcut as the overlay shows them: `g` then `f`. */
function Keys({ keys }: { keys: readonly string[] }) {
  const translate = useTranslate();
  return (
    <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
      {keys.map((k, i) => (
        <Box component="span" key={i}>
          {i > 0 ? ` ${translate('shortcuts.then')} ` : null}
          <Box
            component="kbd"
            sx={{
              px: 0.75,
              py: 0.25,
              border: 1,
              borderColor: 'divider',
              borderRadius: 0.5,
              fontFamily: 'monospace',
              bgcolor: 'action.hover',
            }}
          >
            {k}
          </Box>
        </Box>
      ))}
    </Box>
  );
}

/** The `?` overlay: every shortcut in words. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const translate = useTranslate();
  const groups: Array<['everywhere' | 'customer', string]> = [
    ['everywhere', 'shortcuts.everywhere'],
    ['customer', 'shortcuts.on_customer'],
  ];
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="shortcut-help-title">
      <DialogTitle id="shortcut-help-title" sx={{ pr: 6 }}>
        {translate('shortcuts.title')}
        <IconButton aria-label={translate('ra.action.close')} onClick={onClose} sx={{ position: 'absolute', right: 8, top: 8 }} autoFocus>
          <CloseIcon />
        </IconButton>
      </DialogTitle>
      <DialogContent data-testid="shortcut-help">
        {groups.map(([scope, title]) => (
          <Box key={scope} sx={{ mb: 2 }}>
            <Typography variant="subtitle2">{translate(title)}</Typography>
            <Table size="small">
              <TableBody>
                {SHORTCUTS.filter((s) => s.scope === scope).map((s) => (
                  <TableRow key={s.command}>
                    <TableCell sx={{ width: 140 }}>
                      <Keys keys={s.keys} />
                    </TableCell>
                    <TableCell>{translate(`shortcuts.commands.${s.command}`)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        ))}
        <Typography variant="body2" color="text.secondary">
          {translate('shortcuts.hint')}
        </Typography>
      </DialogContent>
    </Dialog>
  );
}

/**
 * Listens for the shortcuts of `shortcuts.ts` anywhere in the app. Nothing happens while the agent types
 * in a field or a dialog is open; on a customer's record the tab shortcuts change the tab and the action
 * shortcuts open the action (the note box gets the focus, a single active subscription's "Säg upp" opens).
 */
export function KeyboardShortcuts() {
  const navigate = useNavigate();
  const location = useLocation();
  const [helpOpen, setHelpOpen] = useState(false);
  const pending = useRef<{ keys: string[]; at: number }>({ keys: [], at: 0 });
  const pathname = useRef(location.pathname);
  useEffect(() => {
    pathname.current = location.pathname;
  }, [location.pathname]);

  useEffect(() => {
    const run = (command: ShortcutCommand, customerId: string | undefined) => {
      const record = customerId ? `/customers/${customerId}/show` : undefined;
      const tab = TAB_PATHS[command];
      if (command === 'help') setHelpOpen(true);
      else if (command === 'go_start') navigate('/');
      else if (command === 'go_customers') navigate('/customers');
      else if (tab !== undefined && record) navigate(`${record}${tab}`);
      else if (command === 'note' && record) {
        navigate(`${record}/anteckningar`);
        whenPresent('[data-testid="quick-note"]', (el) => el.focus());
      } else if (command === 'cancel_subscription' && record) {
        if (pathname.current !== record) navigate(record);
        whenPresent('[data-testid^="cancel-subscription-"]', () => {
          const buttons = document.querySelectorAll<HTMLElement>('[data-testid^="cancel-subscription-"]');
          // One active subscription: its dialog; several: the first button, Tab moves to the next.
          if (buttons.length === 1) buttons[0].click();
          else buttons[0]?.focus();
        });
      } else if (command === 'edit_contact') {
        document.querySelector<HTMLElement>('[data-testid="edit-contact"]')?.click();
      } else if (command === 'register_gdpr' && record) {
        navigate(`${record}/arenden`);
        whenPresent('[data-testid="register-gdpr"]', (el) => el.click());
      }
      // `/` is the search's own (CustomerSearch focuses it).
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTypingTarget(e.target) || anyDialogOpen()) {
        pending.current = { keys: [], at: 0 };
        return;
      }
      if (e.key.length !== 1) return; // Shift, Tab, arrows …
      const now = Date.now();
      const keys = now - pending.current.at > SEQUENCE_MS ? [] : pending.current.keys;
      const customerId = customerIdOf(pathname.current);
      const next = nextShortcut(keys, e.key, customerId !== undefined);
      pending.current = { keys: next.pending, at: now };
      if (next.pending.length) {
        e.preventDefault();
        return;
      }
      if (!next.command || next.command === 'search') return;
      e.preventDefault();
      run(next.command, customerId);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [navigate]);

  return helpOpen ? <ShortcutHelp onClose={() => setHelpOpen(false)} /> : null;
}
