import { type Context, Hono } from 'hono';
import type { OpsRefusal, StaffView } from '../../operations/api';
import type { Staff } from '../../operations/staff';
import { addStaff, deleteOpsSession, listStaff, updateStaff } from '../../store/staff';
import type { AppDeps } from '../deps';
import { StaffBody, StaffChange, StaffParam, valid } from './ops-api-input';
import { clearedSessionCookie, type OpsEnv, requireRole } from './ops-auth';

const refuse = (c: Context, status: 400 | 404 | 409, body: OpsRefusal) => c.json(body, status);
const staffView = (s: Staff): StaffView => ({ email: s.email, name: s.name, role: s.role, active: s.active, createdAt: s.createdAt });

/** The signed-in member's own session, and (admins) the staff list. */
export function opsAccountRoutes(deps: AppDeps): Hono<OpsEnv> {
  const app = new Hono<OpsEnv>();
  const { db } = deps;

  app.get('/me', requireRole('operator'), (c) => {
    const { staff, opsSession } = c.var;
    return c.json({ email: staff.email, name: staff.name, role: staff.role, csrf: opsSession.csrf, expiresAt: opsSession.expiresAt });
  });

  app.post('/sign-out', requireRole('operator'), async (c) => {
    await deleteOpsSession(db, c.var.opsToken);
    c.header('set-cookie', clearedSessionCookie());
    return c.json({ ok: true });
  });

  app.get('/staff', requireRole('admin'), async (c) => c.json({ staff: (await listStaff(db)).map(staffView) }));

  app.post('/staff', requireRole('admin'), valid('json', StaffBody), async (c) => {
    const input = c.req.valid('json');
    const staff: Staff = { email: input.email, name: input.name, role: input.role, active: true, createdAt: deps.now().toISOString(), createdBy: c.var.staff.email };
    if ((await addStaff(db, staff)) === 'exists') return refuse(c, 409, { error: 'changed', message: `${staff.email} is already on the staff list.` });
    return c.json(staffView(staff), 201);
  });

  app.post('/staff/:email', requireRole('admin'), valid('param', StaffParam), valid('json', StaffChange), async (c) => {
    const { email } = c.req.valid('param');
    const change = c.req.valid('json');
    if (change.role === undefined && change.active === undefined) return refuse(c, 400, { error: 'invalid', field: 'body', message: 'Give a role or an active flag.' });
    if (email === c.var.staff.email && (change.active === false || change.role === 'operator')) {
      return refuse(c, 409, { error: 'invalid', message: 'You cannot switch off or demote yourself: ask another admin.' });
    }
    const updated = await updateStaff(db, email, change, deps.now());
    return updated ? c.json(staffView(updated)) : refuse(c, 404, { error: 'not-found', message: `${email} is not on the staff list.` });
  });

  return app;
}
