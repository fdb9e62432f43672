import type { Actor } from '../requests/lifecycle';

/**
 * Operations staff: named people, each signing in with a one-time link e-mailed to their own
 * address (no passwords to share, reset or leak). Operators work the queue; admins also manage staff.
 */
export const ROLES = ['operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Staff {
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
  createdBy: string;
}

/** Whether a member with `role` may use something that needs `required`: admins may do what operators do. */
export function hasRole(role: Role, required: Role): boolean {
  return role === 'admin' || role === required;
}

/** A member as the author of a change in a request's history. */
export function actorOf(staff: Pick<Staff, 'email' | 'name'>): Actor {
  return { kind: 'staff', email: staff.email, name: staff.name };
}

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

export function normaliseEmail(email: string): string | undefined {
  const value = email.trim().toLowerCase();
  return value.length <= 254 && EMAIL.test(value) ? value : undefined;
}

/** Minutes a sign-in link stays valid, and how often one address may ask for a new one. */
export const SIGN_IN_LINK_MINUTES = 15;
export const SIGN_IN_LINK_INTERVAL_SECONDS = 30;
