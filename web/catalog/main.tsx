/** The requester's vehicle catalog: choose a location, a rental period and a vehicle, then request it. */
import './catalog.css';
import type { CatalogBoot, TransferBody, TransferRefused, VehicleOffer } from '../../functions/catalog/api';
import type { PriceQuote } from '../../functions/catalog/pricing';
import { defaultPeriod, MAX_LEAD_DAYS, periodProblem, rentalDays, type RentalPeriod } from '../../functions/catalog/period';
import { messages } from '../../functions/i18n/messages';
import { appRoot, readBoot } from '../shared/boot';
import { fetchOffers, requestTransfer } from './api';
import { deliveryField } from './delivery';
import { filters, type FilterChoice } from './filters';
import { periodPicker } from './period-picker';
import { deskNow } from './presets';
import { refusalAlert } from './refusal';
import { reviewPanel } from './review';
import { Masthead, Requester } from './requester';
import { SelectionBanner } from './selection';
import { vehicleArtSheet } from './vehicle-art';
import { vehicleCard, type VehicleCard } from './vehicle-card';
import { foldingControls, periodText, sortedCards, sortField } from './comforts';
import { sessionEnd } from './session-end';

const boot = readBoot<CatalogBoot>();
const t = messages(boot.language);
const loadedAt = Date.now();
/** The chosen location's wall time now: periods are its local time. */
const now = () => {
  const { locationId } = chooser.choice();
  const location = boot.locations.find((l) => l.id === locationId) ?? boot.locations[0];
  return deskNow(boot.now, location.timeZone, loadedAt);
};

/** cXML edit opens on the earlier request: its period, location, delivery address and vehicle. */
const selection = boot.selection;
/**
 * The page came with the offers for its first location and period (read when it was served, with the API's
 * checks), and that location's wall time: the first screen needs no time-zone work (the first Intl date format
 * costs tens of milliseconds) and no second round trip. Without them the page works them out and asks the API.
 */
const first = boot.offers;
let period: RentalPeriod = selection?.period ?? first?.period ?? defaultPeriod(deskNow(boot.now, boot.locations[0].timeZone, loadedAt));
/** The vehicle type shown first and marked: the earlier request's, or FUNCTION=DETAIL's. */
const firstTypeId = selection?.vehicleType.id ?? boot.productId;
let offers: Map<string, VehicleOffer> | undefined;
let loading = false;
/** What is being sent: `vehicle:<id>` or `alternative:<index>`; null when nothing is. */
let sending: string | null = null;
let expired = false;
let alternativeButtons: HTMLButtonElement[] = [];
let pendingOffers: AbortController | undefined;

const notice = (<p class="period-notice" hidden />) as HTMLElement;
const alertSlot = (<div class="alert-slot" />) as HTMLElement;
const empty = (<p class="empty" hidden>{t.noVehicles}</p>) as HTMLElement;
const readout = (<p class="period-readout" id="period-readout" />) as HTMLElement;
const ending = sessionEnd(boot, t);
const sorter = sortField(t, () => render());
const chosenLocation = () => boot.locations.find((l) => l.id === chooser.choice().locationId) ?? boot.locations[0];
/** The session ended (a 410, or its time is up): say when, and offer the way back. */
function endSession(): void {
  expired = true;
  ending.show(chosenLocation().timeZone);
  render();
}

const chooser = filters(boot, t, (_choice, locationChanged) => {
  if (locationChanged) {
    clearAlert();
    void loadOffers();
  } else render();
});
const delivery = deliveryField(boot, t);
/** The review step (review.tsx): choosing a vehicle opens it; only its Send transfers. */
let reviewing: { request: TransferBody; what: string } | undefined;
const review = reviewPanel(boot, t, (additions) => reviewing && void send({ ...reviewing.request, ...additions }, reviewing.what));
function openReview(request: TransferBody, what: string, price: PriceQuote | undefined, opener: HTMLElement | null): void {
  // A missing delivery address: send() refuses before any request and points at the choice.
  if (!price || delivery.missing()) return void send(request, what);
  reviewing = { request, what };
  const address = boot.deliveryAddresses.find((a) => a.id === delivery.value());
  const { pickup, return: ret } = request;
  review.open({ vehicleTypeId: request.vehicleTypeId, locationId: request.locationId, period: { pickup, return: ret }, price, ...(address ? { deliveryAddress: address } : {}) }, opener);
}
const picker = periodPicker(t, now, (next) => {
  period = next;
  clearAlert();
  void loadOffers();
});

const ordered = [...boot.vehicleTypes].sort((a, b) => Number(b.id === firstTypeId) - Number(a.id === firstTypeId));
const drawings = vehicleArtSheet();
const cardOf = (vehicle: CatalogBoot['vehicleTypes'][number]) =>
  vehicleCard(vehicle, t, boot.language, drawings, () => {
    const { locationId } = chooser.choice();
    const opener = document.activeElement as HTMLElement | null;
    openReview({ vehicleTypeId: vehicle.id, locationId, pickup: period.pickup, return: period.return }, `vehicle:${vehicle.id}`, offers?.get(vehicle.id)?.price, opener);
  });
/**
 * More than a first screen shows on any width (two rows of three on a desktop, two cards on a phone). These are
 * built before the page is usable; the rest right after its first frame (allCards), so the page is not held up by
 * cards below the fold. Until then the list says it is busy; every card, filter and sort applies once they are in.
 */
const FIRST_SCREEN = 6;
const cards: VehicleCard[] = ordered.slice(0, FIRST_SCREEN).map(cardOf);
let complete = cards.length === ordered.length;
const list = (<div class="vehicles">{cards.map((card) => card.element)}</div>) as HTMLElement;

/** The cards below the first screen, in their order; render() then sorts and filters all of them. */
function allCards(): void {
  if (complete) return;
  cards.push(...ordered.slice(cards.length).map(cardOf));
  complete = true;
  render();
}

function matches(vehicle: CatalogBoot['vehicleTypes'][number], choice: FilterChoice): boolean {
  return (!choice.category || vehicle.category === choice.category) && (!choice.fuel || vehicle.fuel === choice.fuel);
}

function render(): void {
  const choice = chooser.choice();
  const requestable = sending === null && !expired;
  review.setSending(sending !== null);
  for (const card of cards) {
    // Types not stationed at the chosen location are not offered there at all.
    card.element.hidden = !matches(card.vehicle, choice) || (offers !== undefined && !offers.has(card.vehicle.id));
    card.update({ offer: offers?.get(card.vehicle.id), loading, requestable, sending: sending === `vehicle:${card.vehicle.id}` });
  }
  empty.hidden = cards.some((card) => !card.element.hidden);
  const order = sortedCards(cards, sorter.value(), (card) => offers?.get(card.vehicle.id)?.price.gross);
  // Moved only when the order changes: moving a card takes the focus off its button.
  if (order.some((card, index) => list.children[index] !== card.element)) list.append(...order.map((card) => card.element));
  // The period read out in words (Intl date formats): after the first screen, with the rest of the cards.
  if (complete) {
    readout.textContent = periodText(period, chosenLocation(), t);
    fold.summarise(`${chosenLocation().name} · ${readout.textContent}`);
  }
  list.setAttribute('aria-busy', String(loading || !complete));
  alternativeButtons.forEach((button, index) => {
    button.disabled = !requestable;
    button.textContent = sending === `alternative:${index}` ? t.transferring : t.choose;
  });
}

function showNotice(message: string | null): void {
  notice.textContent = message ?? '';
  notice.hidden = message === null;
}

/** Checked here to spare a round trip; the server checks again. */
function problemOf(candidate: RentalPeriod): string | null {
  const problem = periodProblem(candidate, now());
  if (problem === 'invalid') return t.periodInvalid;
  if (problem === 'return-before-pickup') return t.periodReturnBeforePickup;
  if (problem === 'in-the-past') return t.periodInThePast;
  if (rentalDays(candidate) > boot.maxRentalDays) return t.periodTooLong(boot.maxRentalDays);
  if (problem === 'too-far-ahead') return t.periodTooFarAhead(MAX_LEAD_DAYS);
  return null;
}

/** Offers for the current location and period; only the latest answer is shown. */
async function loadOffers(): Promise<void> {
  pendingOffers?.abort();
  const controller = new AbortController();
  pendingOffers = controller;
  const problem = problemOf(period);
  if (problem) {
    offers = undefined;
    loading = false;
    showNotice(problem);
    render();
    document.body.dataset.ready = 'true';
    return;
  }
  loading = true;
  document.body.dataset.ready = 'false';
  render();
  let message: string | null = null;
  try {
    const result = await fetchOffers(boot.apiBase, chooser.choice().locationId, period, controller.signal);
    if (controller.signal.aborted) return;
    if (result.ok) offers = new Map(result.offers.map((offer) => [offer.vehicleTypeId, offer]));
    else if ('expired' in result && result.expired) {
      offers = undefined;
      endSession();
    } else {
      offers = undefined;
      message = result.message;
    }
  } catch {
    if (controller.signal.aborted) return;
    offers = undefined;
    message = t.networkError;
  }
  loading = false;
  showNotice(message);
  render();
  document.body.dataset.ready = 'true';
}

function clearAlert(): void {
  alertSlot.replaceChildren();
  alternativeButtons = [];
}

function showRefusal(refusal: Pick<TransferRefused, 'error' | 'message' | 'alternatives'>, sentPeriod: RentalPeriod): void {
  const alternatives = refusal.alternatives ?? [];
  const alert = refusalAlert({
    refusal,
    t,
    language: boot.language,
    onRequest: (alternative) => {
      const index = alternatives.indexOf(alternative);
      // "Free here from …": that alternative's own period.
      const request = { vehicleTypeId: alternative.vehicleTypeId, locationId: alternative.locationId, ...(alternative.period ?? sentPeriod) };
      openReview(request, `alternative:${index}`, alternative.price, document.activeElement as HTMLElement | null);
    },
  });
  alertSlot.replaceChildren(alert.element);
  alternativeButtons = alert.buttons;
  alert.element.focus();
}

/** Request a vehicle: the server holds it and answers with the page that sends the cart. */
async function send(request: TransferBody, what: string): Promise<void> {
  if (sending !== null || expired) return;
  if (delivery.missing()) {
    review.close();
    showRefusal({ error: 'invalid', message: t.deliveryAddressRequired }, { pickup: request.pickup, return: request.return });
    delivery.flag();
    return;
  }
  const deliveryAddressId = delivery.value();
  const body: TransferBody = deliveryAddressId ? { ...request, deliveryAddressId } : request;
  sending = what;
  render();
  const sentPeriod = { pickup: body.pickup, return: body.return };
  try {
    const outcome = await requestTransfer(boot.apiBase, body);
    if (outcome.accepted) {
      location.assign(outcome.transfer.transferUrl);
      return;
    }
    sending = null;
    // A refused note or extra: said in the review, which stays open with the requester's choices.
    if (outcome.refusal.field && review.showProblem(outcome.refusal.field, outcome.refusal.message)) return render();
    review.close();
    if (outcome.status === 410 || outcome.refusal.error === 'session-expired') {
      clearAlert();
      endSession();
      return;
    }
    showRefusal(outcome.refusal, sentPeriod);
    if (outcome.status === 409) void loadOffers();
  } catch {
    sending = null;
    review.close();
    showRefusal({ error: 'busy', message: t.networkError }, sentPeriod);
  }
  render();
}

// Back from the transfer page (back/forward cache): the page may be used again.
window.addEventListener('pageshow', (event) => {
  if (!event.persisted) return;
  sending = null;
  render();
});

const controls = (
  <div class="controls">
    {delivery.element ?? null}
    {chooser.locationField}
    {picker.element}
    {readout}
    {chooser.vehicleFields}
  </div>
) as HTMLElement;
const fold = foldingControls(t, controls);

appRoot().replaceChildren(
  <Masthead boot={boot} />,
  <main class="catalog">
    {boot.test ? (
      <p class="test-banner" role="note" data-test-mode="true">
        {t.testMode}
      </p>
    ) : null}
    {selection ? <SelectionBanner selection={selection} t={t} /> : null}
    <Requester boot={boot} t={t} />
    {fold.element}
    {ending.element}
    <div aria-live="polite">{notice}</div>
    {alertSlot}
    <div class="list-tools">{sorter.element}</div>
    {list}
    {empty}
  </main>,
  review.element,
  drawings.element,
);
// The offers that came with the page fit the first choice (the server checked the period as the API does);
// any other first choice (a location or sort the browser restored) asks the API.
const firstFits = first?.locationId === chooser.choice().locationId && first.period.pickup === period.pickup && first.period.return === period.return;
picker.show(period, firstFits ? first.localNow : undefined);
if (firstFits) offers = new Map(first.offers.map((offer) => [offer.vehicleTypeId, offer]));
render();
if (firstFits) document.body.dataset.ready = 'true';
const detail = cards.find((card) => card.vehicle.id === firstTypeId);
if (detail) {
  detail.element.classList.add('highlighted');
  detail.element.scrollIntoView({ block: 'nearest' });
}
// The rest once the first screen is painted: a frame, then a task after it.
requestAnimationFrame(() => setTimeout(allCards));
if (!firstFits) void loadOffers();
// The session's end, on the server's clock: the page says so before the next request fails.
setTimeout(endSession, Math.max(0, Math.min(ending.remaining(loadedAt), 2 ** 31 - 1)));
