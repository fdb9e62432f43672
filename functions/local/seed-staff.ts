import type { Db } from '../store/db';
import { addStaff } from '../store/staff';
import { DEMO_STAFF } from './demo-staff';

/** Seed the demo operator and admin (kept when they exist already). */
export async function seedDemoStaff(db: Db, now = new Date()): Promise<void> {
  for (const member of DEMO_STAFF) await addStaff(db, { ...member, createdAt: now.toISOString() });
}
