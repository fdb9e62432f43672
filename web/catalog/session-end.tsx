/** The honest end of a session: when it expired, and a button back to the procurement system. */
import type { CatalogBoot } from '../../functions/catalog/api';
import { localNow } from '../../functions/catalog/time-zone';
import type { Messages } from '../../functions/i18n/messages';
import { formatWallTime } from '../../functions/format/period';

export interface SessionEnd {
  element: HTMLElement;
  /** Show the notice (idempotent); `timeZone` is the chosen location's: the catalog's times are its wall time. */
  show(timeZone: string): void;
  /** Milliseconds until the session expires, by the server's clock at page load. */
  remaining(loadedAt: number, at?: number): number;
}

export function sessionEnd(boot: CatalogBoot, t: Messages): SessionEnd {
  const exit = boot.session.exit;
  const when = (<span class="session-end-time" />) as HTMLElement;
  // An empty cart (OCI.md §3 form rules, no items): the procurement system shows its cart unchanged.
  const form = exit ? (
    <form class="session-exit" method="post" action={exit.action} target={exit.target} acceptCharset={exit.charset}>
      {exit.fields.map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class="button">
        {t.backToProcurement}
      </button>
    </form>
  ) : null;
  const element = (
    <section class="session-end" tabIndex={-1} aria-labelledby="session-end-title" hidden>
      <h2 id="session-end-title">{t.sessionExpiredTitle}</h2>
      <p>{when}</p>
      <p>{exit ? t.sessionExpiredNothing : t.sessionExpiredNoWayBack}</p>
      {form}
    </section>
  ) as HTMLElement;

  function show(timeZone: string): void {
    const expiresAt = new Date(boot.session.expiresAt);
    when.textContent = t.sessionExpiredAt(formatWallTime(localNow(timeZone, expiresAt), timeZone, t.dateLocale, 'long'));
    if (!element.hidden) return;
    // An alert only once there is something to announce (a hidden alert still counts as one for tools and tests).
    element.setAttribute('role', 'alert');
    element.hidden = false;
    element.focus();
  }

  const remaining = (loadedAt: number, at = Date.now()) => Date.parse(boot.session.expiresAt) - (Date.parse(boot.now) + (at - loadedAt));
  return { element, show, remaining };
}
