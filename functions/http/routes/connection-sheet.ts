import type { Context } from 'hono';
import { hasRole } from '../../operations/staff';
import { LANGUAGES, type Language } from '../../i18n/language';
import { html } from '../../mail/html';
import { getConnection } from '../../store/connections';
import { listLogins } from '../../store/logins';
import type { AppDeps } from '../deps';
import { connectionSheetPage } from '../pages/connection-sheet';
import { layout } from '../pages/layout';
import { newNonce } from '../security';
import { publicOrigin } from '../public-origin';
import { currentSession, opsHeaders } from './ops-auth';

const ID = /^[A-Za-z0-9._-]{1,64}$/;

/** GET /ops/admin/connections/:id/sheet?lang=en|nl: the printable connection sheet, for admins signed in to the console. */
export function connectionSheetRoute(deps: AppDeps) {
  return async (c: Context) => {
    const nonce = newNonce();
    const headers = opsHeaders({ nonce, localStack: deps.config.localStack });
    const plain = (status: 400 | 401 | 403 | 404, title: string, text: string) =>
      c.html(layout({ lang: 'en', title, nonce, body: html`<main><h1>${title}</h1><p class="notice">${text}</p><p><a href="/ops">Operations console</a></p></main>` }).value, status, headers);
    const signedIn = await currentSession(deps, c);
    if (!signedIn) return plain(401, 'Sign in first', 'The connection sheet is for signed-in administrators: sign in to the console, then open the sheet from the connection’s page.');
    if (!hasRole(signedIn.staff.role, 'admin')) return plain(403, 'Administrators only', `The connection sheet needs the admin role; you are signed in as ${signedIn.staff.role}.`);
    const id = c.req.param('id') ?? '';
    const lang = c.req.query('lang');
    if (lang !== undefined && !(LANGUAGES as readonly string[]).includes(lang)) return plain(400, 'Unknown language', 'lang: expected en or nl.');
    const connection = ID.test(id) ? await getConnection(deps.db, id) : undefined;
    if (!connection) return plain(404, 'No such connection', `There is no connection ${id.slice(0, 64)}.`);
    const origin = publicOrigin(c, deps.config);
    if (!origin) return plain(400, 'No public address', 'The punch-out URL comes from the configured public address (PUBLIC_BASE_URL), and none is set.');
    const logins = await listLogins(deps.db, connection.id);
    const page = connectionSheetPage({
      connection,
      logins,
      publicBaseUrl: origin,
      lang: (lang as Language | undefined) ?? connection.organisation.language,
      nonce,
      at: deps.now(),
    });
    return c.html(page.value, 200, headers);
  };
}
