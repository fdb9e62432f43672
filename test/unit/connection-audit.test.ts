import { describe, expect, it } from 'vitest';
import { DEFAULT_CALL_UP_PARAMS } from '../../functions/punchout/connection';
import { diffForAudit } from '../../functions/store/audit';
import { upgradeConnection } from '../../functions/store/connections';

describe('audit differences', () => {
  it('names changed fields by their path with old and new values, whatever the key order', () => {
    const before = { name: 'Acme', cart: { unit: 'EA', categories: {} }, hookAllowlist: ['https://a.example/x'] };
    const after = { hookAllowlist: ['https://a.example/x', 'SAPEVENT:POST'], cart: { categories: {}, unit: 'DAY' }, name: 'Acme' };
    expect(diffForAudit(before, after)).toEqual([
      { field: 'cart.unit', from: 'EA', to: 'DAY' },
      { field: 'hookAllowlist', from: ['https://a.example/x'], to: ['https://a.example/x', 'SAPEVENT:POST'] },
    ]);
  });

  it('shows secrets only as [changed], at any depth and inside arrays', () => {
    const changes = diffForAudit(
      { orderChannel: { kind: 'cxml', sharedSecretHash: 'scrypt$old' }, token: 'a' },
      { orderChannel: { kind: 'cxml', sharedSecretHash: 'scrypt$new' }, token: 'b', logins: [{ username: 'x', passwordHash: 'scrypt$x' }] },
      ['token'],
    );
    expect(changes).toEqual([
      { field: 'orderChannel.sharedSecretHash', from: '[changed]', to: '[changed]' },
      { field: 'token', from: '[changed]', to: '[changed]' },
      { field: 'logins', to: [{ username: 'x', passwordHash: '[changed]' }] },
    ]);
    expect(JSON.stringify(changes)).not.toContain('scrypt$');
  });
});

describe('audit secrets by their exact names', () => {
  it('shows a change of the password parameter names (not a secret) as it is, and a password hash as [changed]', () => {
    const changes = diffForAudit(
      { callUpParams: { password: ['password'] }, logins: [{ username: 'x', passwordHash: 'scrypt$a' }] },
      { callUpParams: { password: ['~password', 'pass'] }, logins: [{ username: 'x', passwordHash: 'scrypt$b' }] },
    );
    expect(changes).toEqual([
      { field: 'callUpParams.password', from: ['password'], to: ['~password', 'pass'] },
      { field: 'logins', from: [{ username: 'x', passwordHash: '[changed]' }], to: [{ username: 'x', passwordHash: '[changed]' }] },
    ]);
  });
});

describe('a connection stored before issue 9', () => {
  it("reads as today's shape: OCI parameter names, its discount and rate card as contract rates, cart settings from VENDOR and MATGROUP", () => {
    const old = {
      id: 'acme', name: 'Acme', status: 'live', username: 'acme-srm', passwordHash: 'scrypt$x', hookAllowlist: [], allowLoopbackHooks: false, buyerOrigins: [],
      extraFields: [], vendorNumber: '100234', matGroup: 'RENTAL', currency: 'EUR', vatPercent: 21, discountPercent: 10,
      rateCard: { 'compact-polo': { day: 3500, week: 17500, month: 60000 } }, defaultLanguage: 'nl', contactEmail: 'sap@acme.example',
    };
    const connection = upgradeConnection(old);
    expect(connection).toMatchObject({
      active: true,
      version: 0,
      callUpParams: DEFAULT_CALL_UP_PARAMS,
      cart: { unit: 'EA', vendorNumber: '100234', matGroup: 'RENTAL', categories: {} },
      organisation: { contactEmail: 'sap@acme.example', language: 'nl' },
      orderChannel: { kind: 'none' },
      deliveryAddresses: [],
    });
    expect(connection.contractRates).toEqual([
      { id: 'legacy-discount', kind: 'discount', percent: 10, validFrom: '2000-01-01' },
      { id: 'legacy-compact-polo', kind: 'card', vehicleTypeId: 'compact-polo', rates: { day: 3500, week: 17500, month: 60000 }, validFrom: '2000-01-01' },
    ]);
    expect(connection).not.toHaveProperty('passwordHash');
    expect(connection).not.toHaveProperty('username');
    expect(connection).not.toHaveProperty('discountPercent');
  });
});
