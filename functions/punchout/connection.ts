import type { Rates } from '../catalog/vehicles';
import type { Language } from '../i18n/language';

/** An extra call-up field agreed with a connection (PO number, cost centre, project code...). */
export interface ExtraField {
  /** The call-up parameter name, matched case-insensitively (e.g. `oci_ponumber`). */
  param: string;
  /** Our name for it, the key in the request (e.g. `poNumber`). */
  key: string;
  label: Record<Language, string>;
  required: boolean;
  maxLength: number;
  /** The cart field that carries it back, if any (CUST_FIELD1..5). */
  custField?: 1 | 2 | 3 | 4 | 5;
}

/** A buying organisation's punch-out set-up: one company-level login, no personal accounts. */
export interface Connection {
  id: string;
  name: string;
  status: 'test' | 'live';
  /** Lower-case; unique across connections. */
  username: string;
  /** `scrypt$...`, see password.ts. */
  passwordHash: string;
  /** URL prefixes a HOOK_URL must start with (`https://srm.example.com/sap/`), or `SAPEVENT:POST`. */
  hookAllowlist: string[];
  /** Loopback HOOK_URLs at any port; honoured only in the local stack. */
  allowLoopbackHooks: boolean;
  /** Origins allowed to frame the catalog (CSP frame-ancestors). */
  buyerOrigins: string[];
  extraFields: ExtraField[];
  /** Our supplier number in the buyer's system (VENDOR). */
  vendorNumber?: string;
  /** The buyer's material group for vehicle rental (MATGROUP). */
  matGroup?: string;
  currency: string;
  vatPercent: number;
  discountPercent: number;
  rateCard?: Record<string, Rates>;
  defaultLanguage: Language;
  /** Where the connection's administrator is reached about the set-up. */
  contactEmail: string;
}
