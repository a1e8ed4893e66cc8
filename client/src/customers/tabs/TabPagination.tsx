import { Pagination } from 'react-admin';

/**
 * The pager under a list on the customer's record: pages come from the server (`range`, `Content-Range`),
 * so a long-standing customer's rows are all reachable, never silently cut at the first page.
 */
export function TabPagination() {
  return <Pagination rowsPerPageOptions={[10, 25, 50, 100]} />;
}
