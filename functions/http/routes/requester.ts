import { type Context, Hono } from 'hono';
import { chooseLanguage } from '../../i18n/language';
import { requesterStatusTexts } from '../../i18n/requester-status';
import type { Html } from '../../mail/html';
import { holdExpiresAt } from '../../operations/hold-expiry';
import type { Actor, ManagedRequest } from '../../requests/lifecycle';
import {
  cancelFormToken,
  cancelFormTokenMatches,
  cancelledByRequester,
  requesterMayCancel,
  statusLinkOpen,
  verifyStatusToken,
} from '../../requests/status-link';
import { linkRetryAfter, recordLinkFailure } from '../../store/link-attempts';
import { changeStatus } from '../../store/request-changes';
import { getRequest } from '../../store/requests';
import { clientAddress } from '../client-address';
import type { AppDeps } from '../deps';
import { formEntries } from '../form';
import { type StatusNotice, requesterLinkRefusedPage, requesterStatusPage } from '../pages/requester-status-page';
import { publicOrigin } from '../public-origin';
import { newNonce } from '../security';
// The one home of refused characters: line breaks pass; tabs, bidi overrides and zero-width ones do not, as in the review's note.
import { hasControlCharacters } from '../../format/characters';

/**
 * The requester's status page behind the signed link of every requester e-mail: `GET /r/<token>`
 * shows that one request; `POST /r/<token>/cancel` cancels it before pick-up. No account: the
 * link is the credential (requests/status-link.ts). A forged, expired or unknown link, or one of
 * a request long closed, gets the same plain 404, counted against the address (store/link-attempts.ts).
 */
export const CANCEL_REASON_MAX = 300;

type Loaded = { token: string; request: ManagedRequest } | { refused: Response };

export function requesterRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const key = deps.secrets.signingKey;

  function respond(c: Context, page: Html, nonce: string, status: number, extra: Record<string, string> = {}): Response {
    const logo = deps.config.brand.logoUrl ? new URL(deps.config.brand.logoUrl).origin : '';
    const csp = [
      "default-src 'none'",
      `style-src-elem 'nonce-${nonce}'`,
      // The shared details styles in table cells; no script runs on this page at all.
      "style-src-attr 'unsafe-inline'",
      `img-src 'self' data:${logo ? ` ${logo}` : ''}`,
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; ');
    return c.html(page.value, status as 200, {
      'content-security-policy': csp,
      'cache-control': 'no-store',
      'x-robots-tag': 'noindex, nofollow',
      // The token is in the URL: no Referer may carry it to the map or anywhere else. Same-origin (not
      // no-referrer) so that the browser still names its Origin when posting the cancel form.
      'referrer-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
      ...extra,
    });
  }

  /** The request the link opens, or the refusal (throttled, or the one plain 404). */
  async function load(c: Context): Promise<Loaded> {
    const now = deps.now();
    const address = clientAddress(c, deps.config);
    const language = chooseLanguage([], c.req.header('accept-language'), 'en');
    const nonce = newNonce();
    const wait = await linkRetryAfter(deps.db, address, now);
    if (wait > 0) {
      const text = requesterStatusTexts(language).throttled(Math.ceil(wait / 60));
      return { refused: respond(c, requesterLinkRefusedPage(language, nonce, deps.config.brand, text), nonce, 429, { 'retry-after': String(wait) }) };
    }
    const token = c.req.param('token') ?? '';
    const id = verifyStatusToken(key, token, now);
    const request = id ? ((await getRequest(deps.db, id)) as ManagedRequest | undefined) : undefined;
    if (!request || !statusLinkOpen(request, now)) {
      await recordLinkFailure(deps.db, address, now);
      return { refused: respond(c, requesterLinkRefusedPage(language, nonce, deps.config.brand), nonce, 404) };
    }
    return { token, request };
  }

  function show(c: Context, token: string, request: ManagedRequest, status = 200, notice?: StatusNotice, reasonDraft?: string): Response {
    const nonce = newNonce();
    const page = requesterStatusPage({
      request,
      holdUntil: holdExpiresAt(request, { days: deps.config.holdExpiryDays }),
      mayCancel: requesterMayCancel(request, deps.now()),
      action: `/r/${token}/cancel`,
      formToken: cancelFormToken(key, token),
      cancelledByRequester: cancelledByRequester(request),
      notice,
      reasonDraft,
      brand: deps.config.brand,
      nonce,
    });
    return respond(c, page, nonce, status);
  }

  app.get('/:token', async (c) => {
    const loaded = await load(c);
    if ('refused' in loaded) return loaded.refused;
    const justCancelled = c.req.query('cancelled') === '1' && cancelledByRequester(loaded.request);
    return show(c, loaded.token, loaded.request, 200, justCancelled ? { kind: 'done' } : undefined);
  });

  app.post('/:token/cancel', async (c) => {
    const loaded = await load(c);
    if ('refused' in loaded) return loaded.refused;
    const { token } = loaded;
    let request = loaded.request;
    const p = requesterStatusTexts(request.language);
    const origin = c.req.header('origin');
    const expected = publicOrigin(c, deps.config);
    const form = new Map(await formEntries(c.req.raw));
    if ((origin && expected && origin !== expected) || !cancelFormTokenMatches(key, token, form.get('form') ?? '')) {
      return show(c, token, request, 403, { kind: 'problem', text: p.formExpired });
    }
    const done = () => c.redirect(`/r/${token}?cancelled=1`, 303);
    // A second submit (double click, back and resend) finds it cancelled already: the same answer, no second change.
    if (cancelledByRequester(request)) return done();
    const reason = (form.get('reason') ?? '').trim();
    const problem = !reason ? p.reasonMissing : reason.length > CANCEL_REASON_MAX ? p.reasonTooLong : hasControlCharacters(reason, { lineBreaks: true }) ? p.reasonControl : undefined;
    if (problem) return show(c, token, request, 400, { kind: 'problem', text: problem }, reason.slice(0, CANCEL_REASON_MAX));
    const actor: Actor = { kind: 'requester', email: request.requester.email, name: request.requester.fullName };
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!requesterMayCancel(request, deps.now())) return show(c, token, request, 409, { kind: 'problem', text: p.cancelTooLate });
      const result = await changeStatus(deps.db, request, 'cancel', actor, deps.now(), { reason: 'requester-asked', note: reason });
      if (result.outcome === 'done') return done();
      if (result.outcome !== 'changed' || !result.request) break;
      // Changed meanwhile (operations assigned a unit, or the same form arrived twice at once): look again.
      request = result.request as ManagedRequest;
      if (cancelledByRequester(request)) return done();
    }
    return show(c, token, request, 503, { kind: 'problem', text: p.busy }, reason);
  });

  return app;
}
