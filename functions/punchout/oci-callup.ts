import type { Language } from '../i18n/language';
import { chooseLanguage } from '../i18n/language';
import { type CallUpParamNames, type Connection, DEFAULT_CALL_UP_PARAMS } from './connection';
import { hasControlCharacters } from '../format/characters';
import { needsHookUrl, ociFunction, SUPPORTED_FUNCTIONS } from './oci-functions';

/** What a call-up is missing or got wrong; `field` is the parameter name as the buyer knows it. */
export interface CallUpProblem {
  field: string;
  problem: 'missing' | 'malformed' | 'too-long' | 'control-characters' | 'not-allowed' | 'unsupported';
}

/** The parameters of an OCI call-up, names lower-cased, first value wins. */
export type CallUpParams = Map<string, string>;

/**
 * The login is read before any connection is known, so its parameter names are the same for every
 * connection: the connection's `callUpParams.username`/`.password` choose among these (admin schema).
 */
export const USERNAME_PARAMS = DEFAULT_CALL_UP_PARAMS.username;
export const PASSWORD_PARAMS = DEFAULT_CALL_UP_PARAMS.password;

/** The most characters of the requester's fields, whatever a connection calls them. */
export const REQUESTER_MAX = { email: 254, fullName: 100, firstName: 100, lastName: 100, language: 35 };

/**
 * Every standard parameter and the most characters it may carry: well above any real value,
 * well below what a DynamoDB key (2 KB) or an item (400 KB) can take. Checked before anything
 * is looked up or stored.
 */
const PARAM_MAX: Record<string, number> = {
  ...Object.fromEntries(USERNAME_PARAMS.map((name) => [name, 128])),
  ...Object.fromEntries(PASSWORD_PARAMS.map((name) => [name, 256])),
  hook_url: 2048,
  oci_usermail: 254,
  oci_userfullname: 100,
  '~target': 64,
  returntarget: 64,
  '~okcode': 32,
  '~caller': 32,
  oci_version: 16,
  opi_version: 16,
  http_content_charset: 32,
  function: 32,
  productid: 64,
  ext_product_id: 40,
  quantity: 15,
  searchstring: 100,
  'sap-language': 35,
  langu: 35,
  language: 35,
};
const STANDARD_PARAMS = new Set(Object.keys(PARAM_MAX));

/**
 * Parameters no one agreed with us are kept with the session (and echoed nowhere) only up to a
 * cap: the first 20, names up to 40 and values up to 255 characters, none with control
 * characters. The rest is dropped, not refused: a buyer's system may send parameters of its own.
 */
export const UNKNOWN_PARAMS_CAP = { count: 20, nameLength: 40, valueLength: 255 };
const UNKNOWN_NAME = /^[\x21-\x7e]+$/;

/**
 * No call-up value may hold a control or hidden character (format/characters.ts): every field is
 * one line, and a name that reads "Anna" to the approver must be "Anna".
 */

/** The name a buyer's administrator knows a parameter by (`HOOK_URL`, `oci_usermail`). */
const shownName = (param: string) => (param.startsWith('oci_') ? param : param.toUpperCase());

export const CHARSETS = ['utf-8', 'iso-8859-1', 'iso-8859-15', 'windows-1252', 'us-ascii'] as const;
export type Charset = (typeof CHARSETS)[number];
const CHARSET_ALIASES: Record<string, Charset> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  'iso-8859-1': 'iso-8859-1',
  iso8859_1: 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  'iso-8859-15': 'iso-8859-15',
  iso8859_15: 'iso-8859-15',
  'iso_8859-15': 'iso-8859-15',
  latin9: 'iso-8859-15',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'x-cp1252': 'windows-1252',
  'us-ascii': 'us-ascii',
  ascii: 'us-ascii',
};

/** The charset a name (`HTTP_CONTENT_CHARSET`, a content-type's `charset=`) stands for, if supported. */
export function charsetOf(name: string | undefined): Charset | undefined {
  const key = name?.trim().replace(/^"|"$/g, '').toLowerCase();
  return key ? CHARSET_ALIASES[key] : undefined;
}

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]{2,}$/;
const FRAME_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Collect parameters from a query string or form body: case-insensitive names, first value wins. */
export function callUpParams(entries: Iterable<[string, string]>): CallUpParams {
  const params: CallUpParams = new Map();
  for (const [name, value] of entries) {
    const key = name.trim().toLowerCase();
    if (!params.has(key)) params.set(key, value);
  }
  return params;
}

function first(params: CallUpParams, names: string[]): string | undefined {
  for (const name of names) {
    const value = params.get(name)?.trim();
    if (value) return value;
  }
  return undefined;
}

/** The requester's language: the connection's language parameters (the OCI defaults before it is known), then Accept-Language. */
export function callUpLanguage(
  params: CallUpParams,
  acceptLanguage: string | undefined,
  fallback: Language,
  names: string[] = DEFAULT_CALL_UP_PARAMS.language,
): Language {
  return chooseLanguage(
    names.map((name) => params.get(name.toLowerCase())),
    acceptLanguage,
    fallback,
  );
}

/** The login, and what is missing or malformed before any connection is known (the requester's fields come after: their names are the connection's). */
export function readBasics(params: CallUpParams): {
  username?: string;
  password?: string;
  problems: CallUpProblem[];
} {
  const problems: CallUpProblem[] = [];
  for (const [param, max] of Object.entries(PARAM_MAX)) {
    const value = params.get(param);
    if (value === undefined) continue;
    if (value.length > max) problems.push({ field: shownName(param), problem: 'too-long' });
    else if (!PASSWORD_PARAMS.includes(param) && hasControlCharacters(value.trim()))
      problems.push({ field: shownName(param), problem: 'control-characters' });
  }
  // Nothing longer than agreed goes further: not into a key lookup, not into a message.
  if (problems.length) return { problems };
  const username = first(params, USERNAME_PARAMS);
  const password = params.get('password') ?? params.get('~password') ?? params.get('pass');
  if (!username) problems.push({ field: 'USERNAME', problem: 'missing' });
  if (!password) problems.push({ field: 'PASSWORD', problem: 'missing' });
  const fn = ociFunction(params);
  if (needsHookUrl(fn) && !params.get('hook_url')?.trim()) problems.push({ field: 'HOOK_URL', problem: 'missing' });
  if (fn && !(SUPPORTED_FUNCTIONS as readonly string[]).includes(fn)) problems.push({ field: 'FUNCTION', problem: 'unsupported' });
  return { username: username?.toLowerCase(), password, problems };
}

/** The parts of a call-up a punch-out session keeps, once credentials and fields are checked. */
export interface CallUp {
  requester: { email: string; fullName: string };
  hookUrl: string;
  target: string;
  /** `~TARGET` as sent, echoed back in the cart. */
  targetParam?: string;
  okCode?: string;
  caller?: string;
  ociVersion?: string;
  charset: Charset;
  language: Language;
  /** PRODUCTID of a FUNCTION=DETAIL call-up: the vehicle type to show first. */
  productId?: string;
  extra: Record<string, string>;
  unknownParams: Record<string, string>;
}

/** Read the connection-specific part of a call-up; `problems` is empty when it can open a session. */
export function readCallUp(
  params: CallUpParams,
  connection: Pick<Connection, 'extraFields' | 'callUpParams'> & { cart?: Pick<Connection['cart'], 'charset'> },
  language: Language,
): { callUp: CallUp; problems: CallUpProblem[] } {
  const names = connection.callUpParams ?? DEFAULT_CALL_UP_PARAMS;
  const { requester, problems } = readRequester(params, names);
  const extra: Record<string, string> = {};
  for (const field of connection.extraFields) {
    const value = params.get(field.param.toLowerCase())?.trim();
    if (!value) {
      if (field.required) problems.push({ field: field.param, problem: 'missing' });
      continue;
    }
    if (value.length > field.maxLength) problems.push({ field: field.param, problem: 'too-long' });
    else if (hasControlCharacters(value)) problems.push({ field: field.param, problem: 'control-characters' });
    else extra[field.key] = value;
  }
  const known = new Set([
    ...STANDARD_PARAMS,
    ...connection.extraFields.map((f) => f.param.toLowerCase()),
    ...[names.email, names.fullName, names.firstName, names.lastName, names.language].flat().map((n) => n.toLowerCase()),
  ]);
  const unknownParams: Record<string, string> = {};
  for (const [name, value] of params) {
    if (known.has(name) || Object.keys(unknownParams).length >= UNKNOWN_PARAMS_CAP.count) continue;
    if (name.length > UNKNOWN_PARAMS_CAP.nameLength || value.length > UNKNOWN_PARAMS_CAP.valueLength) continue;
    // A name must be visible ASCII, and not one an object already has ("constructor", "__proto__"):
    // such a key breaks the session's storage, and no buyer system sends one on purpose.
    if (!UNKNOWN_NAME.test(name) || name in Object.prototype || name === '__proto__') continue;
    if (hasControlCharacters(name) || hasControlCharacters(value)) continue;
    unknownParams[name] = value;
  }
  const target = [params.get('returntarget'), params.get('~target')].map((t) => t?.trim()).find((t) => t);
  const charsetName = params.get('http_content_charset')?.trim().toLowerCase();
  return {
    problems,
    callUp: {
      requester,
      hookUrl: params.get('hook_url')?.trim() ?? '',
      target: target && FRAME_NAME.test(target) ? target : '_top',
      targetParam: params.get('~target')?.trim() || undefined,
      okCode: params.get('~okcode')?.trim() || undefined,
      caller: params.get('~caller')?.trim() || undefined,
      ociVersion: params.get('oci_version')?.trim() || undefined,
      charset: charsetOf(charsetName) ?? connection.cart?.charset ?? 'utf-8',
      language,
      productId: params.get('function')?.trim().toUpperCase() === 'DETAIL' ? params.get('productid')?.trim() : undefined,
      extra,
      unknownParams,
    },
  };
}

/** One value under the first of `names` that carries one, with the name it came under. */
function firstNamed(params: CallUpParams, names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = params.get(name.toLowerCase())?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/**
 * The requester's e-mail address and name under the connection's parameter names: a full name, or
 * first and last name joined with a space (Spend Cloud sends `fname`/`lname`). Both are required.
 */
function readRequester(params: CallUpParams, names: CallUpParamNames): { requester: CallUp['requester']; problems: CallUpProblem[] } {
  const problems: CallUpProblem[] = [];
  const field = (name: string) => shownName(name.toLowerCase());
  // undefined: not sent; null: sent but refused (the problem is recorded).
  const read = (list: string[], max: number): { name: string; value: string } | null | undefined => {
    const found = firstNamed(params, list);
    if (!found) return undefined;
    if (found.value.length > max) problems.push({ field: field(found.name), problem: 'too-long' });
    else if (hasControlCharacters(found.value)) problems.push({ field: field(found.name), problem: 'control-characters' });
    else return found;
    return null;
  };
  const mail = read(names.email, REQUESTER_MAX.email);
  if (mail === undefined) problems.push({ field: field(names.email[0] ?? 'oci_usermail'), problem: 'missing' });
  else if (mail && !EMAIL.test(mail.value)) problems.push({ field: field(mail.name), problem: 'malformed' });

  const full = read(names.fullName, REQUESTER_MAX.fullName);
  let fullName = full?.value;
  if (full === undefined) {
    const first = read(names.firstName, REQUESTER_MAX.firstName);
    const last = read(names.lastName, REQUESTER_MAX.lastName);
    if (first === undefined && last === undefined) {
      problems.push({ field: field(names.fullName[0] ?? names.lastName[0] ?? 'oci_userfullname'), problem: 'missing' });
    } else if (first !== null && last !== null) {
      const joined = [first?.value, last?.value].filter(Boolean).join(' ');
      if (joined.length > REQUESTER_MAX.fullName) problems.push({ field: field((last ?? first)!.name), problem: 'too-long' });
      else fullName = joined;
    }
  }
  return { requester: { email: mail?.value ?? '', fullName: fullName ?? '' }, problems };
}
