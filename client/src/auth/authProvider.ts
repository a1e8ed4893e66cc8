import type { AuthProvider, UserIdentity } from 'react-admin';
import type { Me, Role } from '../types';
import { apiUrl } from '../apiUrl';

/** What `useGetIdentity()` gives: who is logged in, and the server's today (it may be pinned for demos). */
export interface BackOfficeIdentity extends UserIdentity {
  username: string;
  role: Role;
  today: string;
}

/**
 * Server-side sessions behind an httpOnly cookie: the client never sees a token. `GET /api/auth/me`
 * answers who is logged in, the server's today and the role's permissions; the answer is kept for the
 * tab and read again after a while (so that `today` follows midnight), the old one serving meanwhile.
 */
const MAX_AGE_MS = 10 * 60_000;
let me: { value: Me; at: number } | undefined;
let pending: Promise<Me | undefined> | undefined;

async function readBody(response: Response): Promise<{ message?: string }> {
  try {
    return await response.json();
  } catch {
    return {};
  }
}

function remember(value: Me | undefined): Me | undefined {
  me = value ? { value, at: Date.now() } : undefined;
  return value;
}

function refetch(): Promise<Me | undefined> {
  pending ??= fetch(apiUrl('/auth/me'), { credentials: 'same-origin' })
    .then(async (res) => remember(res.ok ? ((await res.json()) as Me) : undefined))
    .finally(() => {
      pending = undefined;
    });
  return pending;
}

async function currentUser(): Promise<Me | undefined> {
  if (!me) return refetch();
  if (Date.now() - me.at > MAX_AGE_MS) void refetch().catch(() => undefined);
  return me.value;
}

export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    const res = await fetch(apiUrl('/auth/login'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) {
      const body = await readBody(res);
      throw new Error(body.message ?? 'Inloggningen misslyckades');
    }
    remember((await res.json()) as Me);
  },
  async logout() {
    if (me) {
      await fetch(apiUrl('/auth/logout'), { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
    }
    remember(undefined);
  },
  async checkAuth() {
    if (!(await currentUser())) throw new Error('Logga in');
  },
  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      remember(undefined);
      throw new Error('Sessionen har gått ut');
    }
  },
  async getIdentity(): Promise<BackOfficeIdentity> {
    const user = await currentUser();
    if (!user) throw new Error('Inte inloggad');
    return { id: user.id, fullName: user.full_name, username: user.username, role: user.role, today: user.today };
  },
  async getPermissions() {
    return (await currentUser())?.permissions;
  },
  /** The server's answer decides: `permissions` lists, per resource, the actions the role may take. */
  async canAccess({ action, resource }) {
    return (await currentUser())?.permissions[resource]?.includes(action) ?? false;
  },
};
