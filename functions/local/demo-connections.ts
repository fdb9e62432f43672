import type { Connection } from '../punchout/connection';

type DemoConnection = { username: string; password: string; connection: Omit<Connection, 'passwordHash' | 'username'> };

/** The port `npm start` serves on unless PORT says otherwise. */
export const LOCAL_DEFAULT_PORT = 3000;

/** Where the local stack's own pages (the test procurement system) come from: they may frame the catalog. */
export function localBuyerOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

/**
 * The local demo connection: HOOK_URLs on localhost / 127.0.0.1 at any port. Seeded only by the
 * local stack, which sets its buyer origins to the port it runs on (local-origins.ts).
 */
export const DEMO_CONNECTION: DemoConnection = {
  username: 'demo-buyer',
  password: 'demo-secret',
  connection: {
    id: 'acme-demo',
    name: 'Acme Logistics (demo)',
    status: 'test',
    hookAllowlist: ['https://srm.acme.example/sap/bc/srm/'],
    allowLoopbackHooks: true,
    buyerOrigins: localBuyerOrigins(LOCAL_DEFAULT_PORT),
    extraFields: [
      { param: 'oci_ponumber', key: 'poNumber', label: { en: 'PO number', nl: 'Inkoopordernummer' }, required: false, maxLength: 35, custField: 5 },
      { param: 'oci_costcenter', key: 'costCentre', label: { en: 'Cost centre', nl: 'Kostenplaats' }, required: false, maxLength: 10, custField: 1 },
    ],
    vendorNumber: '100234',
    matGroup: 'RENTAL',
    currency: 'EUR',
    vatPercent: 21,
    discountPercent: 10,
    defaultLanguage: 'en',
    contactEmail: 'sap-admin@acme.example',
  },
};

/** A second buyer, to show that one connection never sees another's requests. */
export const SECOND_CONNECTION: DemoConnection = {
  username: 'utrecht-visma',
  password: 'utrecht-secret',
  connection: {
    id: 'utrecht-visma',
    name: 'Gemeente Utrecht',
    status: 'live',
    hookAllowlist: ['https://spend.visma.example/punchout/return'],
    allowLoopbackHooks: false,
    buyerOrigins: ['https://spend.visma.example'],
    extraFields: [
      { param: 'projectcode', key: 'projectCode', label: { en: 'Project code', nl: 'Projectcode' }, required: true, maxLength: 20, custField: 4 },
    ],
    currency: 'EUR',
    vatPercent: 21,
    discountPercent: 0,
    rateCard: { 'compact-polo': { day: 3500, week: 17500, month: 60000 } },
    defaultLanguage: 'nl',
    contactEmail: 'inkoop@utrecht.example',
  },
};

export const DEMO_CONNECTIONS = [DEMO_CONNECTION, SECOND_CONNECTION];
