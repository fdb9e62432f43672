import { describe, expect, it } from 'vitest';
import { extrasTextLines, priceExtras, withExtras, type Extra } from '../../functions/catalog/extras';
import { checkFleet } from '../../functions/catalog/fleet-schema';
import { quote } from '../../functions/catalog/pricing';
import { DEMO_FLEET } from '../../functions/local/demo-fleet';

const extras = DEMO_FLEET.extras!;
const at = { locationId: 'ams-sloterdijk', rentalDays: 4, language: 'en' as const, locations: DEMO_FLEET.locations };

describe('extras are checked and priced from the fleet, never from the page', () => {
  it('prices a per-day extra by the rental days and count, a per-rental one once, and names the one-way return location', () => {
    const priced = priceExtras(extras, [{ id: 'extra-driver', count: 2 }, { id: 'child-seat' }, { id: 'one-way', returnLocationId: 'utr-centraal' }], at);
    expect(priced).toEqual({
      ok: true,
      net: 2 * 4 * 500 + 1000 + 4900,
      extras: [
        { id: 'extra-driver', kind: 'extra-driver', name: 'Extra driver', net: 4000, count: 2 },
        { id: 'child-seat', kind: 'child-seat', name: 'Child seat', net: 1000 },
        { id: 'one-way', kind: 'one-way', name: 'One-way return', net: 4900, returnLocation: { id: 'utr-centraal', name: 'Utrecht Centraal' } },
      ],
    });
  });

  it('names the refused field: unknown id, not offered here, twice, count over the maximum, return location missing, not allowed or not one-way', () => {
    const refused = (choices: Parameters<typeof priceExtras>[1], where = at) => {
      const result = priceExtras(extras, choices, where);
      return result.ok ? 'accepted' : result.field;
    };
    expect(refused([{ id: 'gps' }])).toBe('extras[0].id');
    const onlyAms: Extra[] = [{ ...extras[1], locationIds: ['ams-sloterdijk'] }];
    expect(priceExtras(onlyAms, [{ id: 'child-seat' }], { ...at, locationId: 'utr-centraal' })).toMatchObject({ ok: false, field: 'extras[0].id', message: 'This extra is not offered at the pick-up location.' });
    expect(refused([{ id: 'child-seat' }, { id: 'child-seat' }])).toBe('extras[1].id');
    expect(refused([{ id: 'child-seat', count: 4 }])).toBe('extras[0].count');
    expect(refused([{ id: 'child-seat', count: 0 }])).toBe('extras[0].count');
    expect(refused([{ id: 'one-way' }])).toBe('extras[0].returnLocationId');
    expect(refused([{ id: 'one-way', returnLocationId: 'ams-sloterdijk' }])).toBe('extras[0].returnLocationId');
    expect(refused([{ id: 'child-seat', returnLocationId: 'utr-centraal' }])).toBe('extras[0].returnLocationId');
    expect(refused(Array.from({ length: 11 }, () => ({ id: 'child-seat' })))).toBe('extras');
  });

  it('adds the extras to the rental quote and recomputes VAT on the total, keeping the extras part apart', () => {
    const rental = quote({ day: 3900, week: 19500, month: 70200 }, 4, 21);
    const total = withExtras(rental, 5900);
    expect(total).toMatchObject({ net: rental.net + 5900, vat: Math.round(((rental.net + 5900) * 21) / 100), extrasNet: 5900 });
    expect(total.gross).toBe(total.net + total.vat);
    expect(withExtras(rental, 0)).toBe(rental);
  });

  it('writes one line per extra after the rental net, in the request language, so the lines add up to the line price', () => {
    const rental = quote({ day: 3900, week: 19500, month: 70200 }, 4, 21);
    const priced = priceExtras(extras, [{ id: 'child-seat', count: 2 }, { id: 'one-way', returnLocationId: 'utr-centraal' }], { ...at, language: 'nl' });
    if (!priced.ok) throw new Error(priced.message);
    const lines = extrasTextLines({ extras: priced.extras, price: withExtras(rental, priced.net), language: 'nl' });
    expect(lines).toEqual(['Huur: EUR 156.00 excl. btw', 'Kinderzitje × 2: EUR 20.00 excl. btw', 'Enkele reis, inleveren elders naar Utrecht Centraal: EUR 49.00 excl. btw']);
    expect(extrasTextLines({ price: rental, language: 'en' })).toEqual([]);
  });
});

describe('extras in the fleet file', () => {
  const file = (extra: Record<string, unknown>) => ({ ...structuredClone(DEMO_FLEET), extras: [extra] });

  it('accepts the demo extras and refuses a one-way without return locations, a return location on another kind and an unknown location, naming the row', () => {
    expect(checkFleet(structuredClone(DEMO_FLEET))).toMatchObject({ ok: true, fleet: { extras: DEMO_FLEET.extras } });
    const base = { id: 'x', kind: 'one-way', names: { en: 'One way', nl: 'Enkele reis' }, price: { net: 100, per: 'rental' }, locationIds: ['ams-sloterdijk'] };
    expect(checkFleet(file(base))).toEqual({ ok: false, errors: ['extras[0].returnLocationIds: a one-way extra needs at least one return location'] });
    expect(checkFleet(file({ ...base, kind: 'child-seat', returnLocationIds: ['utr-centraal'] }))).toEqual({ ok: false, errors: ['extras[0].returnLocationIds: only a one-way extra has return locations'] });
    expect(checkFleet(file({ ...base, returnLocationIds: ['rtm-centraal'] }))).toEqual({ ok: false, errors: ['extras[0].returnLocationIds: no location "rtm-centraal"'] });
    expect(checkFleet(file({ ...base, price: { net: -1, per: 'rental' }, returnLocationIds: ['utr-centraal'] }))).toEqual({ ok: false, errors: ['extras[0].price.net: expected 0 or more cents'] });
  });
});
