import { describe, expect, it } from 'vitest';
import type { Connection } from '../../functions/punchout/connection';
import { checkHookUrl, splitHookUrl } from '../../functions/punchout/hook-url';
import { callUpLanguage, callUpParams, readBasics, readCallUp } from '../../functions/punchout/oci-callup';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';

const connection: Connection = DEMO_CONNECTION.connection;
const params = (entries: Record<string, string>) => callUpParams(Object.entries(entries));
const valid = {
  username: 'Demo-Buyer',
  PASSWORD: 'demo-secret',
  hook_url: 'https://srm.acme.example/sap/bc/srm/hook?sap-client=100&x=1',
  OCI_USERMAIL: 'jane@acme.example',
  oci_userfullname: ' Jane Doe ',
};

describe('OCI call-up', () => {
  it('matches parameter names case-insensitively and lower-cases the username', () => {
    const basics = readBasics(params(valid));
    expect(basics.problems).toEqual([]);
    expect(basics.username).toBe('demo-buyer');
  });

  it('names every missing or malformed field', () => {
    const bad = params({ USERNAME: 'a', PASSWORD: 'b', oci_usermail: 'not-an-address', oci_userfullname: '' });
    expect(readBasics(bad).problems).toEqual([{ field: 'HOOK_URL', problem: 'missing' }]);
    // The requester's fields are read under the connection's names, once the login is known.
    expect(readCallUp(bad, connection, 'en').problems).toEqual([
      { field: 'oci_usermail', problem: 'malformed' },
      { field: 'oci_userfullname', problem: 'missing' },
    ]);
  });

  it("reads the requester under the connection's parameter names, joining first and last name", () => {
    const spendCloud = { ...connection, callUpParams: { ...connection.callUpParams, email: ['email'], fullName: [], firstName: ['fname'], lastName: ['lname'] } };
    const sent = { USERNAME: 'a', PASSWORD: 'b', hook_url: valid.hook_url, EMAIL: 'piet@utrecht.example', fname: 'Piet', LNAME: 'de Vries' };
    const { callUp, problems } = readCallUp(params(sent), spendCloud, 'nl');
    expect(problems).toEqual([]);
    expect(callUp.requester).toEqual({ email: 'piet@utrecht.example', fullName: 'Piet de Vries' });
    expect(callUp.unknownParams).toEqual({});
    // oci_usermail means nothing to this connection: its own e-mail parameter is what is missing.
    expect(readCallUp(params({ ...sent, EMAIL: '', oci_usermail: 'x@y.example' }), spendCloud, 'nl').problems).toEqual([{ field: 'EMAIL', problem: 'missing' }]);
    expect(readCallUp(params({ ...sent, fname: '', LNAME: '' }), spendCloud, 'nl').problems).toEqual([{ field: 'LNAME', problem: 'missing' }]);
    expect(readCallUp(params({ ...sent, LNAME: 'x\nBcc: a@b.example' }), spendCloud, 'nl').problems).toEqual([{ field: 'LNAME', problem: 'control-characters' }]);
  });

  it("answers in the connection's default charset when the call-up names none, and in the named one when it does", () => {
    const latin = { ...connection, cart: { ...connection.cart, charset: 'windows-1252' as const } };
    expect(readCallUp(params(valid), latin, 'en').callUp.charset).toBe('windows-1252');
    expect(readCallUp(params({ ...valid, HTTP_CONTENT_CHARSET: 'utf-8' }), latin, 'en').callUp.charset).toBe('utf-8');
    expect(readCallUp(params(valid), connection, 'en').callUp.charset).toBe('utf-8');
  });

  it('accepts the ~username alias and refuses unsupported OCI 5 functions', () => {
    const basics = readBasics(params({ ...valid, username: '', '~USERNAME': 'x', FUNCTION: 'SOURCING' }));
    expect(basics.username).toBe('x');
    expect(basics.problems).toEqual([{ field: 'FUNCTION', problem: 'unsupported' }]);
  });

  it('takes returntarget over ~TARGET, defaults to _top and keeps the echoes', () => {
    const read = (extra: Record<string, string>) => readCallUp(params({ ...valid, ...extra }), connection, 'en').callUp;
    expect(read({}).target).toBe('_top');
    expect(read({ '~TARGET': '_parent' })).toMatchObject({ target: '_parent', targetParam: '_parent' });
    expect(read({ '~TARGET': '_parent', returntarget: 'srm_frame' }).target).toBe('srm_frame');
    expect(read({ '~TARGET': 'javascript:alert(1)' }).target).toBe('_top');
    expect(read({ '~OkCode': 'ADDI', '~caller': 'CTLG' })).toMatchObject({ okCode: 'ADDI', caller: 'CTLG' });
  });

  it('carries agreed extra fields by our key and keeps unknown parameters', () => {
    const { callUp, problems } = readCallUp(params({ ...valid, OCI_PONUMBER: '4500012345', foo: 'bar' }), connection, 'en');
    expect(problems).toEqual([]);
    expect(callUp.extra).toEqual({ poNumber: '4500012345' });
    expect(callUp.unknownParams).toEqual({ foo: 'bar' });
    expect(callUp.unknownParams).not.toHaveProperty('password');
  });

  it('drops unknown parameters whose name is empty, blank, invisible or one every object has', () => {
    const entries: [string, string][] = [...Object.entries(valid), ['', 'x'], [' ', '1'], ['\u00a0', '1'], ['\ufeff', '1'], ['constructor', '1'], ['__proto__', '1'], ['ok', '1']];
    const { callUp, problems } = readCallUp(callUpParams(entries), connection, 'en');
    expect(problems).toEqual([]);
    expect(JSON.stringify(callUp.unknownParams)).toBe('{"ok":"1"}');
  });

  it('refuses characters that hide or reorder text in the requester and extra fields, naming the field', () => {
    expect(readBasics(params({ ...valid, oci_userfullname: 'Anna \u202eevil' })).problems).toEqual([{ field: 'oci_userfullname', problem: 'control-characters' }]);
    expect(readBasics(params({ ...valid, OCI_USERMAIL: 'anna\u200b@buyer.example' })).problems).toEqual([{ field: 'oci_usermail', problem: 'control-characters' }]);
    expect(readCallUp(params({ ...valid, oci_ponumber: '4500\u2066123' }), connection, 'en').problems).toEqual([{ field: 'oci_ponumber', problem: 'control-characters' }]);
  });

  it('refuses an extra field longer than agreed', () => {
    const { problems } = readCallUp(params({ ...valid, oci_costcenter: 'CC-12345678' }), connection, 'en');
    expect(problems).toEqual([{ field: 'oci_costcenter', problem: 'too-long' }]);
  });

  it('refuses a 100,000-character USERNAME as too long before anything looks it up', () => {
    const basics = readBasics(params({ ...valid, username: 'u'.repeat(100_000) }));
    expect(basics.problems).toEqual([{ field: 'USERNAME', problem: 'too-long' }]);
    expect(basics.username).toBeUndefined();
  });

  it('gives every standard parameter a maximum length', () => {
    const tooLong = (name: string) => readBasics(params({ ...valid, [name]: 'x'.repeat(3000) })).problems;
    for (const name of ['hook_url', 'PASSWORD', '~OkCode', '~CALLER', 'returntarget', 'oci_version', 'productid', 'LANGU', 'HTTP_CONTENT_CHARSET'])
      expect(tooLong(name)).toEqual([{ field: expect.stringMatching(new RegExp(`^${name.replace('~', '\\~')}$`, 'i')), problem: 'too-long' }]);
  });

  it('refuses CR, LF, NUL, ESC and TAB in the requester name and mail, naming the field', () => {
    for (const bad of ['Jane\r\nBcc: x@evil.example', 'Jane\u0000', 'Jane \u001b[31mred', 'Jane\tDoe', 'Jane\u0085Doe']) {
      expect(readBasics(params({ ...valid, oci_userfullname: bad })).problems).toEqual([{ field: 'oci_userfullname', problem: 'control-characters' }]);
    }
    expect(readBasics(params({ ...valid, OCI_USERMAIL: 'jane@acme.example\nBcc:x@evil.example' })).problems).toEqual([
      { field: 'oci_usermail', problem: 'control-characters' },
    ]);
  });

  it('refuses control characters in an agreed extra field and keeps nothing of it', () => {
    const { callUp, problems } = readCallUp(params({ ...valid, OCI_PONUMBER: '45\r\n00' }), connection, 'en');
    expect(problems).toEqual([{ field: 'oci_ponumber', problem: 'control-characters' }]);
    expect(callUp.extra).toEqual({});
  });

  it('keeps at most 20 short unknown parameters and drops long, controlled or surplus ones', () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`p${i}`, 'v']));
    const { callUp, problems } = readCallUp(
      params({ ...valid, big: 'x'.repeat(300_000), ['n'.repeat(41)]: 'v', ctl: 'a\rb', ...many }),
      connection,
      'en',
    );
    expect(problems).toEqual([]);
    expect(Object.keys(callUp.unknownParams)).toEqual(Array.from({ length: 20 }, (_, i) => `p${i}`));
  });

  it('normalises the buyer charset and defaults to UTF-8', () => {
    const read = (charset: string) => readCallUp(params({ ...valid, http_content_charset: charset }), connection, 'en').callUp.charset;
    expect(read('ISO-8859-1')).toBe('iso-8859-1');
    expect(read('latin1')).toBe('iso-8859-1');
    expect(read('ISO-8859-15')).toBe('iso-8859-15');
    expect(read('Windows-1252')).toBe('windows-1252');
    expect(read('klingon')).toBe('utf-8');
  });

  it('reads the language from sap-language, LANGU, language, then Accept-Language', () => {
    expect(callUpLanguage(params({ 'sap-language': 'N' }), 'en', 'en')).toBe('nl');
    expect(callUpLanguage(params({ LANGU: 'NL' }), undefined, 'en')).toBe('nl');
    expect(callUpLanguage(params({ language: 'de' }), 'fr;q=0.9, nl-BE;q=0.8', 'en')).toBe('nl');
    expect(callUpLanguage(params({}), undefined, 'nl')).toBe('nl');
  });
});

describe('HOOK_URL allowlist', () => {
  it('allows https URLs under an allowlisted prefix and nothing else', () => {
    expect(checkHookUrl('https://srm.acme.example/sap/bc/srm/x', connection, false).ok).toBe(true);
    expect(checkHookUrl('https://srm.acme.example/other', connection, false)).toEqual({ ok: false, reason: 'not-allowed' });
    expect(checkHookUrl('http://srm.acme.example/sap/bc/srm/x', connection, false)).toEqual({ ok: false, reason: 'not-allowed' });
    expect(checkHookUrl('https://srm.acme.example.evil.example/sap/bc/srm/', connection, false).ok).toBe(false);
    expect(checkHookUrl('javascript:alert(1)', connection, false)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('matches allowlisted paths by whole segments: /punchout/returnEVIL is not /punchout/return', () => {
    const visma = { ...connection, hookAllowlist: ['https://spend.visma.example/punchout/return'] };
    expect(checkHookUrl('https://spend.visma.example/punchout/return', visma, false).ok).toBe(true);
    expect(checkHookUrl('https://spend.visma.example/punchout/return?x=1', visma, false).ok).toBe(true);
    expect(checkHookUrl('https://spend.visma.example/punchout/return/sap', visma, false).ok).toBe(true);
    expect(checkHookUrl('https://spend.visma.example/punchout/returnEVIL', visma, false)).toEqual({ ok: false, reason: 'not-allowed' });
    expect(checkHookUrl('https://spend.visma.example/punchout/return.evil', visma, false).ok).toBe(false);
    expect(checkHookUrl('https://spend.visma.example/punchout/return/../steal', visma, false).ok).toBe(false);
    const slash = { ...connection, hookAllowlist: ['https://spend.visma.example/punchout/'] };
    expect(checkHookUrl('https://spend.visma.example/punchout/return', slash, false).ok).toBe(true);
    expect(checkHookUrl('https://spend.visma.example/punchoutEVIL', slash, false).ok).toBe(false);
  });

  it('allows loopback hooks only in the local stack and only for connections that say so', () => {
    expect(checkHookUrl('http://localhost:4567/hook', connection, true).ok).toBe(true);
    expect(checkHookUrl('http://127.0.0.1:9/hook', connection, true).ok).toBe(true);
    expect(checkHookUrl('http://localhost:4567/hook', connection, false).ok).toBe(false);
    expect(checkHookUrl('http://localhost:4567/hook', { ...connection, allowLoopbackHooks: false }, true).ok).toBe(false);
  });

  it('splits the query off into hidden fields', () => {
    const check = checkHookUrl('https://srm.acme.example/sap/bc/srm/hook?sap-client=100&a=b%20c', connection, false);
    if (!check.ok) throw new Error('expected allowed');
    expect(splitHookUrl(check.url)).toEqual({
      action: 'https://srm.acme.example/sap/bc/srm/hook',
      hidden: [
        ['sap-client', '100'],
        ['a', 'b c'],
      ],
    });
  });
});
