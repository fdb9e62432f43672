import { describe, expect, it } from 'vitest';
import { DEFAULTS, readSettings } from '../../infra/settings';

describe('deployment settings from context', () => {
  it('default to the example sender, 240-minute sessions and 90-day logs', () => {
    expect(readSettings({})).toMatchObject({
      stackName: DEFAULTS.stackName,
      mailFrom: 'reservations@flexfleet.example',
      sesIdentity: 'flexfleet.example',
      createSesIdentity: true,
      sessionMinutes: 240,
      logRetentionDays: 90,
      sandboxRecipients: [],
    });
  });

  it('derive the SES identity from the sender domain, or take an address identity that matches it', () => {
    expect(readSettings({ mailFrom: 'booking@rent.example' }).sesIdentity).toBe('rent.example');
    expect(readSettings({ mailFrom: 'booking@rent.example', sesIdentity: 'booking@rent.example' }).sesIdentity).toBe('booking@rent.example');
  });

  it('refuse an SES identity that cannot send as the sender', () => {
    expect(() => readSettings({ mailFrom: 'booking@rent.example', sesIdentity: 'other.example' })).toThrow(/does not authorise/);
  });

  it('refuse a domain without a certificate, and a certificate outside us-east-1', () => {
    expect(() => readSettings({ domainName: 'shop.rent.example' })).toThrow(/give both or neither/);
    expect(() =>
      readSettings({
        domainName: 'shop.rent.example',
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
      }),
    ).toThrow(/us-east-1/);
  });

  it('refuse a web ACL without a custom domain', () => {
    expect(() => readSettings({ webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/1' })).toThrow(/needs domainName/);
  });

  it('list every problem at once', () => {
    try {
      readSettings({ mailFrom: 'nope', sessionMinutes: 'soon', logRetentionDays: '42' });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('mailFrom "nope"');
      expect(message).toContain('sessionMinutes');
    }
  });

  it('read numbers, flags and lists given as strings on the command line', () => {
    expect(
      readSettings({ sessionMinutes: '60', logRetentionDays: '30', createSesIdentity: 'false', sandboxRecipients: 'a@x.example, b@x.example' }),
    ).toMatchObject({ sessionMinutes: 60, logRetentionDays: 30, createSesIdentity: false, sandboxRecipients: ['a@x.example', 'b@x.example'] });
  });

  it('reserve 25 concurrent web invocations by default, none when told 0, and refuse more than the account can spare', () => {
    expect(readSettings({}).webConcurrency).toBe(25);
    expect(readSettings({ webConcurrency: '0' }).webConcurrency).toBe(0);
    expect(() => readSettings({ webConcurrency: '1000' })).toThrow(/at most 900/);
    expect(() => readSettings({ webConcurrency: 'many' })).toThrow(/whole number/);
  });

  it('create no web ACL unless createWebAcl is true', () => {
    expect(readSettings({}).createWebAcl).toBe(false);
    expect(readSettings({ createWebAcl: 'true' }).createWebAcl).toBe(true);
    expect(() => readSettings({ createWebAcl: 'maybe' })).toThrow(/true or false/);
  });
});

describe('the admin connection file', async () => {
  const { connectionFromJson } = await import('../../infra/admin');
  const file = {
    id: 'acme',
    name: 'Acme Logistics',
    status: 'live',
    organisation: { contactEmail: 'sap-admin@acme.example', language: 'en', billing: { xmlInvoices: false } },
    deliveryAddresses: [{ id: 'hq', label: 'Head office', address: 'Havenweg 1, Rotterdam', locationCode: 'RTM-HQ' }],
    callUpParams: { username: ['username'], password: ['password'], email: ['oci_usermail'], fullName: ['oci_userfullname'], firstName: [], lastName: [], language: [] },
    hookAllowlist: ['https://srm.acme.example/sap/bc/srm/'],
    buyerOrigins: ['https://srm.acme.example'],
    extraFields: [],
    cart: { unit: 'EA', categories: {}, deliveryCustField: 3 },
    orderChannel: { kind: 'none' },
    currency: 'EUR',
    vatPercent: 21,
    contractRates: [],
    defaultLanguage: 'en',
  };

  it('becomes an active connection at version 1, never with loopback hooks', () => {
    expect(connectionFromJson(file)).toMatchObject({ id: 'acme', status: 'live', active: true, version: 1, allowLoopbackHooks: false });
  });

  it('raises the version of a connection imported again and keeps whether it is switched off', () => {
    const first = connectionFromJson(file);
    expect(connectionFromJson(file, { ...first, active: false })).toMatchObject({ version: 2, active: false, createdAt: first.createdAt });
  });

  it('is refused when it carries a password or login, lacks a field, has a bad HOOK_URL prefix or allows loopback hooks', () => {
    expect(() => connectionFromJson({ ...file, password: 'x' })).toThrow(/generated/);
    expect(() => connectionFromJson({ ...file, username: 'acme-srm' })).toThrow(/login/);
    const { organisation: _, ...partial } = file;
    expect(() => connectionFromJson(partial)).toThrow(/organisation/);
    expect(() => connectionFromJson({ ...file, hookAllowlist: ['http://srm.acme.example/sap/'] })).toThrow(/hookAllowlist.0: expected an https URL/);
    expect(() => connectionFromJson({ ...file, allowLoopbackHooks: true })).toThrow(/local stack/);
  });
});
