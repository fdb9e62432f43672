/**
 * What an administrator may enter for a connection (console API, infra/admin.ts import): checked
 * here before it reaches the table. Every text has a length limit, is not blank and has no control
 * or hidden characters (line breaks only in the invoice address); HOOK_URL prefixes are https URLs
 * or SAPEVENT:POST and buyer origins are origins, both with a plain host (no wildcards); CUST_FIELDs
 * and call-up parameter names are used once; a location code fits the CUST_FIELD it goes to. A
 * problem names its field by its full path.
 */
import { contractRateProblems } from '../catalog/contract-rates';
import { adminText } from '../format/text-input';
import * as z from 'zod/mini';
import { CATEGORIES } from '../catalog/vehicles';
import { LANGUAGES } from '../i18n/language';
import { DEFAULT_CALL_UP_PARAMS } from './connection';
import { SAPEVENT } from './hook-url';
import { CHARSETS } from './oci-callup';
import { OCI_FIELD_MAX } from './oci-fields';

/** A text of one line (or, `lineBreaks`, of several: an address): not blank, no control or hidden characters. */
const text = adminText;
const code = (max: number) => z.string().check(z.regex(new RegExp(`^[A-Za-z0-9._/-]{1,${max}}$`), `expected at most ${max} letters, digits or . _ / -`));

export const ConnectionId = z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'expected an id of at most 64 lower-case letters, digits, dots, dashes or underscores'));
/** Lower-case on the wire too: usernames are compared case-insensitively and stored lower-case. */
export const Username = z.string().check(z.regex(/^[a-z0-9][a-z0-9._@-]{2,63}$/, 'expected a username of 3 to 64 lower-case letters, digits or . _ @ -'));
const AddressId = z.string().check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected an id of at most 64 letters, digits, dots, dashes or underscores'));
const Email = z.string().check(
  z.maxLength(254, 'expected an e-mail address of at most 254 characters'),
  z.regex(/^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]{2,}$/, 'expected an e-mail address'),
);
const CustField = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
const Param = z.string().check(z.regex(/^[A-Za-z0-9_~.:-]{1,40}$/, 'expected a parameter name of at most 40 letters, digits or _ ~ . : -'));
const Params = (min: number) => z.array(Param).check(z.minLength(min, `expected at least ${min} parameter name`), z.maxLength(5, 'expected at most 5 parameter names'));
const subsetOf = (allowed: string[]) =>
  z.array(z.string()).check(
    z.minLength(1, 'expected at least one parameter name'),
    z.refine((names) => names.every((n) => allowed.includes(n.toLowerCase())), `expected names among ${allowed.join(', ')}`),
  );
const Day = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
  z.refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'expected a date that exists on the calendar'),
);
const Cents = z.number().check(z.int('expected whole cents'), z.positive(), z.lte(10_000_000));

/**
 * A host as one machine has it: DNS labels of letters, digits and hyphens (an IDN in punycode, as
 * URL gives it), or an IPv4 address. No wildcard: `*.example` in frame-ancestors would let any
 * subdomain frame the catalog, and a HOOK_URL prefix names the one system the cart goes to.
 */
const PLAIN_HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const PLAIN_HOST_MESSAGE = 'expected a plain host name (letters, digits, dots, hyphens; an international name in punycode), no wildcards';
function hasPlainHost(value: string): boolean {
  try {
    return PLAIN_HOST.test(new URL(value).hostname);
  } catch {
    return true; // the format check names that problem
  }
}

/** An https URL prefix (whole path segments, no query, no credentials) or SAPEVENT:POST. */
export const HookPrefix = z.string().check(
  z.maxLength(512, 'expected at most 512 characters'),
  z.refine((value) => value === SAPEVENT || isHttpsPrefix(value), `expected an https URL without query or credentials, or ${SAPEVENT}`),
  z.refine((value) => value === SAPEVENT || hasPlainHost(value), PLAIN_HOST_MESSAGE),
);
function isHttpsPrefix(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password && !url.search && !url.hash && url.href === value;
  } catch {
    return false;
  }
}
/** An origin as browsers send it: scheme, host, port if not the default; nothing else; https unless loopback. */
export const Origin = z.string().check(
  z.maxLength(256, 'expected at most 256 characters'),
  z.refine((value) => {
    try {
      const url = new URL(value);
      // Plain http only on this machine (the local stack's own test procurement page).
      const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
      return (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) && url.origin === value;
    } catch {
      return false;
    }
  }, 'expected an https origin such as https://spend.example.com (no path, no trailing slash)'),
  z.refine(hasPlainHost, PLAIN_HOST_MESSAGE),
);

const ExtraFieldSchema = z.object({
  param: Param,
  key: z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/, 'expected a key of at most 40 letters or digits, starting with a letter')),
  label: z.object({ en: text(60), nl: text(60) }),
  required: z.boolean(),
  maxLength: z.number().check(z.int('expected a whole number'), z.gte(1), z.lte(255)),
  custField: z.optional(CustField),
});

const DeliveryAddressSchema = z.object({
  id: AddressId,
  label: text(100),
  /** One line: it goes into the cart's long text and an e-mail line as `label, address`. */
  address: text(300),
  locationCode: code(50),
  customerNumber: z.optional(code(35)),
});

const CategoryCodingSchema = z.object({
  matGroup: z.optional(code(OCI_FIELD_MAX.MATGROUP)),
  schemaType: code(OCI_FIELD_MAX.EXT_SCHEMA_TYPE),
  categoryId: code(OCI_FIELD_MAX.EXT_CATEGORY_ID),
  categoryName: text(OCI_FIELD_MAX.EXT_CATEGORY),
});

const CartSettingsSchema = z.object({
  vendorNumber: z.optional(code(OCI_FIELD_MAX.VENDOR)),
  unit: z.enum(['EA', 'DAY']),
  matGroup: z.optional(code(OCI_FIELD_MAX.MATGROUP)),
  categories: z.partialRecord(z.enum(CATEGORIES), CategoryCodingSchema),
  charset: z.optional(z.enum(CHARSETS)),
  deliveryCustField: z.optional(CustField),
});

/** Where a buyer takes our ConfirmationRequests: https, or plain http to this machine (honoured in the local stack only). */
export const ConfirmationUrl = z.string().check(
  z.maxLength(2048, 'expected at most 2048 characters'),
  z.refine((value) => {
    try {
      const url = new URL(value);
      const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
      return (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) && !url.username && !url.password && !url.hash;
    } catch {
      return false;
    }
  }, 'expected an https URL without credentials'),
  z.refine(hasPlainHost, PLAIN_HOST_MESSAGE),
  // Not an address (169.254.169.254, 10.0.0.5): the buyer's host by name; only the local stack's 127.0.0.1 over http.
  z.refine((value) => {
    try {
      const url = new URL(value);
      return !/^\d{1,3}(\.\d{1,3}){3}$/.test(url.hostname) || (url.protocol === 'http:' && url.hostname === '127.0.0.1');
    } catch {
      return true;
    }
  }, 'expected a host name, not an IP address'),
);

const CxmlCredential = z.object({ domain: code(64), identity: text(128) });
const ExtrinsicNames = (min: number) => z.array(Param).check(z.minLength(min, `expected at least ${min} Extrinsic name`), z.maxLength(5, 'expected at most 5 Extrinsic names'));
const CxmlSettingsSchema = z.object({
  domain: code(64),
  identity: text(128),
  cartField: z.optional(z.enum(['cxml-urlencoded', 'cxml-base64'])),
  supplier: z.optional(CxmlCredential),
  extrinsics: z.optional(z.object({ email: ExtrinsicNames(1), firstName: ExtrinsicNames(0), lastName: ExtrinsicNames(0), fullName: ExtrinsicNames(0) })),
});

/** The order channel as entered: a cXML shared secret is never entered, only generated (order-secret). */
const OrderChannelSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('cxml'), confirmations: z.boolean(), confirmationUrl: z.optional(ConfirmationUrl) }),
  z.object({ kind: z.literal('email'), address: Email, confirmations: z.boolean() }),
]);

const OrganisationSchema = z.object({
  debtorNumber: z.optional(code(35)),
  cocNumber: z.optional(z.string().check(z.regex(/^[0-9]{8}$/, 'expected a Chamber of Commerce number of 8 digits'))),
  contactName: z.optional(text(100)),
  contactEmail: Email,
  language: z.enum(LANGUAGES),
  billing: z.object({
    invoiceAddress: z.optional(text(300, { lineBreaks: true })),
    vatNumber: z.optional(z.string().check(z.regex(/^[A-Z]{2}[A-Z0-9]{2,13}$/, 'expected a VAT number such as NL123456789B01'))),
    invoiceEmail: z.optional(Email),
    xmlInvoices: z.boolean(),
  }),
});

const ContractRateSchema = z.discriminatedUnion('kind', [
  z.object({ id: AddressId, kind: z.literal('discount'), percent: z.number().check(z.gt(0), z.lt(100)), validFrom: Day, validTo: z.optional(Day) }),
  z.object({
    id: AddressId,
    kind: z.literal('card'),
    vehicleTypeId: AddressId,
    rates: z.object({ day: Cents, week: Cents, month: Cents }),
    validFrom: Day,
    validTo: z.optional(Day),
  }),
]);

const CallUpParamsSchema = z.object({
  username: subsetOf(DEFAULT_CALL_UP_PARAMS.username),
  password: subsetOf(DEFAULT_CALL_UP_PARAMS.password),
  email: Params(1),
  fullName: Params(0),
  firstName: Params(0),
  lastName: Params(0),
  language: Params(0),
});

/** Everything an administrator edits; id, status, active, version and timestamps are the API's. */
const connectionShape = {
    name: text(100),
    organisation: OrganisationSchema,
    deliveryAddresses: z.array(DeliveryAddressSchema).check(z.maxLength(200, 'expected at most 200 delivery addresses')),
    callUpParams: CallUpParamsSchema,
    extraFields: z.array(ExtraFieldSchema).check(z.maxLength(10, 'expected at most 10 extra fields')),
    hookAllowlist: z.array(HookPrefix).check(z.minLength(1, 'expected at least one HOOK_URL prefix'), z.maxLength(20, 'expected at most 20 prefixes')),
    allowLoopbackHooks: z.optional(z.boolean()),
    buyerOrigins: z.array(Origin).check(z.maxLength(20, 'expected at most 20 origins')),
    cart: CartSettingsSchema,
    orderChannel: OrderChannelSchema,
    /** cXML punch-out: the buyer's credential; its shared secret is generated, never entered (like the order secret). */
    cxml: z.optional(CxmlSettingsSchema),
    currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'expected a currency code such as EUR')),
    vatPercent: z.number().check(z.gte(0), z.lte(100)),
    contractRates: z.array(ContractRateSchema).check(z.maxLength(50, 'expected at most 50 contract rates')),
    defaultLanguage: z.enum(LANGUAGES),
};

type Fields = z.output<z.ZodMiniObject<typeof connectionShape>>;

/** What no single field shows: names and CUST_FIELDs used twice, a location code too long for its CUST_FIELD. */
const crossChecks = z.superRefine((c: Fields, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.issues.push({ code: 'custom', path, message, input: c });
    if (!c.callUpParams.fullName.length && !(c.callUpParams.firstName.length && c.callUpParams.lastName.length)) {
      issue(['callUpParams', 'fullName'], 'expected the full name parameter, or both first and last name parameters');
    }
    // The requester's and language parameters are read after the login ones: a name used twice
    // would read the password as an e-mail address (and show it where the e-mail goes).
    const callUpNames = new Map<string, string>();
    (['username', 'password', 'email', 'fullName', 'firstName', 'lastName', 'language'] as const).forEach((role) => {
      c.callUpParams[role].forEach((name, i) => {
        const key = name.toLowerCase();
        const owner = callUpNames.get(key);
        if (owner !== undefined && owner !== role) issue(['callUpParams', role, i], `the parameter ${name} is already the ${owner} parameter`);
        else if (owner === role) issue(['callUpParams', role, i], `the parameter ${name} is listed twice`);
        else callUpNames.set(key, role);
      });
    });
    const params = new Set<string>();
    const keys = new Set<string>();
    const reserved = new Set(Object.values(c.callUpParams).flat().map((p) => p.toLowerCase()).concat(['hook_url', '~target', 'returntarget', '~okcode', '~caller', 'http_content_charset', 'function', 'productid', 'oci_version', 'opi_version']));
    c.extraFields.forEach((field, i) => {
      const param = field.param.toLowerCase();
      if (params.has(param) || reserved.has(param)) issue(['extraFields', i, 'param'], `the parameter ${field.param} is used twice`);
      if (keys.has(field.key)) issue(['extraFields', i, 'key'], `the key ${field.key} is used twice`);
      params.add(param);
      keys.add(field.key);
    });
    const custFields = new Map<number, string>();
    c.extraFields.forEach((field, i) => {
      if (field.custField === undefined) return;
      if (custFields.has(field.custField)) issue(['extraFields', i, 'custField'], `CUST_FIELD${field.custField} is used twice`);
      custFields.set(field.custField, field.key);
    });
    const delivery = c.cart.deliveryCustField;
    if (delivery !== undefined) {
      if (custFields.has(delivery)) issue(['cart', 'deliveryCustField'], `CUST_FIELD${delivery} already carries the extra field ${custFields.get(delivery)}`);
      const max = OCI_FIELD_MAX[`CUST_FIELD${delivery}`];
      c.deliveryAddresses.forEach((address, i) => {
        if (address.locationCode.length > max) issue(['deliveryAddresses', i, 'locationCode'], `expected at most ${max} characters: it goes to CUST_FIELD${delivery}`);
      });
    }
    const ids = new Set<string>();
    c.deliveryAddresses.forEach((address, i) => {
      if (ids.has(address.id)) issue(['deliveryAddresses', i, 'id'], `the id ${address.id} is used twice`);
      ids.add(address.id);
    });
    if (c.vatPercent * 100 !== Math.round(c.vatPercent * 100)) issue(['vatPercent'], 'expected at most two decimals');
    // Validity, precedence ambiguity and amounts of the contract rates (catalog/contract-rates.ts, lane Q).
    for (const problem of contractRateProblems(c.contractRates)) issue(problem.path, problem.message);
});

export const ConnectionFields = z.object(connectionShape).check(crossChecks);
export type ConnectionInput = z.output<typeof ConnectionFields>;

/**
 * A new connection from the console: always in test mode and active. Going live is the go-live
 * route (audited as such), so `status` and `active` in a create are refused, not quietly used.
 */
export const CreateConnectionBody = z
  .object({
    ...connectionShape,
    id: ConnectionId,
    status: z.optional(z.never('a new connection starts in test mode: it goes live with go-live, once tested')),
    active: z.optional(z.never('a new connection starts active: disable it afterwards if need be')),
  })
  .check(crossChecks);
/** A connection file (infra/admin.ts `connection`): the operator importing it may set the status. */
export const ConnectionFileBody = z.object({ ...connectionShape, id: ConnectionId, status: z.optional(z.enum(['test', 'live'])) }).check(crossChecks);
export const EditConnectionBody = z
  .object({ ...connectionShape, version: z.number().check(z.int('expected a whole number'), z.nonnegative(), z.lte(1_000_000)) })
  .check(crossChecks);

export const CreateLoginBody = z.object({ username: Username, deliveryAddressId: z.optional(AddressId), label: z.optional(text(100)) });
export const RotateLoginBody = z.object({ overlapHours: z.number().check(z.int('expected whole hours'), z.gte(0), z.lte(720)) });
export const ConnectionParam = z.object({ id: ConnectionId });
export const LoginParam = z.object({ id: ConnectionId, username: Username });
