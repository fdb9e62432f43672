import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { CatalogBoot, TransferAccepted, TransferRefused, VehiclesResponse } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { checkFleet } from '../../functions/catalog/fleet-schema';
import { auditOf } from '../../functions/store/audit';
import { loadFleet } from '../../functions/store/fleet';
import { importFleet } from '../../functions/store/fleet-import';
import { payloadsOf } from '../../functions/store/payload-log';
import { getRequest } from '../../functions/store/requests';
import { daysAhead, openSession } from '../support/punchout';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
});

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const chosen = (vehicleTypeId: string, startDay: number, days: number) => ({ vehicleTypeId, locationId: 'ams-sloterdijk', pickup: daysAhead(startDay), return: daysAhead(startDay + days) });

async function offer(session: string, vehicleTypeId: string, period: { pickup: string; return: string }) {
  const response = await app.request(`${session}/api/vehicles?location=ams-sloterdijk&pickup=${period.pickup}&return=${period.return}`);
  const body = (await response.json()) as VehiclesResponse;
  if (!body.ok) throw new Error(body.message);
  return body.offers.find((o) => o.vehicleTypeId === vehicleTypeId)!;
}

/** The cart the transfer page posts, as logged: field name → value. */
async function cartOf(session: string, requestId: string): Promise<Record<string, string>> {
  expect((await app.request(`${session}/transfer/${requestId}`)).status).toBe(200);
  const [logged] = await payloadsOf(deps.db, `REQUEST#${requestId}`);
  return Object.fromEntries((JSON.parse(logged.body) as { fields: [string, string][] }).fields);
}

describe('transfer with the review step: note and extras', () => {
  it('prices the extras from the fleet (a price the page sends is ignored), keeps the note for operations and puts the extras, not the note, in the cart', async () => {
    const session = await openSession(app);
    const period = chosen('compact-polo', 30, 3);
    const rental = (await offer(session, 'compact-polo', period)).price;
    const response = await app.request(
      `${session}/api/transfer`,
      json({
        ...period,
        note: 'Driver: Piet Jansen\r\nFlight KL1234 lands 09:40',
        extras: [
          { id: 'extra-driver', count: 2, net: 1, price: { net: 1 } },
          { id: 'child-seat', net: 0 },
          { id: 'one-way', returnLocationId: 'utr-centraal' },
        ],
        price: { net: 1, gross: 1 },
      }),
    );
    expect(response.status).toBe(201);
    const { requestId } = (await response.json()) as TransferAccepted;
    const request = await getRequest(deps.db, requestId);
    const extrasNet = 2 * 3 * 500 + 1000 + 4900;
    expect(request!.extras).toEqual([
      { id: 'extra-driver', kind: 'extra-driver', name: 'Extra driver', net: 3000, count: 2 },
      { id: 'child-seat', kind: 'child-seat', name: 'Child seat', net: 1000 },
      { id: 'one-way', kind: 'one-way', name: 'One-way return', net: 4900, returnLocation: { id: 'utr-centraal', name: 'Utrecht Centraal' } },
    ]);
    expect(request!.note).toBe('Driver: Piet Jansen\nFlight KL1234 lands 09:40');
    const net = rental.net + extrasNet;
    expect(request!.price).toMatchObject({ net, extrasNet, vat: Math.round((net * 21) / 100), gross: net + Math.round((net * 21) / 100) });

    const cart = await cartOf(session, requestId);
    // The one line carries rental + extras (the demo connection prices per DAY: PRICE × QUANTITY).
    expect(Number(cart['NEW_ITEM-PRICE[1]']) * Number(cart['NEW_ITEM-QUANTITY[1]'])).toBeCloseTo(net / 100, 2);
    const longText = cart['NEW_ITEM-LONGTEXT_1:132[]'];
    expect(longText).toContain(`Rental: EUR ${(rental.net / 100).toFixed(2)} excl. VAT`);
    expect(longText).toContain('Extra driver × 2: EUR 30.00 excl. VAT');
    expect(longText).toContain('Child seat: EUR 10.00 excl. VAT');
    expect(longText).toContain('One-way return to Utrecht Centraal: EUR 49.00 excl. VAT');
    expect(longText).not.toContain('Piet Jansen');
    expect(longText).not.toContain('KL1234');
  });

  it('answers 400 naming the field for a bad extra or note, and registers nothing', async () => {
    const session = await openSession(app);
    const period = chosen('estate-octavia', 40, 2);
    const before = (await offer(session, 'estate-octavia', period)).available;
    const cases: [unknown, string, string][] = [
      [{ extras: [{ id: 'gps' }] }, 'extras[0].id', 'This extra is not offered (any more).'],
      [{ extras: [{ id: 'child-seat', count: 4 }] }, 'extras[0].count', 'Choose a whole number between 1 and 3 of this extra.'],
      [{ extras: [{ id: 'child-seat', count: 1.5 }] }, 'extras[0].count', 'Choose a whole number between 1 and 3 of this extra.'],
      [{ extras: [{ id: 'extra-driver' }, { id: 'extra-driver' }] }, 'extras[1].id', 'This extra is chosen twice.'],
      [{ extras: [{ id: 'one-way' }] }, 'extras[0].returnLocationId', 'Choose where the vehicle is returned.'],
      [{ extras: [{ id: 'one-way', returnLocationId: 'ams-sloterdijk' }] }, 'extras[0].returnLocationId', 'The vehicle cannot be returned at that location.'],
      [{ extras: [{ id: 'child-seat', returnLocationId: 'utr-centraal' }] }, 'extras[0].returnLocationId', 'Only a one-way return takes a return location.'],
      [{ extras: Array.from({ length: 11 }, () => ({ id: 'child-seat' })) }, 'extras', 'At most 10 extras.'],
      [{ extras: 'child-seat' }, 'extras', 'extras must be a list.'],
      [{ note: 'x'.repeat(501) }, 'note', 'The note may be at most 500 characters.'],
      [{ note: 'Driver\u0007 Anna' }, 'note', 'The note may not contain tabs, control or invisible characters (zero-width, direction marks).'],
      [{ note: 'An\u202ena' }, 'note', 'The note may not contain tabs, control or invisible characters (zero-width, direction marks).'],
    ];
    for (const [extra, field, message] of cases) {
      const response = await app.request(`${session}/api/transfer`, json({ ...period, ...(extra as object) }));
      expect({ status: response.status, ...((await response.json()) as TransferRefused) }).toEqual({ status: 400, error: 'invalid', field, message });
    }
    expect((await offer(session, 'estate-octavia', period)).available).toBe(before);
  });

  it('says in Dutch what is wrong with an extra for a Dutch session', async () => {
    const session = await openSession(app, { 'sap-language': 'N' });
    const response = await app.request(`${session}/api/transfer`, json({ ...chosen('compact-yaris', 45, 2), extras: [{ id: 'one-way' }] }));
    expect(response.status).toBe(400);
    expect((await response.json()) as TransferRefused).toMatchObject({ field: 'extras[0].returnLocationId', message: 'Kies waar het voertuig wordt ingeleverd.' });
  });

  it('makes one request of a double click with the same extras, and a new one when the extras or note change', async () => {
    const session = await openSession(app);
    const body = { ...chosen('suv-tiguan', 50, 2), extras: [{ id: 'child-seat', count: 2 }] };
    const first = await app.request(`${session}/api/transfer`, json(body));
    const again = await app.request(`${session}/api/transfer`, json(body));
    expect([first.status, again.status]).toEqual([201, 200]);
    const firstId = ((await first.json()) as TransferAccepted).requestId;
    expect(((await again.json()) as TransferAccepted).requestId).toBe(firstId);
    const changed = await app.request(`${session}/api/transfer`, json({ ...body, extras: [{ id: 'child-seat', count: 1 }] }));
    expect(changed.status).toBe(201);
    const changedId = ((await changed.json()) as TransferAccepted).requestId;
    expect(changedId).not.toBe(firstId);
    expect((await getRequest(deps.db, changedId))!.extras).toEqual([{ id: 'child-seat', kind: 'child-seat', name: 'Child seat', net: 1000 }]);
    const noted = await app.request(`${session}/api/transfer`, json({ ...body, extras: [{ id: 'child-seat', count: 1 }], note: 'Flight KL1234' }));
    expect(noted.status).toBe(201);
    expect((await getRequest(deps.db, ((await noted.json()) as TransferAccepted).requestId))!.note).toBe('Flight KL1234');
  });

  it('gives the catalog page the fleet extras and the reference fields the call-up left empty', async () => {
    const session = await openSession(app, { oci_costcenter: undefined });
    const html = await (await app.request(`${session}/`)).text();
    const boot = JSON.parse(/<script type="application\/json" id="boot">(.*?)<\/script>/s.exec(html)![1]) as CatalogBoot;
    expect(boot.extras!.map((e) => e.id).sort()).toEqual(['child-seat', 'extra-driver', 'one-way']);
    expect(boot.missingReferences).toEqual(['Cost centre']);
  });
});

describe('extras in the fleet file import', () => {
  it('stores a changed extra from the fleet file at its next version, audited, and the next transfer prices it', async () => {
    const stored = await loadFleet(deps.db);
    const file = structuredClone(stored);
    file.extras = file.extras!.map((e) => (e.id === 'child-seat' ? { ...e, price: { net: 1250, per: 'rental' as const } } : e));
    const checked = checkFleet(JSON.parse(JSON.stringify(file)));
    if (!checked.ok) throw new Error(checked.errors.join('; '));
    await importFleet(deps.db, checked.fleet, { email: 'admin@flexfleet.example', name: 'Ada Admin' });
    expect((await loadFleet(deps.db)).extras!.find((e) => e.id === 'child-seat')!.price).toEqual({ net: 1250, per: 'rental' });
    const audit = await auditOf(deps.db, 'extra#child-seat');
    expect(JSON.stringify(audit)).toContain('changed by import');

    const fresh = createLocalApp({ ...deps, fleet: () => loadFleet(deps.db) });
    const session = await openSession(fresh);
    const response = await fresh.request(`${session}/api/transfer`, json({ ...chosen('compact-clio', 60, 2), extras: [{ id: 'child-seat' }] }));
    expect(response.status).toBe(201);
    const request = await getRequest(deps.db, ((await response.json()) as TransferAccepted).requestId);
    expect(request!.extras).toEqual([{ id: 'child-seat', kind: 'child-seat', name: 'Child seat', net: 1250 }]);
  });
});
