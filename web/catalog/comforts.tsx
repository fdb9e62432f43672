/** Catalog comforts: sort by price, the period read out in the location's time, filters that fold away on a phone. */
import type { RentalPeriod } from '../../functions/catalog/period';
import type { Location } from '../../functions/catalog/vehicles';
import { formatWallTime } from '../../functions/format/period';
import type { Messages } from '../../functions/i18n/messages';
import type { VehicleCard } from './vehicle-card';

export const SORTS = ['recommended', 'price-low', 'price-high'] as const;
export type Sort = (typeof SORTS)[number];

export function sortField(t: Messages, onChange: () => void): { element: HTMLElement; value: () => Sort } {
  const labels: Record<Sort, string> = { recommended: t.sortRecommended, 'price-low': t.sortPriceLow, 'price-high': t.sortPriceHigh };
  const select = (
    <select id="sort" name="sort" onChange={onChange}>
      {SORTS.map((sort) => (
        <option value={sort}>{labels[sort]}</option>
      ))}
    </select>
  ) as HTMLSelectElement;
  const element = (
    <div class="field field-sort">
      <label htmlFor="sort">{t.sortBy}</label>
      {select}
    </div>
  ) as HTMLElement;
  return { element, value: () => select.value as Sort };
}

/**
 * The cards in the chosen order: by the total price for the period (what the requester pays),
 * those without a price (not stationed, not free, not loaded) after the priced ones in their
 * recommended order.
 */
export function sortedCards(cards: VehicleCard[], sort: Sort, grossOf: (card: VehicleCard) => number | undefined): VehicleCard[] {
  if (sort === 'recommended') return cards;
  const sign = sort === 'price-low' ? 1 : -1;
  return cards
    .map((card, index) => ({ card, index, gross: grossOf(card) }))
    .sort((a, b) => {
      if (a.gross === undefined || b.gross === undefined) return (a.gross === undefined ? 1 : 0) - (b.gross === undefined ? 1 : 0) || a.index - b.index;
      return sign * (a.gross - b.gross) || a.index - b.index;
    })
    .map(({ card }) => card);
}

/** "Fri 27 Nov, 09:00 to Mon 30 Nov, 09:00, local time in Amsterdam Sloterdijk (Europe/Amsterdam)": in the session's language, on the location's clock. */
export function periodText(period: RentalPeriod, location: Pick<Location, 'name' | 'timeZone'>, t: Messages): string {
  const wall = (local: string) => formatWallTime(local, location.timeZone, t.dateLocale, 'short');
  return t.periodReadout(wall(period.pickup), wall(period.return), location.name, location.timeZone);
}

/** A phone is narrower than this: the filters start folded so the first vehicles show on the first screen. */
const PHONE = '(max-width: 719px)';

/**
 * The controls in a disclosure: folded at the start on a phone, with a summary line saying what is
 * chosen (location and period); always open on a wider screen, where the summary line is not shown.
 */
export function foldingControls(t: Messages, controls: HTMLElement): { element: HTMLElement; summarise(text: string): void } {
  const summaryText = (<span class="controls-summary-text" />) as HTMLElement;
  const phone = window.matchMedia(PHONE);
  const element = (
    <details class="controls-fold" open={!phone.matches}>
      <summary class="controls-summary">
        <span class="controls-summary-label">{t.filtersShow}</span>
        {summaryText}
      </summary>
      {controls}
    </details>
  ) as HTMLDetailsElement;
  phone.addEventListener('change', () => {
    if (!phone.matches) element.open = true;
  });
  // On a wide screen the summary is hidden: the controls must not be folded away out of sight.
  element.addEventListener('toggle', () => {
    if (!phone.matches && !element.open) element.open = true;
  });
  return { element, summarise: (text) => (summaryText.textContent = text) };
}
