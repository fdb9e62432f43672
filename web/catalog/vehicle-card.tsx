/** One vehicle type as a card: drawing, specifications, live availability and price, request button. */
import type { CatalogBoot, VehicleOffer } from '../../functions/catalog/api';
import type { PriceQuote } from '../../functions/catalog/pricing';
import type { Language } from '../../functions/i18n/language';
import type { Messages } from '../../functions/i18n/messages';
import { formatMoney } from '../../functions/format/money';
import type { VehicleArtSheet } from './vehicle-art';
import { typeName } from '../../functions/catalog/vehicles';

type CatalogVehicle = CatalogBoot['vehicleTypes'][number];

/** What a card shows at a moment: the offer for the current period, if it is known. */
export interface CardView {
  offer: VehicleOffer | undefined;
  loading: boolean;
  /** Requests are possible at all (none being sent, the session alive). */
  requestable: boolean;
  /** This card's request is being sent. */
  sending: boolean;
}

export interface VehicleCard {
  vehicle: CatalogVehicle;
  element: HTMLElement;
  update(view: CardView): void;
}

function specsOf(vehicle: CatalogVehicle, t: Messages): string[] {
  const energy = vehicle.fuel === 'electric' && vehicle.rangeKm ? t.range(vehicle.rangeKm) : t.fuels[vehicle.fuel];
  return [t.seats(vehicle.seats), t.doors(vehicle.doors), t.transmissions[vehicle.transmission], energy, t.luggage(vehicle.luggageLitres)];
}

/** Net, VAT and gross of a quote, with how the price is made up. */
export function PriceTable({ price, t, language }: { price: PriceQuote; t: Messages; language: Language }) {
  const money = (cents: number) => formatMoney(cents, price.currency, language);
  return (
    <div class="price">
      <p class="price-breakdown">
        {t.priceBasis(price)} · {t.days(price.rentalDays)}
      </p>
      {price.contract ? (
        <p class="price-contract" data-contract-rate={price.contract.id}>
          {t.contractRate(price.contract)}
          {price.listNet !== undefined && price.listNet !== price.net ? <span class="price-list"> · {t.listPrice(money(price.listNet))}</span> : null}
        </p>
      ) : null}
      <dl>
        <div>
          <dt>{t.priceNet}</dt>
          <dd class="price-net">{money(price.net)}</dd>
        </div>
        <div>
          <dt>{t.vat(price.vatPercent)}</dt>
          <dd class="price-vat">{money(price.vat)}</dd>
        </div>
        <div class="price-gross">
          <dt>{t.total}</dt>
          <dd class="price-total">{money(price.gross)}</dd>
        </div>
      </dl>
    </div>
  );
}

export function vehicleCard(vehicle: CatalogVehicle, t: Messages, language: Language, drawings: VehicleArtSheet, onRequest: (vehicle: CatalogVehicle) => void): VehicleCard {
  const nameId = `vehicle-${vehicle.id}-name`;
  const availability = (<p class="availability">…</p>) as HTMLElement;
  const price = (<div class="price-slot" />) as HTMLElement;
  const weekend = (<p class="weekend-rate" hidden />) as HTMLElement;
  const button = (
    <button type="button" class="button request" data-action="request" aria-describedby={nameId} disabled onClick={() => onRequest(vehicle)}>
      {t.choose}
    </button>
  ) as HTMLButtonElement;
  const element = (
    <article class="vehicle" data-vehicle-type={vehicle.id} aria-labelledby={nameId}>
      <div class="vehicle-picture">
        {drawings.art(vehicle.art.body, vehicle.art.colour)}
        <span class="category">{t.categories[vehicle.category]}</span>
      </div>
      <div class="vehicle-body">
        {/* The fleet administration's name and description in the session's language (older types: the English name only). */}
        <h2 id={nameId}>{typeName(vehicle, language)}</h2>
        <p class="example">{t.orSimilar(vehicle.example)}</p>
        {vehicle.descriptions ? <p class="description">{vehicle.descriptions[language]}</p> : null}
        <ul class="specs">
          {specsOf(vehicle, t).map((spec) => (
            <li>{spec}</li>
          ))}
        </ul>
        {availability}
        {price}
        {weekend}
        {button}
      </div>
    </article>
  ) as HTMLElement;

  let shownPrice: PriceQuote | undefined;
  function update({ offer, loading, requestable, sending }: CardView): void {
    element.classList.toggle('is-loading', loading);
    element.setAttribute('aria-busy', String(loading));
    const free = offer !== undefined && offer.available > 0;
    availability.textContent = offer ? (free ? t.available(offer.available) : t.unavailable) : loading ? '…' : '—';
    availability.classList.toggle('is-available', free);
    availability.classList.toggle('is-unavailable', offer !== undefined && !free);
    element.classList.toggle('is-unavailable', offer !== undefined && !free);
    if (offer?.price !== shownPrice) {
      shownPrice = offer?.price;
      price.replaceChildren(offer ? <PriceTable price={offer.price} t={t} language={language} /> : '');
    }
    showWeekend(offer);
    button.disabled = loading || !free || !requestable;
    button.textContent = sending ? t.transferring : t.choose;
  }

  /** The weekend rate and its rule (pricing.ts WEEKEND_RULE): applied to this period, or on offer for another. */
  function showWeekend(offer: VehicleOffer | undefined): void {
    const applies = offer?.price.weekend === true;
    const offered = offer?.weekendNet !== undefined;
    weekend.hidden = !applies && !offered;
    weekend.dataset.weekend = applies ? 'applies' : offered ? 'offered' : '';
    if (applies) weekend.textContent = t.weekendRateApplies(t.weekendRuleText);
    else if (offer?.weekendNet !== undefined) weekend.textContent = t.weekendRateOffer(formatMoney(offer.weekendNet, offer.price.currency, language), t.weekendRuleText);
  }

  return { vehicle, element, update };
}
