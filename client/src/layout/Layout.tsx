import { useEffect, useState } from 'react';
import { Box, IconButton, Tooltip, useMediaQuery, type Theme } from '@mui/material';
import KeyboardIcon from '@mui/icons-material/Keyboard';
import {
  AppBar,
  Layout as RaLayout,
  LoadingIndicator,
  LocalesMenuButton,
  TitlePortal,
  type LayoutProps,
  useSidebarState,
  useTranslate,
} from 'react-admin';
import { CustomerSearch } from './CustomerSearch';
import { Menu } from './Menu';
import { KeyboardShortcuts, ShortcutHelp } from './KeyboardShortcuts';

/** The keyboard icon in the app bar: the same list as `?`. */
function ShortcutHelpButton() {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Tooltip title={translate('shortcuts.button')}>
        <IconButton
          color="inherit"
          onClick={() => setOpen(true)}
          aria-label={translate('shortcuts.button')}
          data-testid="shortcut-help-button"
        >
          <KeyboardIcon />
        </IconButton>
      </Tooltip>
      {open ? <ShortcutHelp onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function BackOfficeAppBar() {
  return (
    <AppBar
      toolbar={
        <>
          {/* A phone has no keyboard shortcuts, and needs the width for the search. */}
          <Box sx={{ display: { xs: 'none', sm: 'flex' } }}>
            <ShortcutHelpButton />
          </Box>
          <LocalesMenuButton />
          <LoadingIndicator />
        </>
      }
    >
      <TitlePortal sx={{ display: { xs: 'none', md: 'block' } }} />
      <Box sx={{ flex: 1, display: 'flex', justifyContent: 'center', px: { xs: 0.5, sm: 2 }, minWidth: 0 }}>
        <CustomerSearch />
      </Box>
    </AppBar>
  );
}

/**
 * The page never grows wider than the screen (react-admin lets it, `min-width: fit-content`): on a tablet
 * a wide table scrolls inside its own box and the record's header and actions stay on screen.
 */
const FIT_THE_SCREEN = { minWidth: 0, '& .RaLayout-content': { minWidth: 0 } } as const;

/** On a tablet the menu starts folded to its icons, so that the record has the width (the menu button opens it). */
function FoldMenuOnTablet() {
  const narrow = useMediaQuery<Theme>((theme) => theme.breakpoints.down('md'), { noSsr: true });
  const [, setOpen] = useSidebarState();
  useEffect(() => {
    if (narrow) setOpen(false);
  }, [narrow, setOpen]);
  return null;
}

export function Layout(props: LayoutProps) {
  return (
    <RaLayout {...props} appBar={BackOfficeAppBar} menu={Menu} sx={FIT_THE_SCREEN}>
      {props.children}
      <KeyboardShortcuts />
      <FoldMenuOnTablet />
    </RaLayout>
  );
}
