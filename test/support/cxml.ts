import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/** The catalog that maps the cXML DTDs' system ids onto the local copies (../shared/cxml). */
const CATALOG = resolve(__dirname, '../../../shared/cxml/catalog.xml');

/** xmllint's verdict on a document against the cXML DTD it declares: '' when valid, else its complaints. */
export async function dtdProblems(xml: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cxml-'));
  const file = join(dir, 'doc.xml');
  try {
    await writeFile(file, xml);
    await promisify(execFile)('xmllint', ['--noout', '--nonet', '--valid', file], { env: { ...process.env, XML_CATALOG_FILES: CATALOG } });
    return '';
  } catch (error) {
    return String((error as { stderr?: string }).stderr || error);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A PunchOutSetupRequest as a buyer's system sends it; replace any part by passing its text. */
export function setupRequest(parts: { identity?: string; secret?: string; operation?: string; url?: string; contact?: string; extrinsics?: string; shipTo?: string; doctype?: string; selected?: string } = {}): string {
  const {
    identity = 'demo-buyer',
    secret = 'demo-secret',
    operation = 'create',
    url = 'http://localhost:4999/cxml-cart',
    contact = '<Contact role="endUser"><Name xml:lang="en">Jane Doe</Name><Email>jane.doe@acme.example</Email></Contact>',
    extrinsics = '<Extrinsic name="costCentre">CC-1042</Extrinsic>',
    shipTo = '<ShipTo><Address addressID="RTM-HQ"><Name xml:lang="en">Head office</Name></Address></ShipTo>',
    selected,
    doctype = '<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.050/cXML.dtd">',
  } = parts;
  return `<?xml version="1.0" encoding="UTF-8"?>
${doctype}
<cXML payloadID="1700000000.123@buyer.example" timestamp="2026-11-23T10:00:00+01:00" xml:lang="en-US">
  <Header>
    <From><Credential domain="NetworkID"><Identity>${identity}</Identity></Credential></From>
    <To><Credential domain="DUNS"><Identity>supplier</Identity></Credential></To>
    <Sender><Credential domain="NetworkID"><Identity>${identity}</Identity><SharedSecret>${secret}</SharedSecret></Credential><UserAgent>Test buyer</UserAgent></Sender>
  </Header>
  <Request deploymentMode="test">
    <PunchOutSetupRequest operation="${operation}">
      <BuyerCookie>cookie-&amp;-42</BuyerCookie>
      ${extrinsics}
      <BrowserFormPost><URL>${url}</URL></BrowserFormPost>
      ${contact}
      <SupplierSetup><URL>https://catalog.example/punchout/cxml</URL></SupplierSetup>
      ${shipTo}
      ${selected ? `<SelectedItem><ItemID><SupplierPartID>SKU</SupplierPartID><SupplierPartAuxiliaryID>${selected}</SupplierPartAuxiliaryID></ItemID></SelectedItem>` : ''}
    </PunchOutSetupRequest>
  </Request>
</cXML>
`;
}
