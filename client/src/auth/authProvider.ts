import type { AuthProvider } from 'react-admin';
import type { Identity } from '../types';
import { roleCan } from './permissions';
import { apiUrl } from '../apiUrl';

/** Server-side sessions behind an httpOnly cookie: the client never sees a token. */
let identity: Identity | undefined;
let pending: Promise<Identity | undefined> | undefined;

async function readBody(response: Response): Promise<{ message?: string }> {
  try {
    return await response.json();
  } catch {
    return {};
  }
}

async function fetchIdentity(): Promise<Identity | undefined> {
  if (identity) return identity;
  pending ??= fetch(apiUrl('/auth/me'), { credentials: 'same-origin' })
    .then(async (res) => (res.ok ? ((await res.json()) as Identity) : undefined))
    .finally(() => {
      pending = undefined;
    });
  identity = await pending;
  return identity;
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
    identity = (await res.json()) as Identity;
  },
  async logout() {
    if (identity) {
      await fetch(apiUrl('/auth/logout'), { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
    }
    identity = undefined;
  },
  async checkAuth() {
    if (!(await fetchIdentity())) throw new Error('Logga in');
  },
  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      identity = undefined;
      throw new Error('Sessionen har gått ut');
    }
  },
  async getIdentity() {
    const me = await fetchIdentity();
    if (!me) throw new Error('Inte inloggad');
    return { id: me.id, fullName: me.full_name, username: me.username, role: me.role };
  },
  async getPermissions() {
    return (await fetchIdentity())?.role;
  },
  async canAccess({ action, resource }) {
    return roleCan((await fetchIdentity())?.role, action, resource);
  },
};
