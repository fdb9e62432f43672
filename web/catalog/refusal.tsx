/** Why a request was not accepted, with the vehicles still free when it was taken. */
import type { TransferRefused } from '../../functions/catalog/api';
import type { Language } from '../../functions/i18n/language';
import type { Messages } from '../../functions/i18n/messages';
import { formatMoney } from '../../functions/format/money';
import { formatWallTime } from '../../functions/format/period';

export type Alternative = NonNullable<TransferRefused['alternatives']>[number];

/** Why this alternative is offered: the same type elsewhere, here from a later date, a similar type here. */
function kindLabel(alternative: Alternative, t: Messages): string {
  // The period is the location's wall time: the short style shows its own fields, whatever the browser's zone.
  if (alternative.kind === 'later' && alternative.period) return t.alternativeLater(formatWallTime(alternative.period.pickup, 'UTC', t.dateLocale, 'short'));
  return { elsewhere: t.alternativeElsewhere, similar: t.alternativeSimilar, 'other-type': t.alternativeOtherType, later: t.alternativeSameType }[alternative.kind ?? 'similar'];
}

export interface RefusalProps {
  refusal: Pick<TransferRefused, 'error' | 'message' | 'alternatives'>;
  t: Messages;
  language: Language;
  onRequest: (alternative: Alternative) => void;
}

/** The alert; its request buttons are returned too, to be disabled while a request is sent. */
export function refusalAlert({ refusal, t, language, onRequest }: RefusalProps): { element: HTMLElement; buttons: HTMLButtonElement[] } {
  const buttons: HTMLButtonElement[] = [];
  const alternatives = refusal.alternatives ?? [];
  const element = (
    <div class="refusal" role="alert" tabIndex={-1}>
      {refusal.error === 'taken' ? <h2>{t.takenTitle}</h2> : null}
      <p>{refusal.message}</p>
      {alternatives.length > 0 ? (
        <ul class="alternatives">
          {alternatives.map((alternative) => {
            const button = (
              <button type="button" class="button request" data-action="request"
                aria-label={`${t.choose}: ${alternative.name}, ${alternative.locationName}${alternative.period ? `, ${kindLabel(alternative, t)}` : ''}`}
                onClick={() => onRequest(alternative)}
              >
                {t.choose}
              </button>
            ) as HTMLButtonElement;
            buttons.push(button);
            const money = (cents: number) => formatMoney(cents, alternative.price.currency, language);
            return (
              <li data-vehicle-type={alternative.vehicleTypeId} data-location={alternative.locationId} data-kind={alternative.kind ?? null}>
                <div class="alternative-text">
                  {alternative.kind ? <span class="alternative-kind">{kindLabel(alternative, t)}</span> : null}
                  <strong>{alternative.name}</strong>
                  <span>{alternative.locationName}</span>
                  <span class="alternative-availability">{t.available(alternative.available)}</span>
                </div>
                <div class="alternative-price">
                  <span class="price-total">{money(alternative.price.gross)}</span>
                  <span class="alternative-net">
                    {money(alternative.price.net)} {t.priceNet}
                  </span>
                </div>
                {button}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  ) as HTMLElement;
  return { element, buttons };
}
