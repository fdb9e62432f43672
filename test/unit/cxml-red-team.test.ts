/** The red team's attacks on issue 10 that need no table: redaction, the confirmation target, the saved confirmation URL. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { confirmationUrlProblem, postConfirmation } from '../../functions/orders/confirmation-delivery';
import { checkedAddress, isInternalAddress, UNREACHABLE_TEXT } from '../../functions/orders/confirmation-target';
import { ConfirmationUrl } from '../../functions/punchout/connection-schema';
import { decodeCxmlBody } from '../../functions/punchout/cxml-encoding';
import { redactSharedSecrets } from '../../functions/punchout/cxml-setup';

describe('finding 7: SharedSecret redaction against hostile variants', () => {
  // The secret is P4ss + W0rd; no part of it may survive.
  const variants = [
    '<SharedSecret>P4ssW0rd</SharedSecret >',
    '<SharedSecret>P4ssW0rd</SharedSecret\n\t>',
    '<sharedsecret>P4ssW0rd</SHAREDSECRET>',
    '<SharedSecret note="a>b">P4ssW0rd</SharedSecret>',
    '<c:SharedSecret xmlns:c="urn:x">P4ssW0rd</c:SharedSecret>',
    '<SharedSecret><![CDATA[P4ss</SharedSecret>W0rd]]></SharedSecret>',
    '<SharedSecret><!-- </SharedSecret> -->P4ssW0rd</SharedSecret>',
    '<SharedSecret>P4ssW0rd',
    '<SharedSecret >P4ss</SharedSecret><SharedSecret>W0rd</SharedSecret>',
  ];
  for (const variant of variants) {
    it(`keeps no part of the secret in ${JSON.stringify(variant)}`, () => {
      const logged = redactSharedSecrets(`<Sender><Credential domain="x"><Identity>keep-me</Identity>${variant}</Credential></Sender>`);
      expect(logged).not.toMatch(/P4ss|W0rd/);
      expect(logged).toContain('keep-me');
      expect(logged).toContain('[redacted]');
    });
  }
  it('leaves other elements alone', () => {
    expect(redactSharedSecrets('<SharedSecretHint>visible</SharedSecretHint><SharedSecret/>')).toBe('<SharedSecretHint>visible</SharedSecretHint><SharedSecret/>');
  });
});

describe('finding 2: the order-confirmation URL cannot reach our own network', () => {
  it('refuses IP literals when an administrator saves the URL (only the local stack’s http://127.0.0.1)', () => {
    for (const url of ['https://169.254.169.254/latest/meta-data/', 'https://127.0.0.1:9443/x', 'https://10.0.0.5/c', 'https://2130706433/c']) {
      const result = ConfirmationUrl.safeParse(url);
      expect(result.success, url).toBe(false);
      expect(JSON.stringify(result.error?.issues), url).toMatch(/IP address|plain host/);
    }
    expect(ConfirmationUrl.safeParse('https://buyer.example/confirmations').success).toBe(true);
    expect(ConfirmationUrl.safeParse('http://127.0.0.1:3000/buyer/cxml/confirmations').success).toBe(true);
    expect(confirmationUrlProblem('https://169.254.169.254/x', false)).toMatch(/not an IP address/);
  });

  it('knows internal addresses: loopback, private, link-local, CGNAT, unique-local, unspecified, multicast, IPv4-mapped', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fd00::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1']) {
      expect(isInternalAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946']) expect(isInternalAddress(a), a).toBe(false);
  });

  it('refuses a name when any address it resolves to is internal, and pins the connection to the address checked', async () => {
    const url = new URL('https://buyer.example/c');
    expect(await checkedAddress(url, false, async () => [{ address: '93.184.216.34', family: 4 }, { address: '169.254.169.254', family: 4 }])).toMatchObject({ ok: false });
    expect(await checkedAddress(url, false, async () => [{ address: '93.184.216.34', family: 4 }])).toEqual({ ok: true, address: { address: '93.184.216.34', family: 4 } });
    // Loopback is the test buyer in the local stack only; other internal addresses never.
    expect(await checkedAddress(new URL('http://localhost/c'), true, async () => [{ address: '127.0.0.1', family: 4 }])).toMatchObject({ ok: true });
    expect(await checkedAddress(new URL('https://x.example/c'), true, async () => [{ address: '10.0.0.1', family: 4 }])).toMatchObject({ ok: false });
  });

  it('posts nothing to an internal service in production and says only that the URL could not be reached', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end('<cXML><Response><Status code="200" text="OK">internal secret answer</Status></Response></cXML>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      // A name that resolves to loopback (rebinding to our own machine), and the literal itself.
      const byName = await postConfirmation(`http://buyer.example:${port}/c`, '<cXML/>', { timeoutMs: 2000, localStack: false, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
      const literal = await postConfirmation(`https://127.0.0.1:${port}/c`, '<cXML/>', { timeoutMs: 2000, localStack: false });
      for (const outcome of [byName, literal]) {
        expect(outcome).toEqual({ result: 'refused', text: UNREACHABLE_TEXT });
      }
      expect(hits).toBe(0);
      // In the local stack the same loopback buyer is reached, through the address checked (the name is never looked up again).
      const local = await postConfirmation(`http://buyer.example:${port}/c`, '<cXML/>', { timeoutMs: 2000, localStack: true, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
      expect(local).toMatchObject({ result: 'accepted', code: 200 });
      expect(hits).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('finding 5: the bytes of a document read in its encoding', () => {
  it('honours the XML declaration, the Content-Type charset, a BOM, and refuses what it does not read by name', () => {
    const latin = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><cXML>J\xe4nsen</cXML>', 'latin1');
    expect(decodeCxmlBody(latin)).toMatchObject({ ok: true, text: expect.stringContaining('Jänsen') });
    expect(decodeCxmlBody(Buffer.from('<cXML>J\xe4nsen</cXML>', 'latin1'), 'text/xml; charset=windows-1252')).toMatchObject({ ok: true, text: '<cXML>Jänsen</cXML>' });
    expect(decodeCxmlBody(Buffer.from('<cXML>J\xe4nsen</cXML>', 'latin1'))).toMatchObject({ ok: false, reason: expect.stringContaining('not valid UTF-8') });
    expect(decodeCxmlBody(Buffer.from('<?xml version="1.0" encoding="EBCDIC-CP-US"?><cXML/>'))).toMatchObject({ ok: false, reason: expect.stringContaining('encoding EBCDIC-CP-US is not supported') });
    expect(decodeCxmlBody(Buffer.from('<?xml version="1.0" encoding="UTF-16"?><cXML/>'))).toMatchObject({ ok: false, reason: expect.stringContaining('byte-order mark') });
    const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('<cXML>Jänsen</cXML>', 'utf16le').swap16()]);
    expect(decodeCxmlBody(utf16be)).toMatchObject({ ok: true, text: '<cXML>Jänsen</cXML>' });
  });
});
