import type { Staff } from '../operations/staff';

/** The local stack's operations staff: sign in at /ops with one of these addresses; the link arrives in the local mailbox. */
export const DEMO_STAFF: Omit<Staff, 'createdAt'>[] = [
  { email: 'operator@flexfleet.example', name: 'Olivia Operator', role: 'operator', active: true, createdBy: 'local seed' },
  { email: 'admin@flexfleet.example', name: 'Adam Admin', role: 'admin', active: true, createdBy: 'local seed' },
];

export const DEMO_OPERATOR = DEMO_STAFF[0];
