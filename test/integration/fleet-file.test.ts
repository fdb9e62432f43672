import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { DEMO_FLEET } from '../../functions/local/demo-fleet';
import { auditOf } from '../../functions/store/audit';
import { loadFleet } from '../../functions/store/fleet';
import { addOutOfService } from '../../functions/store/fleet-admin';
import { fleetCommand, type FleetIo } from '../../infra/fleet';
import { assignUnit } from '../../functions/store/request-changes';
import { registerTestRequest } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { seededStack } from '../support/stack';

let deps: AppDeps;
const dir = mkdtempSync(join(tmpdir(), 'fleet-file-'));
const actor = { email: 'admin@flexfleet.example', name: 'Ada Admin' };

beforeAll(async () => {
  deps = await seededStack();
});

/** Run the command on the test table, with the file's text given directly; what it printed and its exit code. */
async function run(args: string[], files: Record<string, string> = {}): Promise<{ code: number; out: string; err: string[] }> {
  let out = '';
  const err: string[] = [];
  const io: FleetIo = { out: (t) => (out += t), err: (t) => err.push(t), readFile: (p) => files[p] ?? '' };
  const code = await fleetCommand(args, deps.db, io, actor);
  return { code, out, err };
}

describe('npm run fleet', () => {
  it('exports the whole fleet and imports it back unchanged, its out-of-service windows kept', async () => {
    const plate = DEMO_FLEET.units[0].plate;
    expect((await addOutOfService(deps.db, plate, { id: 'w1', from: daysAhead(60, 8), to: daysAhead(61, 8), reason: 'Service' }, false, actor)).ok).toBe(true);
    const before = await loadFleet(deps.db);
    const exported = await run(['export']);
    expect(exported.code).toBe(0);
    const file = JSON.parse(exported.out) as typeof before;
    expect(file.units).toHaveLength(DEMO_FLEET.units.length);
    expect(file.locations.map((l) => l.id).sort()).toEqual(['ams-sloterdijk', 'utr-centraal']);
    expect(file.units.find((u) => u.plate === plate)!.outOfService).toEqual([expect.objectContaining({ id: 'w1', reason: 'Service' })]);
    expect(JSON.stringify(file)).not.toContain('"version"');

    const imported = await run(['import', 'fleet.json'], { 'fleet.json': exported.out });
    expect(imported.err.join('\n')).toContain(`Imported 2 location(s), ${DEMO_FLEET.vehicleTypes.length} vehicle type(s), ${DEMO_FLEET.units.length} unit(s)`);
    expect(imported.code).toBe(0);
    const byKey = <T>(list: T[], key: (x: T) => string) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
    const after = await loadFleet(deps.db);
    expect(byKey(after.units, (u) => u.plate)).toEqual(byKey(before.units, (u) => u.plate));
    expect(byKey(after.vehicleTypes, (t) => t.id)).toEqual(byKey(before.vehicleTypes, (t) => t.id));
    expect(byKey(after.locations, (l) => l.id)).toEqual(byKey(before.locations, (l) => l.id));
    // Nothing differed, so nothing was recorded as a change.
    expect(await auditOf(deps.db, 'vehicleType#estate-octavia')).toEqual([]);
  });

  it('names each bad row of an import once and writes nothing, not even the good rows', async () => {
    const file = structuredClone(DEMO_FLEET) as unknown as { locations: Record<string, unknown>[]; vehicleTypes: Record<string, unknown>[]; units: Record<string, unknown>[] };
    file.locations.push({ id: 'ams-zuid-new', name: 'Amsterdam Zuid', address: 'Zuidplein 1', city: 'Amsterdam', phone: '+31 20 555 0300', timeZone: 'Europe/Amsterdam' });
    file.locations[1].timeZone = 'Mars/Olympus';
    file.vehicleTypes[2].listRates = { day: -1, week: 0, month: 0 };
    file.units[3].locationId = 'ams-zuid';
    file.units[4].plate = 'NOT A PLATE!';
    file.units[5] = { ...file.units[5], vehicleTypeId: 'hovercraft' };
    file.units[6].locationId = 'ams-zuid-new';
    file.vehicleTypes[0].name = 'Compact, renamed';

    const result = await run(['import', 'bad.json'], { 'bad.json': JSON.stringify(file) });
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      'vehicleTypes[2].listRates.day: expected 0 or more cents',
      'locations[1].timeZone: not an IANA time zone this runtime knows (e.g. "Europe/Amsterdam")',
      'units[4].plate: expected a plate of at most 16 letters, digits or dashes',
      'units[3].locationId: no location "ams-zuid"',
      'units[5].vehicleTypeId: no vehicle type "hovercraft"',
      '5 bad row(s): nothing was written.',
    ]);
    const stored = await loadFleet(deps.db);
    expect(stored.locations.some((l) => l.id === 'ams-zuid-new')).toBe(false);
    expect(stored.vehicleTypes.find((t) => t.id === DEMO_FLEET.vehicleTypes[0].id)!.name).toBe(DEMO_FLEET.vehicleTypes[0].name);
    expect(stored.units.find((u) => u.plate === DEMO_FLEET.units[6].plate)!.locationId).toBe(DEMO_FLEET.units[6].locationId);
  });

  it('reads a file saved from `npm run fleet -- export >` with npm\'s banner above the JSON', async () => {
    const exported = (await run(['export'])).out;
    const banner = '\n> flexfleet-punchout@0.1.0 fleet\n> AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true tsx infra/fleet.ts export\n\n';
    const result = await run(['import', 'f.json'], { 'f.json': banner + exported });
    expect(result.err.join('\n')).toMatch(/^Imported /);
    expect(result.code).toBe(0);
  });

  it('refuses to move a unit by import while an open reservation is assigned to it, naming the row and the reservation', async () => {
    const unit = DEMO_FLEET.units.find((u) => u.vehicleTypeId === 'van-transit' && u.locationId === 'utr-centraal')!;
    const request = await registerTestRequest(deps, { vehicleTypeId: 'van-transit', locationId: 'utr-centraal', period: { pickup: daysAhead(12, 9), return: daysAhead(13, 9) } });
    expect((await assignUnit(deps.db, request, unit.plate, { kind: 'staff', ...actor })).outcome).toBe('done');
    const file = JSON.parse((await run(['export'])).out) as { units: { plate: string; locationId: string }[] };
    const row = file.units.findIndex((u) => u.plate === unit.plate);
    file.units[row].locationId = 'ams-sloterdijk';
    const result = await run(['import', 'f.json'], { 'f.json': JSON.stringify(file) });
    expect(result.code).toBe(1);
    expect(result.err[0]).toBe(`units[${row}]: 1 open reservation(s) would lose ${unit.plate} (${request.id}); change it in the console, which asks what to do`);
    expect((await loadFleet(deps.db)).units.find((u) => u.plate === unit.plate)!.locationId).toBe('utr-centraal');
  });

  it('refuses a file that is not JSON, or an import that would change out-of-service windows, writing nothing', async () => {
    expect((await run(['import', 'x.json'], { 'x.json': '{ nope' })).err[0]).toMatch(/^x\.json: not a readable JSON file/);
    const file = JSON.parse((await run(['export'])).out) as { units: { plate: string; outOfService?: unknown[] }[] };
    const unit = file.units.find((u) => u.outOfService?.length)!;
    unit.outOfService = [];
    const result = await run(['import', 'f.json'], { 'f.json': JSON.stringify(file) });
    expect(result.code).toBe(1);
    expect(result.err[0]).toMatch(/^units\[\d+\]\.outOfService: out-of-service windows change in the console, not by import$/);
    expect((await loadFleet(deps.db)).units.find((u) => u.plate === unit.plate)!.outOfService).toHaveLength(1);
  });

  it('writes the export to standard output through npm, against a table named by --table', async () => {
    const run = promisify(execFile);
    const { stdout } = await run('npm', ['run', '--silent', 'fleet', '--', 'export', '--table', deps.config.tableName], {
      env: { ...process.env, DYNAMODB_ENDPOINT: deps.config.dynamoEndpoint, AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
      timeout: 60_000,
    });
    expect((JSON.parse(stdout) as { units: unknown[] }).units).toHaveLength(DEMO_FLEET.units.length);
    writeFileSync(join(dir, 'fleet.json'), stdout);
  }, 90_000);
});
