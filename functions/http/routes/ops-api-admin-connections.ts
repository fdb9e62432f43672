import { type Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { contractRateProblems } from '../../catalog/contract-rates';
import type { OpsRefusal } from '../../operations/api';
import type { Connection, Login } from '../../punchout/connection';
import {
  ConnectionParam,
  CreateConnectionBody,
  CreateLoginBody,
  type ConnectionInput,
  EditConnectionBody,
  LoginParam,
  RotateLoginBody,
} from '../../punchout/connection-schema';
import { hashPassword } from '../../punchout/password';
import { seal } from '../../punchout/sealed-secret';
import { auditOf, diffForAudit, recordAudit, SECRET_CHANGED } from '../../store/audit';
import { createConnection, getConnection, listConnections, replaceConnection } from '../../store/connections';
import { loadFleet } from '../../store/fleet';
import { createLogin, generateSecret, listLogins, migrateLegacyLogin, removeLogin, rotateLogin } from '../../store/logins';
import type { AppDeps } from '../deps';
import { valid } from './ops-api-input';
import { type OpsEnv, requireRole } from './ops-auth';

type Refusal = { status: 400 | 404 | 409; body: OpsRefusal };
const refuse = (c: Context, { status, body }: Refusal) => c.json(body, status);
const notFound = (id: string): Refusal => ({ status: 404, body: { error: 'not-found', message: `No connection ${id}.` } });
/** Another connection identifies itself with this cXML credential (store/cxml-credentials.ts): nothing was saved. */
const credentialTaken = (connection: Connection): Refusal => ({
  status: 409,
  body: { error: 'taken', field: 'cxml.identity', message: `The cXML credential ${connection.cxml?.domain}/${connection.cxml?.identity} is used by another connection: each buyer credential names one connection.` },
});
const stale = (id: string): Refusal => ({
  status: 409,
  body: { error: 'changed', message: `Connection ${id} was changed by someone else meanwhile: reload it and make your change again.` },
});
const invalid = (field: string, message: string): Refusal => ({ status: 400, body: { error: 'invalid', field, message } });

/** A connection as the console sees it: the cXML shared secrets only as whether one is set. */
export function connectionView(connection: Connection) {
  const { orderChannel } = connection;
  return {
    ...connection,
    orderChannel:
      orderChannel.kind === 'cxml'
        ? {
            kind: 'cxml' as const,
            confirmations: orderChannel.confirmations,
            confirmationUrl: orderChannel.confirmationUrl,
            sharedSecretSet: Boolean(orderChannel.sharedSecretHash),
            // Sealed, not hashed (we must send it): still never shown, not even sealed.
            confirmationSecretSet: Boolean(orderChannel.confirmationSecret),
          }
        : orderChannel,
    // The cXML set-up secret likewise (issue 10): never its hash.
    cxml: connection.cxml && { ...connection.cxml, sharedSecretHash: undefined, sharedSecretSet: Boolean(connection.cxml.sharedSecretHash) },
  };
}

/**
 * The order channel as edited, with the secrets only their own routes set. The confirmation secret
 * goes with its URL's origin: pointed elsewhere, it is entered again, so an edit cannot send the
 * buyer's secret to a new host.
 */
function keptSecrets(input: Connection['orderChannel'], current: Connection['orderChannel']): Connection['orderChannel'] {
  if (input.kind !== 'cxml' || current.kind !== 'cxml') return input;
  const sameOrigin = (a?: string, b?: string) => Boolean(a && b && new URL(a).origin === new URL(b).origin);
  return {
    ...input,
    ...(current.sharedSecretHash ? { sharedSecretHash: current.sharedSecretHash } : {}),
    ...(current.confirmationSecret && sameOrigin(input.confirmationUrl, current.confirmationUrl) ? { confirmationSecret: current.confirmationSecret } : {}),
  };
}

/** The buyer's shared secret for our ConfirmationRequests, as the buyer gave it: printable, no surrounding spaces. */
const ConfirmationSecretBody = z.object({
  secret: z.string().check(
    z.minLength(1, 'expected the shared secret'),
    z.maxLength(256, 'expected at most 256 characters'),
    z.regex(/^[^\p{C}\s](?:[^\p{C}]*[^\p{C}\s])?$/u, 'expected printable characters without control characters or surrounding spaces'),
  ),
});

const subject = (id: string) => `connection#${id}`;
const actorOf = (c: Context<OpsEnv>) => ({ email: c.var.staff.email, name: c.var.staff.name });
const loginView = ({ passwordHash: _p, previousHash: _h, ...login }: Login) => login;

/**
 * Connection administration (admin role): list, create, edit (with the version it started from),
 * switch off and on, test mode and live, logins (generated passwords, shown once, rotation with
 * an overlap), the cXML order secret (shown once) and the audit of it all.
 */
export function opsAdminConnectionRoutes(deps: AppDeps): Hono<OpsEnv> {
  const app = new Hono<OpsEnv>();
  const { db } = deps;

  /** What the cross-record rules say about an input: loopback hooks, contract rates against the fleet. */
  const problemsOf = async (input: ConnectionInput): Promise<Refusal | undefined> => {
    if (input.allowLoopbackHooks && !deps.config.localStack) return invalid('allowLoopbackHooks', 'Loopback HOOK_URLs are for the local stack only.');
    const fleet = await loadFleet(db);
    const rateProblems = contractRateProblems(input.contractRates as Connection['contractRates'], fleet.vehicleTypes.map((t) => t.id));
    if (rateProblems.length) {
      const named = rateProblems.slice(0, 5).map((p) => `${p.path.join('.')}: ${p.message}`);
      return invalid(rateProblems[0].path.join('.'), `Invalid request body. ${named.join('; ')}.`);
    }
    return undefined;
  };

  /** Read, change and save with the version read: a concurrent save makes this a 409, never a lost update. */
  const save = async (
    c: Context<OpsEnv>,
    id: string,
    action: string,
    apply: (current: Connection) => Connection | Refusal,
    expectedVersion?: number,
  ): Promise<{ saved: Connection } | Refusal> => {
    const current = await getConnection(db, id);
    if (!current) return notFound(id);
    if (expectedVersion !== undefined && expectedVersion !== current.version) return stale(id);
    const next = apply(current);
    if ('status' in next && 'body' in next) return next;
    const now = deps.now();
    // Stored before issue 9: its login moves to a login item first, or the save would drop it.
    if (current.version === 0) await migrateLegacyLogin(db, id, now);
    const saved: Connection = { ...next, version: current.version + 1, updatedAt: now.toISOString() };
    const written = await replaceConnection(db, saved, current.version);
    if (written === 'stale') return stale(id);
    if (written === 'credential-taken') return credentialTaken(saved);
    const changes = diffForAudit(current, saved, ['confirmationSecret']).filter((ch) => ch.field !== 'version' && ch.field !== 'updatedAt');
    await recordAudit(db, { subject: subject(id), actor: actorOf(c), action, changes }, now);
    return { saved };
  };
  const change = async (...args: Parameters<typeof save>) => {
    const result = await save(...args);
    return 'saved' in result ? args[0].json({ connection: connectionView(result.saved) }) : refuse(args[0], result);
  };

  app.get('/admin/connections', requireRole('admin'), async (c) => {
    const connections = await listConnections(db);
    return c.json({ connections: connections.sort((a, b) => a.name.localeCompare(b.name)).map(connectionView) });
  });

  app.post('/admin/connections', requireRole('admin'), valid('json', CreateConnectionBody), async (c) => {
    const { id, status: _status, active: _active, ...input } = c.req.valid('json');
    const problem = await problemsOf(input);
    if (problem) return refuse(c, problem);
    const now = deps.now();
    const connection: Connection = {
      ...input,
      id,
      // Always in test mode (the schema refuses another): going live is go-live, audited as such.
      status: 'test',
      active: true,
      allowLoopbackHooks: input.allowLoopbackHooks ?? false,
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    const created = await createConnection(db, connection);
    if (created === 'exists') {
      return refuse(c, { status: 409, body: { error: 'taken', message: `The id ${id} is taken by another connection.` } });
    }
    if (created === 'credential-taken') return refuse(c, credentialTaken(connection));
    await recordAudit(db, { subject: subject(id), actor: actorOf(c), action: 'create', changes: diffForAudit(undefined, connection) }, now);
    return c.json({ connection: connectionView(connection) }, 201);
  });

  app.get('/admin/connections/:id', requireRole('admin'), valid('param', ConnectionParam), async (c) => {
    const { id } = c.req.valid('param');
    const [connection, logins] = await Promise.all([getConnection(db, id), listLogins(db, id)]);
    if (!connection) return refuse(c, notFound(id));
    return c.json({ connection: connectionView(connection), logins });
  });

  app.post('/admin/connections/:id', requireRole('admin'), valid('param', ConnectionParam), valid('json', EditConnectionBody), async (c) => {
    const { id } = c.req.valid('param');
    const { version, ...input } = c.req.valid('json');
    const problem = await problemsOf(input);
    if (problem) return refuse(c, problem);
    const logins = await listLogins(db, id);
    const addressIds = new Set(input.deliveryAddresses.map((a) => a.id));
    const orphan = logins.find((l) => l.deliveryAddressId && !addressIds.has(l.deliveryAddressId));
    if (orphan) {
      return refuse(c, invalid('deliveryAddresses', `The login ${orphan.username} is bound to the delivery address ${orphan.deliveryAddressId}: remove or rebind that login first.`));
    }
    return change(
      c,
      id,
      'edit',
      (current) => ({
        ...current,
        ...input,
        allowLoopbackHooks: input.allowLoopbackHooks ?? current.allowLoopbackHooks,
        // The secrets are set by their own routes only; they survive an edit that keeps cXML.
        orderChannel: keptSecrets(input.orderChannel, current.orderChannel),
        // Likewise the cXML set-up secret survives an edit of the cXML credential.
        ...(input.cxml ? { cxml: { ...input.cxml, sharedSecretHash: current.cxml?.sharedSecretHash } } : {}),
      }),
      version,
    );
  });

  const switches: [string, string, Partial<Connection>][] = [
    ['disable', 'disable', { active: false }],
    ['enable', 'enable', { active: true }],
    ['go-live', 'go-live', { status: 'live' }],
    ['back-to-test', 'back-to-test', { status: 'test' }],
  ];
  for (const [path, action, set] of switches) {
    app.post(`/admin/connections/:id/${path}`, requireRole('admin'), valid('param', ConnectionParam), async (c) =>
      change(c, c.req.valid('param').id, action, (current) => ({ ...current, ...set })),
    );
  }

  app.post('/admin/connections/:id/logins', requireRole('admin'), valid('param', ConnectionParam), valid('json', CreateLoginBody), async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const connection = await getConnection(db, id);
    if (!connection) return refuse(c, notFound(id));
    if (input.deliveryAddressId && !connection.deliveryAddresses.some((a) => a.id === input.deliveryAddressId)) {
      return refuse(c, invalid('deliveryAddressId', `Connection ${id} has no delivery address ${input.deliveryAddressId}.`));
    }
    const now = deps.now();
    const made = await createLogin(db, { ...input, connectionId: id }, now);
    if (made.result === 'exists') return refuse(c, { status: 409, body: { error: 'taken', message: `The username ${input.username} is taken.` } });
    const view = loginView(made.login);
    await recordAudit(
      db,
      { subject: subject(id), actor: actorOf(c), action: 'login-create', changes: [{ field: `logins.${view.username}`, to: view }, { field: `logins.${view.username}.password`, to: SECRET_CHANGED }] },
      now,
    );
    // The password is in this answer only: it is stored as its hash.
    return c.json({ login: view, password: made.password }, 201);
  });

  app.post('/admin/connections/:id/logins/:username/rotate', requireRole('admin'), valid('param', LoginParam), valid('json', RotateLoginBody), async (c) => {
    const { id, username } = c.req.valid('param');
    const { overlapHours } = c.req.valid('json');
    const now = deps.now();
    const rotated = await rotateLogin(db, id, username, overlapHours, now);
    if (rotated.result !== 'rotated') {
      return rotated.result === 'missing'
        ? refuse(c, { status: 404, body: { error: 'not-found', message: `Connection ${id} has no login ${username}.` } })
        : refuse(c, { status: 409, body: { error: 'changed', message: `The login ${username} was rotated meanwhile: reload and try again.` } });
    }
    await recordAudit(
      db,
      {
        subject: subject(id),
        actor: actorOf(c),
        action: 'login-rotate',
        changes: [
          { field: `logins.${username}.password`, from: SECRET_CHANGED, to: SECRET_CHANGED },
          { field: `logins.${username}.previousValidUntil`, to: rotated.login.previousValidUntil ?? null },
        ],
      },
      now,
    );
    return c.json({ login: loginView(rotated.login), password: rotated.password });
  });

  app.post('/admin/connections/:id/logins/:username/remove', requireRole('admin'), valid('param', LoginParam), async (c) => {
    const { id, username } = c.req.valid('param');
    if ((await removeLogin(db, id, username)) === 'missing') {
      return refuse(c, { status: 404, body: { error: 'not-found', message: `Connection ${id} has no login ${username}.` } });
    }
    await recordAudit(db, { subject: subject(id), actor: actorOf(c), action: 'login-remove', changes: [{ field: `logins.${username}`, from: username }] }, deps.now());
    return c.json({ removed: username });
  });

  app.post('/admin/connections/:id/order-secret', requireRole('admin'), valid('param', ConnectionParam), async (c) => {
    const { id } = c.req.valid('param');
    const sharedSecret = generateSecret(32);
    const sharedSecretHash = await hashPassword(sharedSecret);
    const result = await save(c, id, 'order-secret', (current) =>
      current.orderChannel.kind === 'cxml'
        ? { ...current, orderChannel: { ...current.orderChannel, sharedSecretHash } }
        : { status: 409, body: { error: 'changed', message: `Connection ${id} does not take orders by cXML: choose that order channel first.` } },
    );
    if (!('saved' in result)) return refuse(c, result);
    // The secret is in this answer only: it is stored as its hash.
    return c.json({ connection: connectionView(result.saved), sharedSecret });
  });

  app.post('/admin/connections/:id/cxml-secret', requireRole('admin'), valid('param', ConnectionParam), async (c) => {
    const { id } = c.req.valid('param');
    const sharedSecret = generateSecret(32);
    const sharedSecretHash = await hashPassword(sharedSecret);
    const result = await save(c, id, 'cxml-secret', (current) =>
      current.cxml
        ? { ...current, cxml: { ...current.cxml, sharedSecretHash } }
        : { status: 409, body: { error: 'changed', message: `Connection ${id} has no cXML credential: enter the buyer's domain and identity first.` } },
    );
    if (!('saved' in result)) return refuse(c, result);
    // The set-up secret is in this answer only: it is stored as its hash.
    return c.json({ connection: connectionView(result.saved), sharedSecret });
  });

  app.post('/admin/connections/:id/confirmation-secret', requireRole('admin'), valid('param', ConnectionParam), valid('json', ConfirmationSecretBody), async (c) => {
    const { id } = c.req.valid('param');
    const { secret } = c.req.valid('json');
    // Sealed (we must send it to the buyer), bound to this connection; audited as "[changed]", never its value.
    const confirmationSecret = seal(deps.secrets.signingKey, secret, id);
    const result = await save(c, id, 'confirmation-secret', (current) =>
      current.orderChannel.kind === 'cxml'
        ? { ...current, orderChannel: { ...current.orderChannel, confirmationSecret } }
        : { status: 409, body: { error: 'changed', message: `Connection ${id} does not take orders by cXML: choose that order channel first.` } },
    );
    if (!('saved' in result)) return refuse(c, result);
    return c.json({ connection: connectionView(result.saved) });
  });

  app.get('/admin/connections/:id/audit', requireRole('admin'), valid('param', ConnectionParam), async (c) => {
    const { id } = c.req.valid('param');
    // An unknown connection is a 404, as its health, payloads and checklist are (not an empty list).
    const [connection, entries] = await Promise.all([getConnection(db, id), auditOf(db, subject(id))]);
    if (!connection) return refuse(c, notFound(id));
    return c.json({ entries });
  });

  return app;
}
