import { TransactWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { slotsOf } from '../../functions/catalog/period';
import { createDeps, type AppDeps } from '../../functions/http/deps';
import { runHousekeeping } from '../../functions/jobs/housekeeping';
import { requestRecord } from '../../functions/store/queue';
import { assignUnit, changeStatus, unitConflicts } from '../../functions/store/request-changes';
import { daysAhead } from '../support/punchout';
import { registerTestRequest } from '../support/ops';
import { seededStack } from '../support/stack';

let deps: AppDeps;

beforeAll(async () => {
  deps = await seededStack();
});

const staffActor = { kind: 'staff' as const, email: 'otto@flexfleet.example', name: 'Otto' };

describe('unit release of a long rental, when its second step fails', () => {
  it('leaves the unit taken until housekeeping frees it, and never loses track of it', async () => {
    // 30 days: 61 half-day slots, too many to free the unit in the decision's own transaction.
    const period = { pickup: daysAhead(50), return: daysAhead(80) };
    const request = await registerTestRequest(deps, { vehicleTypeId: 'estate-passat', period });
    const plate = (await deps.fleet()).units.find((u) => u.vehicleTypeId === 'estate-passat' && u.locationId === 'ams-sloterdijk')!.plate;
    const assigned = await assignUnit(deps.db, request, plate, staffActor);
    if (assigned.outcome !== 'done') throw new Error(assigned.outcome);

    // The hold lapses; the separate freeing of the unit's slots fails (throttled).
    const faulty = createDeps(deps.config, deps.secrets);
    const stub = mockClient(faulty.db.doc);
    stub.on(GetCommand).callsFake((input) => deps.db.doc.send(new GetCommand(input)));
    stub.on(PutCommand).callsFake((input) => deps.db.doc.send(new PutCommand(input)));
    stub.on(QueryCommand).callsFake((input) => deps.db.doc.send(new QueryCommand(input)));
    stub.on(UpdateCommand).callsFake((input) => deps.db.doc.send(new UpdateCommand(input)));
    stub.on(TransactWriteCommand).callsFake((input: { TransactItems: { Delete?: unknown }[] }) => {
      if (input.TransactItems.every((item) => item.Delete)) {
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} });
      }
      return deps.db.doc.send(new TransactWriteCommand(input as never));
    });
    const expired = await changeStatus(faulty.db, assigned.request, 'expire', { kind: 'system' });
    stub.restore();
    expect(expired.outcome).toBe('done');
    expect((await requestRecord(deps.db, request.id))!.request).toMatchObject({ status: 'expired', releasing: { plate } });
    expect(await unitConflicts(deps.db, plate, slotsOf(period))).toEqual([{ requestId: request.id, slots: expect.any(Array) }]);

    const report = await runHousekeeping(deps.db, deps.config);
    expect(report.released).toEqual([request.id]);
    expect(await unitConflicts(deps.db, plate, slotsOf(period))).toEqual([]);
    expect((await requestRecord(deps.db, request.id))!.request.releasing).toBeUndefined();
    expect((await runHousekeeping(deps.db, deps.config)).released).toEqual([]);
  });
});
