import { describe, expect, it } from 'vitest';
import { cxmlDocument, cxmlStatus, parseCxml, textOf, child } from '../../functions/punchout/cxml-document';
import { redactSharedSecrets } from '../../functions/punchout/cxml-setup';

describe('cXML documents', () => {
  it('refuses an internal DTD subset and any ENTITY declaration before parsing', () => {
    for (const text of [
      '<!DOCTYPE cXML [<!ENTITY x SYSTEM "file:///etc/hostname">]><cXML>&x;</cXML>',
      '<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.050/cXML.dtd" [ ]><cXML/>',
      '<cXML><!ENTITY x "y"></cXML>',
    ]) {
      const parsed = parseCxml(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.refusal.kind).toBe('entities');
    }
  });

  it('reads a document that names the cXML DTD by its SYSTEM id, without fetching it', () => {
    const parsed = parseCxml('<?xml version="1.0"?><!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.050/cXML.dtd"><cXML payloadID="1@x"><Header><From><Credential domain="NetworkID"><Identity>00123 &amp; co</Identity></Credential></From></Header></cXML>');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(textOf(child(child(child(child(parsed.root, 'Header'), 'From'), 'Credential'), 'Identity'))).toBe('00123 & co');
  });

  it('escapes every reason it puts in a Status, and gives the timestamp an offset', () => {
    expect(cxmlStatus(400, 'a <b> & "c"')).toBe('<Status code="400" text="Bad Request">a &lt;b&gt; &amp; &quot;c&quot;</Status>');
    expect(cxmlDocument('<Response/>', { payloadId: 'p@x', now: new Date('2026-11-23T10:00:00.123Z') })).toContain('timestamp="2026-11-23T10:00:00+00:00"');
  });

  it('redacts every SharedSecret for the payload log', () => {
    expect(redactSharedSecrets('<SharedSecret>s1</SharedSecret><SharedSecret >s2\n</SharedSecret>')).toBe('<SharedSecret>[redacted]</SharedSecret><SharedSecret >[redacted]</SharedSecret>');
  });
});
