/** Fleet administration (admins): locations, vehicle types and units, each opened in an editor below the lists. */
import type { Location, Weekday } from '../../functions/catalog/vehicles';
import type { FleetAdminView } from '../../functions/operations/fleet-api';
import { api, ApiError } from './api';
import { locationEditor, unitEditor, vehicleTypeEditor } from './fleet-forms';
import type { View } from './queue';

const money = (cents: number) => `€ ${(cents / 100).toFixed(2)}`;
const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Opening hours in weekday order (the table gives a map's keys in any order). */
function hoursText(hours: Location['openingHours']): string {
  if (!hours) return '–';
  return WEEKDAYS.filter((day) => hours[day]).map((day) => `${day} ${hours[day]!.open}–${hours[day]!.close}`).join(', ') || 'closed';
}

export function fleetView(): View {
  const message = (<p aria-live="polite" class="muted" />) as HTMLElement;
  const locations = (<tbody />) as HTMLElement;
  const types = (<tbody />) as HTMLElement;
  const units = (<tbody />) as HTMLElement;
  const editorSlot = (<div class="fleet-editor" />) as HTMLElement;
  let fleet: FleetAdminView | undefined;
  /** What is open in the editor, to reopen it with the saved version. */
  let open: { kind: 'location' | 'type' | 'unit'; id?: string } | undefined;

  const link = (text: string, onClick: () => void) => {
    const a = (<a href="#/fleet" class="ref">{text}</a>) as HTMLAnchorElement;
    a.addEventListener('click', (event) => {
      event.preventDefault();
      onClick();
    });
    return a;
  };

  function edit(kind: 'location' | 'type' | 'unit', id?: string): void {
    open = { kind, id };
    if (!fleet) return;
    const saved = () => void load();
    if (kind === 'location') editorSlot.replaceChildren(locationEditor(fleet.locations.find((l) => l.id === id), saved));
    else if (kind === 'type') editorSlot.replaceChildren(vehicleTypeEditor(fleet.vehicleTypes.find((t) => t.id === id), saved));
    else {
      const unit = fleet.units.find((u) => u.plate === id);
      editorSlot.replaceChildren(unit ? unitEditor(unit, fleet, saved) : '');
    }
    editorSlot.scrollIntoView?.({ block: 'nearest' });
  }

  async function load(): Promise<void> {
    try {
      fleet = await api.get<FleetAdminView>('/admin/fleet');
    } catch (error) {
      if (error instanceof ApiError) message.textContent = error.message;
      return;
    }
    const f = fleet;
    const typeName = (id: string) => f.vehicleTypes.find((t) => t.id === id)?.name ?? id;
    const placeName = (id: string) => f.locations.find((l) => l.id === id)?.name ?? id;
    locations.replaceChildren(
      ...f.locations.map(
        (l) =>
          (
            <tr data-location-id={l.id}>
              <td>{link(l.name, () => edit('location', l.id))}</td>
              <td>{l.city}</td>
              <td>{l.phone}</td>
              <td>{l.timeZone}</td>
              <td>{l.country ?? '–'}</td>
              <td>{hoursText(l.openingHours)}</td>
            </tr>
          ) as HTMLElement,
      ),
    );
    types.replaceChildren(
      ...f.vehicleTypes.map(
        (t) =>
          (
            <tr data-vehicle-type-id={t.id}>
              <td>{link(t.name, () => edit('type', t.id))}</td>
              <td>{t.names?.nl ?? '–'}</td>
              <td>{t.category}</td>
              <td class="num">{money(t.listRates.day)}</td>
              <td class="num">{f.units.filter((u) => u.vehicleTypeId === t.id && u.inService !== false).length}</td>
            </tr>
          ) as HTMLElement,
      ),
    );
    units.replaceChildren(
      ...f.units.map(
        (u) =>
          (
            <tr data-plate={u.plate} class={u.inService === false ? 'inactive' : ''}>
              <td>{link(u.plate, () => edit('unit', u.plate))}</td>
              <td>{typeName(u.vehicleTypeId)}</td>
              <td>{placeName(u.locationId)}</td>
              <td>{u.inService === false ? 'not in service' : 'in service'}</td>
              <td>{(u.outOfService ?? []).map((w) => `${w.from.replace('T', ' ')} – ${w.to.replace('T', ' ')} (${w.reason})`).join('; ') || '–'}</td>
            </tr>
          ) as HTMLElement,
      ),
    );
    addUnit.type.replaceChildren(...f.vehicleTypes.map((t) => (<option value={t.id}>{t.name}</option>) as HTMLElement));
    addUnit.location.replaceChildren(...f.locations.map((l) => (<option value={l.id}>{l.name}</option>) as HTMLElement));
    if (open) edit(open.kind, open.id);
    document.body.dataset.ready = 'true';
  }

  const addUnit = {
    plate: (<input name="plate" required placeholder="AB-123-C" aria-label="Plate" maxLength={16} />) as HTMLInputElement,
    type: (<select name="vehicleTypeId" aria-label="Vehicle type" />) as HTMLSelectElement,
    location: (<select name="locationId" aria-label="Location" />) as HTMLSelectElement,
  };
  const addUnitForm = (
    <form class="add-staff">
      {addUnit.plate}
      {addUnit.type}
      {addUnit.location}
      <button type="submit" class="button">
        Add unit
      </button>
    </form>
  ) as HTMLFormElement;
  addUnitForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.post('/admin/units', { plate: addUnit.plate.value.trim(), vehicleTypeId: addUnit.type.value, locationId: addUnit.location.value });
      message.textContent = `${addUnit.plate.value.toUpperCase()} added.`;
      addUnitForm.reset();
      await load();
    } catch (error) {
      if (error instanceof ApiError) message.textContent = error.message;
    }
  });

  const newButton = (text: string, kind: 'location' | 'type') => {
    const button = (<button type="button" class="button secondary small">{text}</button>) as HTMLButtonElement;
    button.addEventListener('click', () => edit(kind));
    return button;
  };

  void load();
  const element = (
    <section aria-labelledby="fleet-title">
      <h1 id="fleet-title">Fleet</h1>
      <p class="muted">
        Locations, vehicle types and units as the catalog shows them. A unit out of service over a window holds one vehicle of its type at its location for those
        half-days; if reservations need it, you are shown them and asked what to do. Every change is recorded. Bulk changes: <code>npm run fleet -- export</code> /{' '}
        <code>import</code>.
      </p>
      {message}
      <h2>Locations {newButton('New location', 'location')}</h2>
      <div class="table-scroll" tabIndex={0}>
        <table class="queue-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">City</th>
              <th scope="col">Phone</th>
              <th scope="col">Time zone</th>
              <th scope="col">Country</th>
              <th scope="col">Opening hours</th>
            </tr>
          </thead>
          {locations}
        </table>
      </div>
      <h2>Vehicle types {newButton('New vehicle type', 'type')}</h2>
      <div class="table-scroll" tabIndex={0}>
        <table class="queue-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Dutch name</th>
              <th scope="col">Category</th>
              <th scope="col">Day rate</th>
              <th scope="col">Units in service</th>
            </tr>
          </thead>
          {types}
        </table>
      </div>
      <h2>Units</h2>
      {addUnitForm}
      <div class="table-scroll" tabIndex={0}>
        <table class="queue-table">
          <thead>
            <tr>
              <th scope="col">Plate</th>
              <th scope="col">Vehicle type</th>
              <th scope="col">Location</th>
              <th scope="col">Service</th>
              <th scope="col">Out of service</th>
            </tr>
          </thead>
          {units}
        </table>
      </div>
      {editorSlot}
    </section>
  ) as HTMLElement;
  return { element, dispose: () => undefined };
}
