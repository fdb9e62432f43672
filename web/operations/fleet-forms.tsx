/** The fleet page's editors: a location, a vehicle type (with its audit), a unit (service, move, out-of-service windows). */
import { HOLIDAY_COUNTRIES } from '../../functions/catalog/countries';
import { closingDaysOf, type Location, type OpeningHours, type Unit, type VehicleType, type Weekday } from '../../functions/catalog/vehicles';
import type { FleetAdminView, FleetAuditView, ReservationAtRisk, ReservationsRefusal } from '../../functions/operations/fleet-api';
import { api, ApiError } from './api';
import { at } from './format';

type Versioned<T> = T & { version: number };
const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function input(name: string, value: string | number | undefined, attrs: Record<string, string> = {}): HTMLInputElement {
  return (<input name={name} value={value === undefined ? '' : String(value)} {...attrs} />) as HTMLInputElement;
}

function field(label: string, control: HTMLElement, wide = false): HTMLElement {
  return (
    <label class={`form-field${wide ? ' wide' : ''}`}>
      <span>{label}</span>
      {control}
    </label>
  ) as HTMLElement;
}

/** A form that posts `body()` and reports the answer in its own message line. */
function editor(title: string, fields: HTMLElement[], submit: () => Promise<void>, extra: HTMLElement[] = []): { element: HTMLElement; say: (text: string) => void } {
  const message = (<p aria-live="polite" class="notice" hidden />) as HTMLElement;
  const say = (text: string) => {
    message.hidden = !text;
    message.textContent = text;
  };
  const form = (
    <form class="connection-form">
      <fieldset>
        <legend>{title}</legend>
        {fields}
      </fieldset>
      {message}
      <button type="submit" class="button">
        Save
      </button>
      {extra}
    </form>
  ) as HTMLFormElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await submit();
      say('Saved.');
    } catch (error) {
      if (error instanceof ApiError) say(error.message);
      else throw error;
    }
  });
  return { element: form, say };
}

export function locationEditor(location: Versioned<Location> | undefined, saved: () => void): HTMLElement {
  const f = {
    id: input('id', location?.id, location ? { readonly: '' } : { required: '', placeholder: 'ams-zuid' }),
    name: input('name', location?.name, { required: '' }),
    address: input('address', location?.address, { required: '' }),
    city: input('city', location?.city, { required: '' }),
    phone: input('phone', location?.phone, { required: '', type: 'tel' }),
    timeZone: input('timeZone', location?.timeZone ?? 'Europe/Amsterdam', { required: '', placeholder: 'Europe/Amsterdam' }),
    country: select('country', [['', '– not recorded –'], ...HOLIDAY_COUNTRIES], location?.country),
    closingDays: (<textarea name="closingDays" rows={3} placeholder={'2026-08-14 Staff day\n2026-12-31'}>{closingDaysOf(location ?? {}).map((d) => `${d.date}${d.label ? ` ${d.label}` : ''}`).join('\n')}</textarea>) as HTMLTextAreaElement,
  };
  const hours = Object.fromEntries(
    WEEKDAYS.map((day) => {
      const h = location?.openingHours?.[day];
      return [day, { open: input(`${day}-open`, h?.open, { type: 'time', 'aria-label': `${day} opens` }), close: input(`${day}-close`, h?.close, { type: 'time', 'aria-label': `${day} closes` }) }];
    }),
  ) as Record<Weekday, { open: HTMLInputElement; close: HTMLInputElement }>;
  const hoursTable = (
    <div class="table-scroll" tabIndex={0}>
      <table class="form-table">
        <tbody>
          {WEEKDAYS.map((day) => (
            <tr>
              <th scope="row">{day}</th>
              <td>{hours[day].open}</td>
              <td>{hours[day].close}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  ) as HTMLElement;
  const { element } = editor(
    location ? `Location ${location.name}` : 'New location',
    [field('Id', f.id), field('Name', f.name), field('Address', f.address), field('Postcode and city', f.city), field('Phone', f.phone), field('Time zone (IANA)', f.timeZone), field('Country (its public holidays pause response targets)', f.country), field('Opening hours (empty: closed)', hoursTable, true), field('Own closing days besides public holidays (one a line: YYYY-MM-DD and a label)', f.closingDays, true)],
    async () => {
      const openingHours: Partial<Record<Weekday, OpeningHours>> = {};
      for (const day of WEEKDAYS) if (hours[day].open.value || hours[day].close.value) openingHours[day] = { open: hours[day].open.value, close: hours[day].close.value };
      // "2026-08-14 Staff day": the date, then the label; the server names a line it cannot read.
      const closingDays = f.closingDays.value.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
        const [date, ...label] = line.split(/\s+/);
        return label.length ? { date, label: label.join(' ') } : { date };
      });
      const body = { name: f.name.value, address: f.address.value, city: f.city.value, phone: f.phone.value, timeZone: f.timeZone.value.trim(), ...(f.country.value ? { country: f.country.value } : {}), openingHours, closingDays };
      if (location) await api.post(`/admin/locations/${encodeURIComponent(location.id)}`, { ...body, version: location.version });
      else await api.post('/admin/locations', { id: f.id.value, ...body });
      saved();
    },
  );
  return element;
}

const CATEGORIES = ['compact', 'estate', 'suv', 'van', 'electric', 'premium'];
const FUELS = ['petrol', 'diesel', 'hybrid', 'electric'];
const BODIES = ['hatchback', 'sedan', 'estate', 'suv', 'van', 'minibus'];

/** A select of values, each shown as itself or as its label (`[value, label]`). */
function select(name: string, options: (string | [string, string])[], value: string | undefined): HTMLSelectElement {
  return (
    <select name={name}>
      {options.map((o) => {
        const [v, label] = typeof o === 'string' ? [o, o] : o;
        return (
          <option value={v} selected={v === value}>
            {label}
          </option>
        );
      })}
    </select>
  ) as HTMLSelectElement;
}

const euros = (cents: number | undefined) => (cents === undefined ? '' : (cents / 100).toFixed(2));
const cents = (value: string) => Math.round(Number(value.replace(',', '.')) * 100);

export function vehicleTypeEditor(type: Versioned<VehicleType> | undefined, saved: () => void): HTMLElement {
  const f = {
    id: input('id', type?.id, type ? { readonly: '' } : { required: '', placeholder: 'estate-octavia' }),
    sku: input('sku', type?.sku, { required: '' }),
    nameEn: input('name-en', type?.names?.en ?? type?.name, { required: '' }),
    nameNl: input('name-nl', type?.names?.nl, { required: '' }),
    descriptionEn: (<textarea name="description-en">{type?.descriptions?.en ?? ''}</textarea>) as HTMLTextAreaElement,
    descriptionNl: (<textarea name="description-nl">{type?.descriptions?.nl ?? ''}</textarea>) as HTMLTextAreaElement,
    example: input('example', type?.example, { required: '' }),
    category: select('category', CATEGORIES, type?.category),
    seats: input('seats', type?.seats ?? 5, { type: 'number', min: '0' }),
    doors: input('doors', type?.doors ?? 5, { type: 'number', min: '0' }),
    transmission: select('transmission', ['manual', 'automatic'], type?.transmission),
    fuel: select('fuel', FUELS, type?.fuel),
    rangeKm: input('rangeKm', type?.rangeKm, { type: 'number', min: '0' }),
    luggageLitres: input('luggageLitres', type?.luggageLitres ?? 400, { type: 'number', min: '0' }),
    body: select('body', BODIES, type?.art.body),
    colour: input('colour', type?.art.colour ?? '#4b5563', { type: 'color' }),
    day: input('day', euros(type?.listRates.day), { inputmode: 'decimal', required: '' }),
    week: input('week', euros(type?.listRates.week), { inputmode: 'decimal', required: '' }),
    month: input('month', euros(type?.listRates.month), { inputmode: 'decimal', required: '' }),
  };
  const audit = (<ol class="history" />) as HTMLElement;
  const { element } = editor(
    type ? `Vehicle type ${type.name}` : 'New vehicle type',
    [
      field('Id', f.id), field('Article number (VENDORMAT)', f.sku), field('Name (English)', f.nameEn), field('Name (Dutch)', f.nameNl),
      field('Description (English)', f.descriptionEn, true), field('Description (Dutch)', f.descriptionNl, true), field('Example model ("or similar")', f.example),
      field('Category', f.category), field('Seats', f.seats), field('Doors', f.doors), field('Transmission', f.transmission), field('Fuel', f.fuel),
      field('Electric range (km)', f.rangeKm), field('Luggage (litres)', f.luggageLitres), field('Illustration: body', f.body), field('Illustration: colour', f.colour),
      field('List rate per day (€ excl. VAT)', f.day), field('per week (€)', f.week), field('per month (€)', f.month),
    ],
    async () => {
      const text = (el: HTMLInputElement | HTMLTextAreaElement) => el.value.trim();
      const descriptions = text(f.descriptionEn) || text(f.descriptionNl) ? { descriptions: { en: text(f.descriptionEn), nl: text(f.descriptionNl) } } : {};
      const body = {
        sku: text(f.sku), names: { en: text(f.nameEn), nl: text(f.nameNl) }, ...descriptions, example: text(f.example), category: f.category.value,
        seats: Number(f.seats.value), doors: Number(f.doors.value), transmission: f.transmission.value, fuel: f.fuel.value,
        ...(f.rangeKm.value ? { rangeKm: Number(f.rangeKm.value) } : {}), luggageLitres: Number(f.luggageLitres.value),
        art: { body: f.body.value, colour: f.colour.value }, listRates: { day: cents(f.day.value), week: cents(f.week.value), month: cents(f.month.value) },
      };
      if (type) await api.post(`/admin/vehicle-types/${encodeURIComponent(type.id)}`, { ...body, version: type.version });
      else await api.post('/admin/vehicle-types', { id: text(f.id), ...body });
      saved();
    },
  );
  if (type) void showAudit(type.id, audit);
  return (
    <div>
      {element}
      {type ? [<h2>Changes to this type and its units</h2>, audit] : ''}
    </div>
  ) as HTMLElement;
}

async function showAudit(typeId: string, into: HTMLElement): Promise<void> {
  const { entries } = await api.get<FleetAuditView>(`/admin/vehicle-types/${encodeURIComponent(typeId)}/audit`);
  const show = (v: unknown) => (v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v));
  into.replaceChildren(
    ...entries.map(
      (e) =>
        (
          <li>
            <strong>{at(e.at)}</strong> {e.actor.name} ({e.actor.email}): {e.subject.replace('#', ' ')} {e.action}
            <ul>
              {e.changes.map((c) => (
                <li>
                  <code>{c.field}</code>: {show(c.from)} → {show(c.to)}
                </li>
              ))}
            </ul>
          </li>
        ) as HTMLElement,
    ),
  );
  if (!entries.length) into.replaceChildren((<li class="muted">No changes recorded yet.</li>) as HTMLElement);
}

/** In the desk's words, not the API's (its message names the call's fields for API clients). */
const lostVehicle = (n: number) =>
  `${n === 1 ? 'This reservation' : `These ${n} reservations`} would lose ${n === 1 ? 'its' : 'their'} vehicle. Nothing was changed yet. ` +
  `Keep ${n === 1 ? 'it' : 'them'} and assign another vehicle later, or change the ${n === 1 ? 'reservation' : 'reservations'} first.`;

/** The reservations a change would leave without a vehicle, and the one explicit way on. */
function atRisk(refusal: ReservationsRefusal, keep: () => Promise<void>): HTMLElement {
  const button = (
    <button type="button" class="button">
      Keep them and reassign later
    </button>
  ) as HTMLButtonElement;
  button.addEventListener('click', () => void keep());
  const why = (r: ReservationAtRisk) => (r.why === 'assigned' ? `assigned to ${r.plate}` : 'no other vehicle of this type is free');
  return (
    <div class="notice" role="alert">
      <p>{lostVehicle(refusal.reservations.length)}</p>
      <ul>
        {refusal.reservations.map((r) => (
          <li>
            <a class="ref" href={`#/requests/${encodeURIComponent(r.requestId)}`}>
              {r.requestId}
            </a>{' '}
            {r.status}, {r.requester}, {r.period.pickup.replace('T', ' ')} – {r.period.return.replace('T', ' ')}: {why(r)}
          </li>
        ))}
      </ul>
      {button}
    </div>
  ) as HTMLElement;
}

/** Post a change; on a 409 that lists reservations, show them and offer to keep them. */
async function withReservations(path: string, body: Record<string, unknown>, say: (node: HTMLElement | string) => void, saved: () => void): Promise<void> {
  try {
    await api.post(path, body);
    saved();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const refusal = error.refusal as ReservationsRefusal;
    if (error.status === 409 && Array.isArray(refusal.reservations)) {
      say(atRisk(refusal, () => withReservations(path, { ...body, confirm: true, action: 'keep' }, say, saved)));
    } else say(error.message);
  }
}

export function unitEditor(unit: Versioned<Unit>, fleet: FleetAdminView, saved: () => void): HTMLElement {
  const out = (<div aria-live="polite" />) as HTMLElement;
  const say = (node: HTMLElement | string) => out.replaceChildren(typeof node === 'string' ? ((<p class="notice">{node}</p>) as HTMLElement) : node);
  const type = select('vehicleTypeId', fleet.vehicleTypes.map((t) => [t.id, t.name]), unit.vehicleTypeId);
  const location = select('locationId', fleet.locations.map((l) => [l.id, l.name]), unit.locationId);
  const inService = (<input type="checkbox" name="inService" checked={unit.inService !== false} />) as HTMLInputElement;
  const save = (<button type="button" class="button">Save unit</button>) as HTMLButtonElement;
  save.addEventListener('click', () =>
    void withReservations(`/admin/units/${encodeURIComponent(unit.plate)}`, { vehicleTypeId: type.value, locationId: location.value, inService: inService.checked, version: unit.version }, say, saved),
  );

  const from = input('from', '', { type: 'datetime-local', required: '', 'aria-label': 'Out of service from' });
  const to = input('to', '', { type: 'datetime-local', required: '', 'aria-label': 'until' });
  const reason = input('reason', '', { required: '', placeholder: 'Maintenance, tyres, damage…', 'aria-label': 'Reason' });
  const windowForm = (
    <form class="add-staff">
      {from}
      {to}
      {reason}
      <button type="submit" class="button secondary">
        Take out of service
      </button>
    </form>
  ) as HTMLFormElement;
  windowForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void withReservations(`/admin/units/${encodeURIComponent(unit.plate)}/out-of-service`, { from: from.value.slice(0, 16), to: to.value.slice(0, 16), reason: reason.value }, say, saved);
  });

  const windows = (unit.outOfService ?? []).map((w) => {
    const remove = (<button type="button" class="button secondary small">Back in service</button>) as HTMLButtonElement;
    remove.addEventListener('click', () => void withReservations(`/admin/units/${encodeURIComponent(unit.plate)}/out-of-service/${encodeURIComponent(w.id)}/remove`, {}, say, saved));
    return (
      <li>
        {w.from.replace('T', ' ')} – {w.to.replace('T', ' ')}: {w.reason} {remove}
      </li>
    ) as HTMLElement;
  });

  return (
    <section class="card" aria-label={`Unit ${unit.plate}`}>
      <h2>Unit {unit.plate}</h2>
      <p>
        {field('Vehicle type', type)} {field('Location', location)}{' '}
        <label>
          {inService} in service
        </label>{' '}
        {save}
      </p>
      <h3>Out of service (location's wall time)</h3>
      <ul>{windows.length ? windows : <li class="muted">No windows.</li>}</ul>
      {windowForm}
      {out}
    </section>
  ) as HTMLElement;
}
