import { type Context, Hono } from 'hono';
import type { OpsBoot } from '../../operations/api';
import { normaliseEmail } from '../../operations/staff';
import { CANCEL_REASONS, DECLINE_REASONS, REASON_LABELS } from '../../requests/lifecycle';
import { consumeSignInToken, createOpsSession, requestSignInLink } from '../../store/staff';
import { log } from '../../log';
import type { AppDeps } from '../deps';
import { formEntries } from '../form';
import { html, jsonScript } from '../../mail/html';
import { layout } from '../pages/layout';
import { linkInvalidPage, linkSentPage, signInPage, welcomePage } from '../pages/ops-pages';
import { addressedTo, publicOrigin } from '../public-origin';
import { newNonce } from '../security';
import { opsApiRoutes } from './ops-api';
import { connectionSheetRoute } from './connection-sheet';
import { currentSession, fromOwnOrigin, type OpsEnv, opsHeaders, sessionCookie } from './ops-auth';

/** The operations console: sign-in by e-mailed one-time link, the console page, and its API under `/ops/api/`. */
export function opsRoutes(deps: AppDeps): Hono<OpsEnv> {
  const app = new Hono<OpsEnv>();
  const { config } = deps;
  const headers = (nonce: string) => opsHeaders({ nonce, localStack: config.localStack });
  const mailboxUrl = config.localStack ? config.sesEndpoint : undefined;

  app.route('/api', opsApiRoutes(deps));

  const shell = async (c: Context<OpsEnv>) => {
    const nonce = newNonce();
    const signedIn = await currentSession(deps, c);
    if (!signedIn) return c.html(signInPage(nonce), 200, headers(nonce));
    const fleet = await deps.fleet();
    const boot: OpsBoot = {
      staff: { email: signedIn.staff.email, name: signedIn.staff.name, role: signedIn.staff.role },
      csrf: signedIn.session.csrf,
      locations: fleet.locations.map(({ id, name }) => ({ id, name })),
      vehicleTypes: fleet.vehicleTypes.map(({ id, name, example }) => ({ id, name, example })),
      responseTargetHours: config.responseTargetHours,
      holdExpiryDays: config.holdExpiryDays,
      timeZone: config.workingHours.timeZone,
      declineReasons: DECLINE_REASONS.map((value) => ({ value, label: REASON_LABELS[value] })),
      cancelReasons: CANCEL_REASONS.map((value) => ({ value, label: REASON_LABELS[value] })),
      mailboxUrl,
    };
    const page = layout({
      lang: 'en',
      title: 'Operations · FlexFleet',
      nonce,
      head: html`<link rel="stylesheet" href="/assets/${deps.assets['ops.css'] ?? 'ops.css'}">
<script type="module" src="/assets/${deps.assets['ops.js'] ?? 'ops.js'}"></script>`,
      body: html`<div id="app"></div>${jsonScript('boot', boot)}`,
    });
    return c.html(page.value, 200, headers(nonce));
  };
  app.get('/', shell);
  app.get('/admin/connections/:id/sheet', connectionSheetRoute(deps));

  const field = async (c: Context, name: string) => (await formEntries(c.req.raw)).find(([k]) => k === name)?.[1] ?? '';

  /**
   * A sign-in POST must be addressed to the configured origin and come from its pages: links are
   * only ever built from that origin, and a forged Host is refused outright (421, plain page).
   */
  const signInOrigin = (c: Context, nonce: string): { origin: string } | Response => {
    const origin = publicOrigin(c, config);
    if (!origin || !addressedTo(c, origin)) {
      const where = origin ? `Open the console at ${origin}/ops and sign in there.` : 'The console has no public address configured (PUBLIC_BASE_URL).';
      return c.html(signInPage(nonce, `This address is not the operations console. ${where}`), 421, headers(nonce));
    }
    if (!fromOwnOrigin(c, origin)) return c.html(signInPage(nonce, 'Please sign in from this page.'), 403, headers(nonce));
    return { origin };
  };

  app.post('/sign-in', async (c) => {
    const nonce = newNonce();
    const checked = signInOrigin(c, nonce);
    if (checked instanceof Response) return checked;
    const { origin } = checked;
    const email = normaliseEmail(await field(c, 'email'));
    if (!email) return c.html(signInPage(nonce, 'That is not an e-mail address.'), 400, headers(nonce));
    const outcome = await requestSignInLink(deps.db, email, (token) => `${origin}/ops/welcome#token=${token}`, deps.now());
    // The same answer whoever asks: the page does not tell who is on the staff.
    log('info', 'sign-in link requested', { outcome });
    return c.redirect('/ops/sign-in/sent', 303);
  });

  app.get('/sign-in/sent', (c) => {
    const nonce = newNonce();
    return c.html(linkSentPage(nonce, mailboxUrl), 200, headers(nonce));
  });

  app.get('/welcome', (c) => {
    const nonce = newNonce();
    return c.html(welcomePage(nonce), 200, headers(nonce));
  });

  app.post('/welcome', async (c) => {
    const nonce = newNonce();
    const checked = signInOrigin(c, nonce);
    if (checked instanceof Response) return checked;
    const now = deps.now();
    const email = await consumeSignInToken(deps.db, await field(c, 'token'), now);
    if (!email) return c.html(linkInvalidPage(nonce), 400, headers(nonce));
    const { token } = await createOpsSession(deps.db, email, config.opsSessionHours, now);
    log('info', 'console sign-in', { staff: email });
    return c.body(null, 303, { ...headers(nonce), location: '/ops', 'set-cookie': sessionCookie(token, config.opsSessionHours * 3600) });
  });

  return app;
}
