import type { Category, Rates } from '../catalog/vehicles';
import type { Language } from '../i18n/language';
import type { Charset } from './oci-callup';

/** An extra call-up field agreed with a connection (PO number, cost centre, project code...). */
export interface ExtraField {
  /** The call-up parameter name, matched case-insensitively (e.g. `oci_ponumber`). */
  param: string;
  /** Our name for it, the key in the request (e.g. `poNumber`). */
  key: string;
  label: Record<Language, string>;
  required: boolean;
  maxLength: number;
  /** The cart field that carries it back (CUST_FIELD1..5); absent: long text only. */
  custField?: 1 | 2 | 3 | 4 | 5;
}

/** A place the buyer has vehicles delivered to / invoiced for, with the codes its system knows it by. */
export interface DeliveryAddress {
  id: string;
  label: string;
  address: string;
  /** The buyer's location code, returned in the cart (CartSettings.deliveryCustField). */
  locationCode: string;
  customerNumber?: string;
}

/** Which call-up parameters carry what (matched case-insensitively, first non-empty wins). */
export interface CallUpParamNames {
  username: string[];
  password: string[];
  email: string[];
  fullName: string[];
  /** Used when no full name is sent: first and last name joined. */
  firstName: string[];
  lastName: string[];
  language: string[];
}

/** The OCI names of today's buyers (SAP SRM / Ariba / most OCI clients). */
export const DEFAULT_CALL_UP_PARAMS: CallUpParamNames = {
  username: ['username', '~username', 'user', 'login'],
  password: ['password', '~password', 'pass'],
  email: ['oci_usermail'],
  fullName: ['oci_userfullname'],
  firstName: [],
  lastName: [],
  language: ['sap-language', 'langu', 'language'],
};

/** How one vehicle category is coded in the buyer's system (its GL / commodity translation table). */
export interface CategoryCoding {
  matGroup?: string;
  /** EXT_SCHEMA_TYPE, e.g. `UNSPSC`. */
  schemaType: string;
  /** EXT_CATEGORY_ID, e.g. `78111808`. */
  categoryId: string;
  /** EXT_CATEGORY, e.g. `Vehicle rental`. */
  categoryName: string;
}

export type CartUnit = 'EA' | 'DAY';

export interface CartSettings {
  /** Our supplier number in the buyer's system (VENDOR). */
  vendorNumber?: string;
  /** EA: quantity 1 at the whole rental's price; DAY: quantity = rental days, PRICE = net / days (oci-cart.ts). */
  unit: CartUnit;
  /** Default MATGROUP, when the vehicle category has none of its own. */
  matGroup?: string;
  categories: Partial<Record<Category, CategoryCoding>>;
  /** The cart's charset when the call-up names none. */
  charset?: Charset;
  /** The CUST_FIELD that carries the delivery address's location code. */
  deliveryCustField?: 1 | 2 | 3 | 4 | 5;
}

export const DEFAULT_CART_SETTINGS: CartSettings = { unit: 'EA', categories: {} };

/** How the buyer sends its purchase orders, as agreed. */
export type OrderChannel =
  | { kind: 'none' }
  /** The order URL is ours (/cxml/order); the shared secret is shown once, stored hashed. */
  | {
      kind: 'cxml';
      sharedSecretHash?: string;
      /** Whether the buyer wants cXML ConfirmationRequests for its orders (orders/confirmation.ts). */
      confirmations: boolean;
      /** Where ConfirmationRequests are posted: https (plain http to a loopback host only in the local stack). */
      confirmationUrl?: string;
      /**
       * The shared secret the buyer gave us to post confirmations with, sealed with the app's key
       * (punchout/sealed-secret.ts): we must send it, so it cannot be a hash. Entered once, never shown.
       */
      confirmationSecret?: string;
    }
  | { kind: 'email'; address: string; confirmations: boolean };

/** How a connection's cXML buyer identifies itself and where its cart goes. */
export interface CxmlSettings {
  /** Credential domain (`NetworkID`, `DUNS`...), compared case-insensitively. */
  domain: string;
  identity: string;
  /** `scrypt$...` (password.ts); generated, shown once, never entered. Absent: every set-up is refused. */
  sharedSecretHash?: string;
  /** The hidden field the cart posts in: `cxml-urlencoded` unless the buyer asks for `cxml-base64`. */
  cartField?: 'cxml-urlencoded' | 'cxml-base64';
  /**
   * How the buyer's system knows us (From/Sender of our cart and confirmations), e.g. its supplier
   * id. Absent: domain `DomainName`, identity the catalog's host name.
   */
  supplier?: { domain: string; identity: string };
  /** Which set-up Extrinsics carry the requester (names compared case-insensitively); absent: DEFAULT_CXML_EXTRINSICS. */
  extrinsics?: CxmlExtrinsicNames;
}

/** The Extrinsic names a cXML buyer sends the requester in, first non-empty wins. */
export interface CxmlExtrinsicNames {
  email: string[];
  firstName: string[];
  lastName: string[];
  fullName: string[];
}

/** What Coupa, Ariba and most cXML buyers send. */
export const DEFAULT_CXML_EXTRINSICS: CxmlExtrinsicNames = {
  email: ['UserEmail'],
  firstName: ['FirstName'],
  lastName: ['LastName'],
  fullName: ['UserFullName'],
};

export interface Organisation {
  debtorNumber?: string;
  /** Chamber of Commerce (KvK) number. */
  cocNumber?: string;
  contactName?: string;
  /** Where the connection's administrator is reached about the set-up. */
  contactEmail: string;
  language: Language;
  billing: { invoiceAddress?: string; vatNumber?: string; invoiceEmail?: string; xmlInvoices: boolean };
}

/** Contract rates (their meaning lives in catalog/); dates are YYYY-MM-DD, inclusive, in the rental location's calendar. */
export type ContractRate =
  | { id: string; kind: 'discount'; percent: number; validFrom: string; validTo?: string }
  | { id: string; kind: 'card'; vehicleTypeId: string; rates: Rates; validFrom: string; validTo?: string };

/** A buying organisation's punch-out set-up. Its logins are separate items (store/logins.ts). */
export interface Connection {
  id: string;
  name: string;
  /** Test mode: requests are marked as tests and hold no real vehicle. */
  status: 'test' | 'live';
  /** A disabled connection is refused at the call-up with a page telling the requester whom to ask. */
  active: boolean;
  organisation: Organisation;
  deliveryAddresses: DeliveryAddress[];
  callUpParams: CallUpParamNames;
  extraFields: ExtraField[];
  /** URL prefixes a HOOK_URL must start with (`https://srm.example.com/sap/`), or `SAPEVENT:POST`. */
  hookAllowlist: string[];
  /** Loopback HOOK_URLs at any port; honoured only in the local stack. */
  allowLoopbackHooks: boolean;
  /** Origins allowed to frame the catalog (CSP frame-ancestors). */
  buyerOrigins: string[];
  cart: CartSettings;
  orderChannel: OrderChannel;
  /**
   * cXML punch-out (POST /punchout/cxml): the buyer's Sender/From credential and the hash of its
   * set-up shared secret. Its own secret, not orderChannel's: a buyer may punch out over cXML and
   * send orders by e-mail, and rotating one must not break the other.
   */
  cxml?: CxmlSettings;
  currency: string;
  vatPercent: number;
  contractRates: ContractRate[];
  defaultLanguage: Language;
  /** Raised by every edit; an edit names the version it started from (optimistic locking). */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A login of a connection (Spend Cloud: "accounts per delivery address"); one item per username. */
export interface Login {
  /** Lower-case; unique across connections. */
  username: string;
  connectionId: string;
  /** `scrypt$...`, see password.ts. */
  passwordHash: string;
  /** After a rotation, the old password's hash, accepted until `previousValidUntil` (ISO instant). */
  previousHash?: string;
  previousValidUntil?: string;
  /** A bound login orders for this delivery address only. */
  deliveryAddressId?: string;
  label?: string;
  createdAt: string;
  rotatedAt?: string;
}

/** The delivery address a login is bound to, if it is bound and the address still exists. */
export function deliveryAddressOf(connection: Connection, id: string | undefined): DeliveryAddress | undefined {
  return id === undefined ? undefined : connection.deliveryAddresses.find((address) => address.id === id);
}
