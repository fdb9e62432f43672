/**
 * The review step between choosing a vehicle and the transfer: what will be requested (vehicle,
 * location, period, price with VAT, the requester's references and the ones still missing), an
 * optional note to operations and the extras offered at the location, priced. Only "Send to my
 * procurement system" transfers; Back, Escape and the browser's back close it and change nothing.
 * The server checks and prices the extras again (catalog/extras.ts): the amounts here are a preview.
 */
import './review.css';
import type { CatalogBoot } from '../../functions/catalog/api';
import { extraNet, extrasAt, type ExtraChoice, MAX_NOTE, returnLocationsOf, withExtras } from '../../functions/catalog/extras';
import type { RentalPeriod } from '../../functions/catalog/period';
import type { PriceQuote } from '../../functions/catalog/pricing';
import { type Location, typeName } from '../../functions/catalog/vehicles';
import { formatMoney } from '../../functions/format/money';
import { formatWallTime } from '../../functions/format/period';
import type { Messages } from '../../functions/i18n/messages';
import { reviewMessages } from '../../functions/i18n/review-messages';

/** What was chosen in the catalog: resolved against the boot's fleet when the review opens. */
export interface ReviewSubject {
  vehicleTypeId: string;
  locationId: string;
  period: RentalPeriod;
  /** The connection's price for the rental, as the catalog showed it. */
  price: PriceQuote;
  /** The chosen delivery address, shown as chosen. */
  deliveryAddress?: { label: string; address: string };
}

export interface ReviewAdditions {
  note?: string;
  extras: ExtraChoice[];
}

export interface Review {
  element: HTMLElement;
  open(subject: ReviewSubject, opener?: HTMLElement | null): void;
  close(): void;
  isOpen(): boolean;
  setSending(sending: boolean): void;
  /** A 400 naming a field of the review (`note`, `extras[0].count`): shown there, the review stays open. */
  showProblem(field: string, message: string): boolean;
}

/** A tap that opened the review must not also land on Send: it arms after this long. */
const ARM_MS = 600;

type ExtraRow = { id: string; element: HTMLElement; choice(): ExtraChoice | undefined; net(days: number): number; flag(key: string, message: string): void };

export function reviewPanel(boot: CatalogBoot, t: Messages, onSend: (additions: ReviewAdditions) => void): Review {
  const r = reviewMessages(boot.language);
  const money = (cents: number, currency: string) => formatMoney(cents, currency, boot.language);
  // The zone as the card names it (Europe/Amsterdam, below the dates), not the browser's "GMT+1".
  const when = (local: string, location: Location) => formatWallTime(local, location.timeZone, boot.language, 'longLocal');

  const summary = (<div class="review-summary" />) as HTMLElement;
  const extrasSlot = (<div class="review-extras-slot" />) as HTMLElement;
  const priceSlot = (<div class="review-price" aria-live="polite" />) as HTMLElement;
  // role=alert only while shown: a hidden alert still counts for assistive tools (and locators).
  const problem = (<p class="review-problem" hidden />) as HTMLElement;
  const noteLeft = (<span class="review-note-left" id="review-note-left" />) as HTMLElement;
  const note = (
    <textarea id="review-note" name="note" rows={3} maxLength={MAX_NOTE} aria-describedby="review-note-hint review-note-left" />
  ) as HTMLTextAreaElement;
  const updateLeft = () => (noteLeft.textContent = r.noteLeft(MAX_NOTE - note.value.length));
  note.addEventListener('input', () => {
    note.removeAttribute('aria-invalid');
    updateLeft();
  });
  const back = (
    <button type="button" class="button secondary" data-action="back">
      {r.back}
    </button>
  ) as HTMLButtonElement;
  const send = (
    <button type="button" class="button review-send" data-action="send">
      {r.send}
    </button>
  ) as HTMLButtonElement;

  const element = (
    <section id="review" class="review" aria-labelledby="review-title" hidden>
      <div class="review-inner">
        <h2 id="review-title" tabIndex={-1}>
          {r.title}
        </h2>
        <p class="review-intro">{r.intro}</p>
        {summary}
        {extrasSlot}
        <div class="field review-note">
          <label htmlFor="review-note">{r.note}</label>
          <p class="hint" id="review-note-hint">
            {r.noteHint(MAX_NOTE)}
          </p>
          {note}
          {noteLeft}
        </div>
        {priceSlot}
        {problem}
        <div class="review-actions">
          {back}
          {send}
        </div>
      </div>
    </section>
  ) as HTMLElement;

  let subject: ReviewSubject | undefined;
  let rows: ExtraRow[] = [];
  let opener: HTMLElement | null | undefined;
  let sending = false;
  let armed = false;
  let pushed = false;
  let armTimer: ReturnType<typeof setTimeout> | undefined;
  let ownBack = false;

  function updateSend(): void {
    send.disabled = sending || !armed;
    send.textContent = sending ? r.sending : r.send;
    back.disabled = sending;
  }

  function renderPrice(): void {
    if (!subject) return;
    const { price } = subject;
    const extrasNet = rows.reduce((sum, row) => sum + row.net(price.rentalDays), 0);
    const total = withExtras(price, extrasNet);
    const chosen = rows.filter((row) => row.choice());
    priceSlot.replaceChildren(
      <dl>
        <div>
          <dt>
            {r.rental} · {t.days(price.rentalDays)}
          </dt>
          <dd data-price="rental">{money(price.net, price.currency)}</dd>
        </div>
        {chosen.map((row) => (
          <div>
            <dt>{row.element.dataset.name}</dt>
            <dd data-price={`extra-${row.id}`}>{money(row.net(price.rentalDays), price.currency)}</dd>
          </div>
        ))}
        <div>
          <dt>{t.vat(price.vatPercent)}</dt>
          <dd data-price="vat">{money(total.vat, price.currency)}</dd>
        </div>
        <div class="review-total">
          <dt>{r.total}</dt>
          <dd data-price="total">{money(total.gross, price.currency)}</dd>
        </div>
      </dl>,
    );
  }

  function extraRow(extra: NonNullable<CatalogBoot['extras']>[number], locationId: string, currency: string): ExtraRow {
    const name = extra.names[boot.language] ?? extra.names.en;
    const id = `extra-${extra.id}`;
    const price = money(extra.price.net, currency);
    const box = (<input type="checkbox" id={id} name="extra" value={extra.id} />) as HTMLInputElement;
    const max = extra.maxCount ?? 1;
    const count =
      max > 1 ? ((<input type="number" id={`${id}-count`} name="count" min={1} max={max} value="1" inputMode="numeric" disabled />) as HTMLInputElement) : undefined;
    const destinations = returnLocationsOf(extra, locationId, boot.locations);
    const returnTo =
      extra.kind === 'one-way'
        ? ((
            <select id={`${id}-return`} name="returnLocationId" disabled>
              {destinations.length > 1 ? <option value="">{r.returnChoose}</option> : null}
              {destinations.map((l) => (
                <option value={l.id}>{l.name}</option>
              ))}
            </select>
          ) as HTMLSelectElement)
        : undefined;
    const element = (
      <li class="review-extra" data-extra={extra.id} data-name={name}>
        <div class="review-extra-choice">
          {box}
          <label htmlFor={id}>
            <span class="review-extra-name">{name}</span>
            <span class="review-extra-price">{extra.price.per === 'day' ? r.perDay(price) : r.perRental(price)} · {t.priceNet}</span>
          </label>
        </div>
        {count ? (
          <div class="review-extra-detail">
            <label htmlFor={`${id}-count`}>{r.count}</label>
            {count}
          </div>
        ) : null}
        {returnTo ? (
          <div class="review-extra-detail">
            <label htmlFor={`${id}-return`}>{r.returnTo}</label>
            {returnTo}
            <p class="hint">{r.oneWayHold}</p>
          </div>
        ) : null}
      </li>
    ) as HTMLElement;
    const amount = () => {
      const n = Number(count?.value ?? 1);
      return Number.isInteger(n) && n >= 1 && n <= max ? n : 1;
    };
    const changed = () => {
      if (count) count.disabled = !box.checked;
      if (returnTo) returnTo.disabled = !box.checked;
      for (const control of [box, count, returnTo]) control?.removeAttribute('aria-invalid');
      hideMessage();
      renderPrice();
    };
    box.addEventListener('change', changed);
    count?.addEventListener('input', changed);
    returnTo?.addEventListener('change', changed);
    return {
      id: extra.id,
      element,
      choice: () =>
        box.checked
          ? { id: extra.id, ...(count ? { count: amount() } : {}), ...(returnTo && returnTo.value ? { returnLocationId: returnTo.value } : {}) }
          : undefined,
      net: (days) => (box.checked ? extraNet(extra, amount(), days) : 0),
      flag: (key, message) => {
        const control = key === 'count' ? count : key === 'returnLocationId' ? returnTo : box;
        (control ?? box).setAttribute('aria-invalid', 'true');
        showMessage(message);
        (control ?? box).focus();
      },
    };
  }

  function showMessage(message: string): void {
    problem.textContent = message;
    problem.setAttribute('role', 'alert');
    problem.hidden = false;
  }
  function hideMessage(): void {
    problem.hidden = true;
    problem.removeAttribute('role');
  }

  function renderSummary(s: ReviewSubject, location: Location): void {
    const vehicle = boot.vehicleTypes.find((v) => v.id === s.vehicleTypeId);
    const missing = boot.missingReferences ?? [];
    summary.replaceChildren(
      <dl class="review-facts">
        <div>
          <dt>{r.vehicle}</dt>
          <dd data-review="vehicle">
            <strong>{vehicle ? typeName(vehicle, boot.language) : s.vehicleTypeId}</strong>
            {vehicle ? <span class="review-sub">{t.orSimilar(vehicle.example)}</span> : null}
          </dd>
        </div>
        <div>
          <dt>{r.location}</dt>
          <dd data-review="location">
            <strong>{location.name}</strong>
            <span class="review-sub">
              {location.address}, {location.city}
            </span>
          </dd>
        </div>
        <div>
          <dt>{r.period}</dt>
          <dd data-review="period">
            <span>
              {r.pickup}: {when(s.period.pickup, location)}
            </span>
            <span>
              {r.return}: {when(s.period.return, location)}
            </span>
            <span class="review-sub" data-review="zone">{r.localTime(location.name, location.timeZone)}</span>
            <span class="review-sub">{t.days(s.price.rentalDays)}</span>
          </dd>
        </div>
        {s.deliveryAddress ? (
          <div>
            <dt>{t.deliveryAddress}</dt>
            <dd data-review="delivery">
              <strong>{s.deliveryAddress.label}</strong>
              <span class="review-sub">{s.deliveryAddress.address}</span>
            </dd>
          </div>
        ) : null}
        {boot.references.length || missing.length ? (
          <div>
            <dt>{r.references}</dt>
            <dd data-review="references">
              <ul class="review-references">
                {boot.references.map((reference) => (
                  <li>
                    {reference.label}: {reference.value}
                  </li>
                ))}
                {missing.map((label) => (
                  <li class="review-missing" data-missing-reference={label}>
                    {r.referenceMissing(label)}
                  </li>
                ))}
              </ul>
              {missing.length ? <p class="hint">{r.referencesMissingNote}</p> : null}
            </dd>
          </div>
        ) : null}
      </dl>,
    );
  }

  function renderExtras(s: ReviewSubject): void {
    const offered = extrasAt(boot.extras ?? [], s.locationId).filter((e) => e.kind !== 'one-way' || returnLocationsOf(e, s.locationId, boot.locations).length);
    rows = offered.map((extra) => extraRow(extra, s.locationId, s.price.currency));
    extrasSlot.replaceChildren(
      rows.length ? (
        <fieldset class="review-extras">
          <legend>{r.extras}</legend>
          <ul>{rows.map((row) => row.element)}</ul>
        </fieldset>
      ) : (
        ''
      ),
    );
  }

  /** The catalog beside the review (the masthead stays): hidden while reviewing, so the review is the page. */
  function siblings(): HTMLElement[] {
    return [...(element.parentElement?.children ?? [])].filter((child): child is HTMLElement => child !== element && child.tagName !== 'HEADER');
  }
  let scrollBefore = 0;

  function close(fromHistory = false): void {
    if (element.hidden) return;
    element.hidden = true;
    clearTimeout(armTimer);
    for (const sibling of siblings()) sibling.hidden = false;
    window.scrollTo(0, scrollBefore);
    if (pushed && !fromHistory) {
      // Our own step back: its popstate arrives later and must not close a review opened again meanwhile.
      ownBack = true;
      history.back();
    }
    pushed = false;
    if (opener?.isConnected && !(opener as HTMLButtonElement).disabled) opener.focus({ preventScroll: true });
  }

  back.addEventListener('click', () => close());
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !sending) {
      event.preventDefault();
      close();
    }
  });
  // The phone's back gesture closes the review instead of leaving the catalog.
  window.addEventListener('popstate', () => {
    if (ownBack) ownBack = false;
    else close(true);
  });
  send.addEventListener('click', () => {
    if (!subject || sending || !armed) return;
    hideMessage();
    const extras = rows.map((row) => row.choice()).filter((c): c is ExtraChoice => c !== undefined);
    const text = note.value.trim();
    onSend({ extras, ...(text ? { note: text } : {}) });
  });

  return {
    element,
    open(next, from) {
      const location = boot.locations.find((l) => l.id === next.locationId);
      if (!location) return;
      subject = next;
      opener = from;
      note.value = '';
      note.removeAttribute('aria-invalid');
      updateLeft();
      hideMessage();
      renderSummary(next, location);
      renderExtras(next);
      renderPrice();
      armed = false;
      sending = false;
      updateSend();
      scrollBefore = window.scrollY;
      element.hidden = false;
      for (const sibling of siblings()) sibling.hidden = true;
      window.scrollTo(0, 0);
      if (!pushed || ownBack) {
        try {
          history.pushState({ review: true }, '');
          pushed = true;
        } catch {
          pushed = false;
        }
      }
      (element.querySelector('#review-title') as HTMLElement).focus();
      armTimer = setTimeout(() => {
        armed = true;
        updateSend();
      }, ARM_MS);
    },
    close: () => close(),
    isOpen: () => !element.hidden,
    setSending(next) {
      sending = next;
      updateSend();
    },
    showProblem(field, message) {
      if (element.hidden) return false;
      if (field === 'note') {
        note.setAttribute('aria-invalid', 'true');
        showMessage(message);
        note.focus();
        return true;
      }
      const match = /^extras(?:\[(\d+)\](?:\.(\w+))?)?$/.exec(field);
      if (!match) return false;
      const chosen = rows.filter((row) => row.choice());
      const row = match[1] !== undefined ? chosen[Number(match[1])] : undefined;
      if (row) row.flag(match[2] ?? 'id', message);
      else showMessage(message);
      return true;
    },
  };
}
