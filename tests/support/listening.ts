import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Listens on a free local port, for tests that need a real server (many parallel connections, what Node makes
 * of each request); `close` ends its open connections too.
 */
export async function listening(server: http.Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
