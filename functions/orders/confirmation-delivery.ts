/**
 * One post of a ConfirmationRequest to the buyer's order-confirmation URL, and what its answer
 * means for the outbox: taken (cXML 2xx), refused for good (a 4xx: credentials, a document it does
 * not want; a person must look), or worth trying again (5xx, 550–560, 429, no answer, a timeout).
 * Retrying is safe because every attempt sends the same document with the same payloadID, which
 * the buyer dedupes by. Every call stops after 15 seconds at the latest.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { log } from '../log';
import { readBuyerAnswer } from '../punchout/cxml-confirmation';
import { type Address, checkedAddress, type Lookup, UNREACHABLE_TEXT } from './confirmation-target';

/** The hard stop of every outgoing call (issue 10, item 7). */
export const CONFIRMATION_TIMEOUT_MS = 15_000;
/**
 * A round of attempts ends in time for the worker (its Lambda stops at 60 s): no attempt starts that
 * could end after this. Against a buyer that never answers that is two or three attempts, not five.
 */
export const CONFIRMATION_ROUND_MS = 45_000;
/** Most of the buyer's answer read and kept: a Response is a few hundred bytes. */
export const ANSWER_MAX_BYTES = 64 * 1024;

export type PostOutcome =
  | { result: 'accepted' | 'refused' | 'retryable'; code: number; text: string; body: string }
  /** No answer at all: the connection failed or the buyer did not answer in time (retryable), or the target is not allowed (refused: a person must fix the URL). */
  | { result: 'retryable' | 'refused'; code?: undefined; text: string; body?: undefined };

/**
 * Where a confirmation may go: https, or plain http to this machine in the local stack only. Why
 * not, in words for the console; null when it may.
 */
export function confirmationUrlProblem(value: string | undefined, localStack: boolean): string | null {
  if (!value) return 'The connection has no order-confirmation URL';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'The order-confirmation URL is not a URL';
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.username || url.password) return 'The order-confirmation URL carries credentials';
  // An address instead of a name: only the local stack's own test buyer (confirmation-target.ts checks names when posting).
  if (isIpLiteral(url.hostname) && !(loopback && localStack)) return 'The order-confirmation URL must name a host, not an IP address';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && loopback && localStack) return null;
  return 'The order-confirmation URL must be https';
}

const isIpLiteral = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');

/** The meaning of a cXML status code (or of the HTTP status when the answer was no cXML). */
export function classifyAnswer(code: number): 'accepted' | 'refused' | 'retryable' {
  if (code >= 200 && code < 300) return 'accepted';
  if (code === 429 || code >= 500) return 'retryable';
  return 'refused';
}

type Answer = { status: number; body: string };

/** One POST over node:http(s), connected to the address checked (the name still goes into SNI, the certificate check and Host). */
function send(url: URL, address: Address, document: string, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const pinned = ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      if (options?.all) callback(null, [address]);
      else callback(null, address.address, address.family);
    }) as unknown as LookupFunction;
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', accept: 'text/xml, application/xml', 'content-length': Buffer.byteLength(document) },
        lookup: pinned,
        // Covers connecting, the answer's headers and its body: the whole call stops in time.
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size >= ANSWER_MAX_BYTES) return;
          chunks.push(chunk);
          size += chunk.byteLength;
          if (size >= ANSWER_MAX_BYTES) response.destroy();
        });
        const done = () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, ANSWER_MAX_BYTES).toString('utf8') });
        response.on('end', done);
        response.on('close', done);
        response.on('error', (error) => (size >= ANSWER_MAX_BYTES ? done() : reject(error)));
      },
    );
    request.on('error', reject);
    request.end(document);
  });
}

/**
 * Post the document; never throws. The target is checked first (confirmation-target.ts): a name
 * resolving to any internal address is refused, and the connection goes to the address checked.
 * A redirect is not followed (the shared secret would go where nobody registered it). What went
 * wrong at the socket is logged for us; the console gets the same plain words for every failure.
 */
export async function postConfirmation(
  url: string,
  document: string,
  options: { timeoutMs?: number; localStack?: boolean; resolve?: Lookup } = {},
): Promise<PostOutcome> {
  const timeoutMs = options.timeoutMs ?? CONFIRMATION_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { result: 'retryable', text: UNREACHABLE_TEXT };
  }
  const checked = await checkedAddress(target, options.localStack ?? false, options.resolve);
  if (!checked.ok) {
    log('warn', 'order confirmation target refused', { host: target.hostname, why: checked.why });
    return { result: 'refused', text: UNREACHABLE_TEXT };
  }
  try {
    const response = await send(target, checked.address, document, signal);
    const answer = readBuyerAnswer(response.body);
    if (answer) return { result: classifyAnswer(answer.code), code: answer.code, text: answer.text || `cXML status ${answer.code}`, body: response.body };
    const text = `HTTP ${response.status} without a cXML Status`;
    // A 2xx without a cXML answer is not a confirmation taken: a person must look at it.
    const result = classifyAnswer(response.status);
    return { result: result === 'accepted' ? 'refused' : result, code: response.status, text, body: response.body };
  } catch (error) {
    const e = error as Error & { code?: string };
    if (signal.aborted || e.name === 'TimeoutError' || e.name === 'AbortError') return { result: 'retryable', text: `No answer within ${Math.round(timeoutMs / 100) / 10} s` };
    log('warn', 'order confirmation post failed', { host: target.hostname, error: `${e.name}: ${e.message}`.slice(0, 300), code: e.code });
    return { result: 'retryable', text: UNREACHABLE_TEXT };
  }
}
