import { type Connection, DEFAULT_CALL_UP_PARAMS } from '../punchout/connection';

/** A demo login: known passwords, for the local stack and tests only (real logins are generated). */
export interface DemoLogin {
  username: string;
  password: string;
  deliveryAddressId?: string;
  label?: string;
}

/** A demo connection with its first login (`username`/`password`) and any further ones. */
export type DemoConnection = DemoLogin & {
  connection: Connection;
  moreLogins?: DemoLogin[];
  /** The cXML set-up shared secret, known for the demo only; seeded hashed into `connection.cxml`. */
  cxmlSharedSecret?: string;
  /** The cXML order shared secret (POST /cxml/order), known for the demo only; seeded hashed into `orderChannel`. */
  orderSharedSecret?: string;
  /** The buyer's secret for our ConfirmationRequests, known for the demo only; seeded sealed into `orderChannel`. */
  confirmationSecret?: string;
};

const DEMO_CREATED = '2026-11-01T08:00:00.000Z';

/** The port `npm start` serves on unless PORT says otherwise. */
export const LOCAL_DEFAULT_PORT = 3000;

/** Where the local stack's own pages (the test procurement system) come from: they may frame the catalog. */
export function localBuyerOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

/** Where the test procurement system receives the demo connection's ConfirmationRequests. */
export function localConfirmationUrl(port: number): string {
  return `http://localhost:${port}/buyer/cxml/confirmations`;
}

/**
 * The local demo connection: HOOK_URLs on localhost / 127.0.0.1 at any port. Seeded only by the
 * local stack, which sets its buyer origins to the port it runs on (local-origins.ts).
 */
export const DEMO_CONNECTION: DemoConnection = {
  username: 'demo-buyer',
  password: 'demo-secret',
  cxmlSharedSecret: 'demo-secret',
  orderSharedSecret: 'demo-order-secret',
  confirmationSecret: 'demo-confirmation-secret',
  connection: {
    id: 'acme-demo',
    name: 'Acme Logistics (demo)',
    // Live: the walk-through holds, assigns and confirms real vehicles; test mode is shown with a connection made in the console.
    status: 'live',
    active: true,
    organisation: {
      debtorNumber: 'D-10042',
      cocNumber: '12345678',
      contactName: 'Sam Admin',
      contactEmail: 'sap-admin@acme.example',
      language: 'en',
      billing: { invoiceAddress: 'Acme Logistics, Havenweg 1, 3011 AA Rotterdam', vatNumber: 'NL123456789B01', invoiceEmail: 'ap@acme.example', xmlInvoices: true },
    },
    deliveryAddresses: [
      { id: 'rotterdam-hq', label: 'Head office', address: 'Havenweg 1, 3011 AA Rotterdam', locationCode: 'RTM-HQ', customerNumber: 'C-1001' },
    ],
    callUpParams: DEFAULT_CALL_UP_PARAMS,
    hookAllowlist: ['https://srm.acme.example/sap/bc/srm/'],
    allowLoopbackHooks: true,
    buyerOrigins: localBuyerOrigins(LOCAL_DEFAULT_PORT),
    extraFields: [
      { param: 'oci_ponumber', key: 'poNumber', label: { en: 'PO number', nl: 'Inkoopordernummer' }, required: false, maxLength: 35, custField: 5 },
      { param: 'oci_costcenter', key: 'costCentre', label: { en: 'Cost centre', nl: 'Kostenplaats' }, required: false, maxLength: 10, custField: 1 },
    ],
    cart: {
      vendorNumber: '100234',
      unit: 'EA',
      matGroup: 'RENTAL',
      categories: {},
      deliveryCustField: 3,
    },
    // Orders over cXML to /cxml/order; confirmations back to the test procurement system (local-origins.ts moves it to the port).
    orderChannel: { kind: 'cxml', confirmations: true, confirmationUrl: localConfirmationUrl(LOCAL_DEFAULT_PORT) },
    cxml: { domain: 'NetworkID', identity: 'demo-buyer' },
    currency: 'EUR',
    vatPercent: 21,
    contractRates: [{ id: 'acme-discount', kind: 'discount', percent: 10, validFrom: '2026-01-01' }],
    defaultLanguage: 'en',
    version: 1,
    createdAt: DEMO_CREATED,
    updatedAt: DEMO_CREATED,
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
    active: true,
    organisation: {
      contactName: 'Team Inkoop',
      contactEmail: 'inkoop@utrecht.example',
      language: 'nl',
      billing: { invoiceEmail: 'facturen@utrecht.example', xmlInvoices: true },
    },
    deliveryAddresses: [
      { id: 'stadskantoor', label: 'Stadskantoor', address: 'Stadsplateau 1, 3521 AZ Utrecht', locationCode: 'SK01', customerNumber: '40012' },
      { id: 'werf-oost', label: 'Werf Oost', address: 'Kanaalweg 12, 3526 KL Utrecht', locationCode: 'WO02', customerNumber: '40013' },
    ],
    // Spend Cloud names the requester's fields email / fname / lname.
    callUpParams: { ...DEFAULT_CALL_UP_PARAMS, email: ['email'], fullName: [], firstName: ['fname'], lastName: ['lname'] },
    hookAllowlist: ['https://spend.visma.example/punchout/return'],
    allowLoopbackHooks: false,
    buyerOrigins: ['https://spend.visma.example'],
    extraFields: [
      { param: 'projectcode', key: 'projectCode', label: { en: 'Project code', nl: 'Projectcode' }, required: true, maxLength: 20, custField: 4 },
    ],
    cart: {
      unit: 'DAY',
      categories: {
        compact: { matGroup: '4310', schemaType: 'UNSPSC', categoryId: '78111808', categoryName: 'Vehicle rental' },
        van: { matGroup: '4320', schemaType: 'UNSPSC', categoryId: '78111808', categoryName: 'Van rental' },
      },
      charset: 'utf-8',
      deliveryCustField: 2,
    },
    orderChannel: { kind: 'email', address: 'orders@utrecht.example', confirmations: true },
    currency: 'EUR',
    vatPercent: 21,
    contractRates: [{ id: 'utrecht-polo', kind: 'card', vehicleTypeId: 'compact-polo', rates: { day: 3500, week: 17500, month: 60000 }, validFrom: '2026-01-01' }],
    defaultLanguage: 'nl',
    version: 1,
    createdAt: DEMO_CREATED,
    updatedAt: DEMO_CREATED,
  },
  // Spend Cloud's "accounts per delivery address": this login orders for Werf Oost only.
  moreLogins: [{ username: 'utrecht-werf-oost', password: 'utrecht-werf-secret', deliveryAddressId: 'werf-oost', label: 'Werf Oost' }],
};

export const DEMO_CONNECTIONS = [DEMO_CONNECTION, SECOND_CONNECTION];
