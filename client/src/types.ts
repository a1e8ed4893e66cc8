import type { RaRecord } from 'react-admin';

export type Role = 'agent' | 'supervisor' | 'admin';

export interface Customer extends RaRecord<number> {
  customer_number: string;
  personnummer: string;
  first_name: string;
  last_name: string;
  street: string;
  postal_code: string;
  city: string;
  phone: string | null;
  email: string | null;
  invoice_interval: 'monthly' | 'annual';
  payment_method: 'paper_invoice' | 'email_invoice' | 'autogiro';
  version: number;
  created_at: string;
  updated_at: string;
}

export interface Note extends RaRecord<number> {
  customer_id: number;
  body: string;
  created_by: string;
  created_at: string;
}

export interface AuditEvent extends RaRecord<number> {
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  customer_id: number | null;
  changes: Record<string, { before: unknown; after: unknown }>;
  request_id: string | null;
}

export interface User extends RaRecord<number> {
  username: string;
  full_name: string;
  role: Role;
  active: boolean;
  version: number;
}

export interface Identity {
  id: number;
  username: string;
  full_name: string;
  role: Role;
}
