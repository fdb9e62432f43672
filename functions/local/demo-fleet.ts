import type { Extra } from '../catalog/extras';
import type { BodyShape, Category, Fleet, Fuel, Location, Unit, VehicleType } from '../catalog/vehicles';

const weekdays = (open: string, close: string, saturday?: [string, string]) => ({
  mon: { open, close },
  tue: { open, close },
  wed: { open, close },
  thu: { open, close },
  fri: { open, close },
  ...(saturday ? { sat: { open: saturday[0], close: saturday[1] } } : {}),
});

const locations: Location[] = [
  {
    id: 'ams-sloterdijk',
    name: 'Amsterdam Sloterdijk',
    address: 'Orlyplein 10',
    city: '1043 DP Amsterdam',
    phone: '+31 20 555 0100',
    timeZone: 'Europe/Amsterdam',
    country: 'NL',
    openingHours: weekdays('07:00', '20:00', ['09:00', '17:00']),
  },
  {
    id: 'utr-centraal',
    name: 'Utrecht Centraal',
    address: 'Stationsplein 21',
    city: '3511 ED Utrecht',
    phone: '+31 30 555 0200',
    timeZone: 'Europe/Amsterdam',
    country: 'NL',
    openingHours: weekdays('08:00', '18:00'),
    closingDays: [{ date: '2026-12-31', label: 'Year-end stock-take' }],
  },
];

type Spec = [id: string, name: string, example: string, category: Category, seats: number, doors: number, auto: boolean, fuel: Fuel, luggage: number, body: BodyShape, colour: string, day: number, rangeKm?: number];

// Day rates in euros excl. VAT; a week costs 5 days, a month 18 days.
const specs: Spec[] = [
  ['compact-polo', 'Compact hatchback', 'Volkswagen Polo', 'compact', 5, 5, false, 'petrol', 351, 'hatchback', '#d9462b', 39],
  ['compact-yaris', 'Compact hybrid', 'Toyota Yaris Hybrid', 'compact', 5, 5, true, 'hybrid', 286, 'hatchback', '#2f6db5', 44],
  ['compact-clio', 'Compact automatic', 'Renault Clio', 'compact', 5, 5, true, 'petrol', 340, 'hatchback', '#f2b134', 42],
  ['estate-octavia', 'Estate', 'Škoda Octavia Combi', 'estate', 5, 5, false, 'diesel', 640, 'estate', '#4b5563', 55],
  ['estate-passat', 'Estate automatic', 'Volkswagen Passat Variant', 'estate', 5, 5, true, 'hybrid', 650, 'estate', '#1f3a5f', 64],
  ['suv-tiguan', 'Mid-size SUV', 'Volkswagen Tiguan', 'suv', 5, 5, true, 'petrol', 615, 'suv', '#6b7f3a', 72],
  ['suv-xc90', 'Large SUV, 7 seats', 'Volvo XC90', 'suv', 7, 5, true, 'hybrid', 640, 'suv', '#2d2d2d', 109],
  ['van-transit', 'Cargo van', 'Ford Transit Custom', 'van', 3, 4, false, 'diesel', 6000, 'van', '#f5f5f0', 79],
  ['van-vivaro-e', 'Electric cargo van', 'Opel Vivaro Electric', 'van', 3, 4, true, 'electric', 5800, 'van', '#d7e3ea', 89, 330],
  ['van-minibus', 'Minibus, 9 seats', 'Mercedes-Benz Vito Tourer', 'van', 9, 4, true, 'diesel', 1030, 'minibus', '#8a8f98', 119],
  ['electric-id3', 'Electric compact', 'Volkswagen ID.3', 'electric', 5, 5, true, 'electric', 385, 'hatchback', '#3aa17e', 59, 420],
  ['electric-model3', 'Electric saloon', 'Tesla Model 3', 'electric', 5, 4, true, 'electric', 594, 'sedan', '#c8102e', 89, 510],
  ['electric-enyaq', 'Electric SUV', 'Škoda Enyaq', 'electric', 5, 5, true, 'electric', 585, 'suv', '#0e7c86', 84, 520],
  ['premium-5series', 'Premium saloon', 'BMW 5 Series', 'premium', 5, 4, true, 'diesel', 520, 'sedan', '#1c2230', 129],
];

// Dutch name and a line of description in each language, per type.
const texts: Record<string, [nl: string, en: string, nlDescription: string]> = {
  'compact-polo': ['Compacte hatchback', 'Easy to park, fine for town and short trips.', 'Makkelijk te parkeren, prima voor de stad en korte ritten.'],
  'compact-yaris': ['Compacte hybride', 'Frugal hybrid for town and regional trips.', 'Zuinige hybride voor stad en regio.'],
  'compact-clio': ['Compacte automaat', 'Small car with an automatic gearbox.', 'Kleine auto met automatische versnellingsbak.'],
  'estate-octavia': ['Stationwagen', 'Room for luggage or samples on longer trips.', 'Ruimte voor bagage of monsters op langere ritten.'],
  'estate-passat': ['Stationwagen automaat', 'Comfortable estate for long distances.', 'Comfortabele stationwagen voor lange afstanden.'],
  'suv-tiguan': ['Middelgrote SUV', 'Higher seating, room for five.', 'Hogere zit, ruimte voor vijf.'],
  'suv-xc90': ['Grote SUV, 7 zitplaatsen', 'Seven seats for a team on the road.', 'Zeven zitplaatsen voor een team onderweg.'],
  'van-transit': ['Bestelbus', 'Cargo van for tools and goods.', 'Bestelbus voor gereedschap en goederen.'],
  'van-vivaro-e': ['Elektrische bestelbus', 'Emission-free deliveries in town.', 'Emissievrij bezorgen in de stad.'],
  'van-minibus': ['Personenbus, 9 zitplaatsen', 'Nine seats for a group.', 'Negen zitplaatsen voor een groep.'],
  'electric-id3': ['Elektrische compact', 'Electric compact with a practical range.', 'Elektrische compacte auto met een praktische actieradius.'],
  'electric-model3': ['Elektrische sedan', 'Electric saloon for longer business trips.', 'Elektrische sedan voor langere zakenritten.'],
  'electric-enyaq': ['Elektrische SUV', 'Roomy electric SUV.', 'Ruime elektrische SUV.'],
  'premium-5series': ['Premium sedan', 'Premium saloon for visitors and long distances.', 'Premium sedan voor bezoek en lange afstanden.'],
};

const vehicleTypes: VehicleType[] = specs.map(([id, name, example, category, seats, doors, auto, fuel, luggage, body, colour, day, rangeKm]) => ({
  id,
  sku: `FF-${id.toUpperCase()}`,
  name,
  names: { en: name, nl: texts[id][0] },
  descriptions: { en: texts[id][1], nl: texts[id][2] },
  example,
  category,
  seats,
  doors,
  transmission: auto ? 'automatic' : 'manual',
  fuel,
  ...(rangeKm ? { rangeKm } : {}),
  luggageLitres: luggage,
  art: { body, colour },
  // Weekend (Friday 12:00 to Monday 09:00): 2.2 days for the 3 days such a rental counts.
  listRates: { day: day * 100, week: day * 500, month: day * 1800, weekend: day * 220 },
}));

// Units per type at each location; 0 means the type is not stationed there.
const stock: Record<string, [ams: number, utr: number]> = {
  'compact-polo': [4, 3],
  'compact-yaris': [3, 2],
  'compact-clio': [2, 2],
  'estate-octavia': [3, 2],
  'estate-passat': [2, 1],
  'suv-tiguan': [2, 2],
  'suv-xc90': [1, 1],
  'van-transit': [3, 2],
  'van-vivaro-e': [2, 0],
  'van-minibus': [1, 1],
  'electric-id3': [3, 2],
  'electric-model3': [2, 1],
  'electric-enyaq': [2, 2],
  'premium-5series': [1, 0],
};

const LETTERS = 'BDFGHJKLNPRSTVXZ';

function plate(n: number): string {
  const a = LETTERS[n % 16] + LETTERS[(n >> 4) % 16];
  const b = String(100 + ((n * 37) % 900));
  return `${a}-${b}-${LETTERS[(n * 7) % 16]}`;
}

const units: Unit[] = [];
let serial = 11;
for (const [vehicleTypeId, counts] of Object.entries(stock)) {
  counts.forEach((count, i) => {
    for (let k = 0; k < count; k++) units.push({ plate: plate(serial++), vehicleTypeId, locationId: locations[i].id });
  });
}

/** Priced extras (catalog/extras.ts), net per rental or per day; a one-way return between the two desks. */
const extras: Extra[] = [
  { id: 'extra-driver', kind: 'extra-driver', names: { en: 'Extra driver', nl: 'Extra bestuurder' }, price: { net: 500, per: 'day' }, maxCount: 2, locationIds: ['ams-sloterdijk', 'utr-centraal'] },
  { id: 'child-seat', kind: 'child-seat', names: { en: 'Child seat', nl: 'Kinderzitje' }, price: { net: 1000, per: 'rental' }, maxCount: 3, locationIds: ['ams-sloterdijk', 'utr-centraal'] },
  {
    id: 'one-way',
    kind: 'one-way',
    names: { en: 'One-way return', nl: 'Enkele reis, inleveren elders' },
    price: { net: 4900, per: 'rental' },
    locationIds: ['ams-sloterdijk', 'utr-centraal'],
    returnLocationIds: ['ams-sloterdijk', 'utr-centraal'],
  },
];

export const DEMO_FLEET: Fleet = { vehicleTypes, locations, units, extras };
