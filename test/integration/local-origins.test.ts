import { describe, expect, it } from 'vitest';
import { DEMO_CONNECTION, SECOND_CONNECTION } from '../../functions/local/demo-connections';
import { alignDemoOrigins } from '../../functions/local/local-origins';
import { getConnection, putConnection } from '../../functions/store/connections';
import { seededStack } from '../support/stack';

describe('the demo connection on another port', () => {
  it('may be framed from that port when the data was seeded by a start on port 3000, and keeps its other origins', async () => {
    const deps = await seededStack();
    const seeded = (await getConnection(deps.db, DEMO_CONNECTION.connection.id))!;
    expect(seeded.buyerOrigins).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000']);
    await putConnection(deps.db, { ...seeded, buyerOrigins: [...seeded.buyerOrigins, 'https://srm.acme.example'] });

    await alignDemoOrigins(deps.db, 3100);

    const moved = (await getConnection(deps.db, DEMO_CONNECTION.connection.id))!;
    expect(moved.buyerOrigins).toEqual(['http://localhost:3100', 'http://127.0.0.1:3100', 'https://srm.acme.example']);
    // The test procurement system's confirmation receiver moves along (issue 10).
    expect(moved.orderChannel).toMatchObject({ kind: 'cxml', confirmationUrl: 'http://localhost:3100/buyer/cxml/confirmations' });
    expect({ ...moved, buyerOrigins: seeded.buyerOrigins, orderChannel: seeded.orderChannel }).toEqual(seeded);
    // The other buyer is not the local stack's: its origins stay as they are.
    expect((await getConnection(deps.db, SECOND_CONNECTION.connection.id))!.buyerOrigins).toEqual(['https://spend.visma.example']);
  });
});
