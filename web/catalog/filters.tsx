/** Location (changes the offers) and category and fuel (narrow the cards shown). */
import type { CatalogBoot } from '../../functions/catalog/api';
import { CATEGORIES, FUELS, type Category, type Fuel } from '../../functions/catalog/vehicles';
import type { Messages } from '../../functions/i18n/messages';

export interface FilterChoice {
  locationId: string;
  category: Category | '';
  fuel: Fuel | '';
}

export function filters(boot: CatalogBoot, t: Messages, onChange: (choice: FilterChoice, locationChanged: boolean) => void) {
  const address = (<p class="location-address" id="location-address" />) as HTMLElement;
  const location = (
    <select id="location" name="location" aria-describedby="location-address">
      {boot.locations.map((l) => (
        <option value={l.id}>{l.name}</option>
      ))}
    </select>
  ) as HTMLSelectElement;
  const category = (
    <select id="category" name="category">
      <option value="">{t.all}</option>
      {CATEGORIES.map((c) => (
        <option value={c}>{t.categories[c]}</option>
      ))}
    </select>
  ) as HTMLSelectElement;
  const fuel = (
    <select id="fuel" name="fuel">
      <option value="">{t.all}</option>
      {FUELS.map((f) => (
        <option value={f}>{t.fuels[f]}</option>
      ))}
    </select>
  ) as HTMLSelectElement;

  // cXML edit: the earlier request's location first.
  if (boot.locations.some((l) => l.id === boot.selection?.location.id)) location.value = boot.selection!.location.id;

  const choice = (): FilterChoice => ({ locationId: location.value, category: category.value as Category | '', fuel: fuel.value as Fuel | '' });
  function showAddress(): void {
    const l = boot.locations.find((candidate) => candidate.id === location.value);
    address.replaceChildren(...(l ? [`${l.address}, ${l.city} · `, <span class="phone">{l.phone}</span>] : []));
  }
  showAddress();
  location.addEventListener('change', () => {
    showAddress();
    onChange(choice(), true);
  });
  category.addEventListener('change', () => onChange(choice(), false));
  fuel.addEventListener('change', () => onChange(choice(), false));

  const locationField = (
    <div class="field field-location">
      <label htmlFor="location">{t.location}</label>
      {location}
      {address}
    </div>
  ) as HTMLElement;
  const vehicleFields = (
    <div class="vehicle-filters">
      <div class="field field-category">
        <label htmlFor="category">{t.category}</label>
        {category}
      </div>
      <div class="field field-fuel">
        <label htmlFor="fuel">{t.fuel}</label>
        {fuel}
      </div>
    </div>
  ) as HTMLElement;
  return { locationField, vehicleFields, choice };
}
