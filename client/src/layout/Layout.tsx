import { Box } from '@mui/material';
import { AppBar, Layout as RaLayout, TitlePortal, type LayoutProps } from 'react-admin';
import { CustomerSearch } from './CustomerSearch';
import { Menu } from './Menu';

function BackOfficeAppBar() {
  return (
    <AppBar>
      <TitlePortal />
      <Box sx={{ flex: 1, display: 'flex', justifyContent: 'center', px: 2 }}>
        <CustomerSearch />
      </Box>
    </AppBar>
  );
}

export function Layout(props: LayoutProps) {
  return <RaLayout {...props} appBar={BackOfficeAppBar} menu={Menu} />;
}
