/** Pick-up and return date-times with presets (day, weekend, week, month). */
import type { RentalPeriod } from '../../functions/catalog/period';
import type { Messages } from '../../functions/i18n/messages';
import { keepLength, PRESETS, presetOf, presetPeriod, type Preset } from './presets';

export interface PeriodPicker {
  element: HTMLElement;
  /** Show a period chosen elsewhere (a preset, the default); `deskNow` (the location's wall time now) if known already. */
  show(period: RentalPeriod, deskNow?: string): void;
}

const PRESET_LABEL = { day: 'presetDay', weekend: 'presetWeekend', week: 'presetWeek', month: 'presetMonth' } as const;

export function periodPicker(t: Messages, now: () => string, onChange: (period: RentalPeriod) => void): PeriodPicker {
  let period: RentalPeriod = { pickup: '', return: '' };
  const pickup = (<input type="datetime-local" id="pickup" name="pickup" step={900} required />) as HTMLInputElement;
  const ret = (<input type="datetime-local" id="return" name="return" step={900} required />) as HTMLInputElement;
  const presets = PRESETS.map(
    (preset) =>
      (
        <button type="button" class="button secondary preset" data-preset={preset} aria-pressed="false" onClick={() => choose(presetPeriod(preset, period, now()))}>
          {t[PRESET_LABEL[preset]]}
        </button>
      ) as HTMLButtonElement,
  );

  function show(next: RentalPeriod, deskNow = now()): void {
    period = next;
    pickup.value = next.pickup;
    ret.value = next.return;
    pickup.min = deskNow.slice(0, 11) + '00:00';
    ret.min = next.pickup;
    const pressed: Preset | null = presetOf(next);
    for (const button of presets) button.setAttribute('aria-pressed', String(button.dataset.preset === pressed));
  }

  function choose(next: RentalPeriod): void {
    show(next);
    onChange(next);
  }

  pickup.addEventListener('change', () => choose(keepLength(period, pickup.value)));
  ret.addEventListener('change', () => choose({ pickup: period.pickup, return: ret.value }));

  const element = (
    <div class="period">
      <div class="field field-pickup">
        <label htmlFor="pickup">{t.pickup}</label>
        {pickup}
      </div>
      <div class="field field-return">
        <label htmlFor="return">{t.return}</label>
        {ret}
      </div>
      <div class="field field-presets">
        <span class="label" id="presets-label">
          {t.presets}
        </span>
        <div class="presets" role="group" aria-labelledby="presets-label">
          {presets}
        </div>
      </div>
    </div>
  ) as HTMLElement;
  return { element, show };
}
