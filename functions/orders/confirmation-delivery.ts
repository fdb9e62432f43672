/**
 * One post of a ConfirmationRequest to the buyer's order-confirmation URL, and what its answer
 * means for the outbox: taken (cXML 2xx), refused for good (a 4xx: credentials, a document it does
 * not want; a person must look), or worth trying again (5xx, 550–560, 429, no answer, a timeout).
 * Retrying is safe because every attempt sends the same document with the same payloadID, which
 * the buyer dedupes by. Every call stops after 15 seconds at the latest.
 */
import { readBuyerAnswer } from '../punchout/cxml-confirmation';

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
  /** No answer at all: the connection failed or the buyer did not answer in time. */
  | { result: 'retryable'; code?: undefined; text: string; body?: undefined };

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
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && loopback && localStack) return null;
  return 'The order-confirmation URL must be https';
}

/** The meaning of a cXML status code (or of the HTTP status when the answer was no cXML). */
export function classifyAnswer(code: number): 'accepted' | 'refused' | 'retryable' {
  if (code >= 200 && code < 300) return 'accepted';
  if (code === 429 || code >= 500) return 'retryable';
  return 'refused';
}

async function readAtMost(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= max) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

/** Post the document; never throws. */
export async function postConfirmation(
  url: string,
  document: string,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<PostOutcome> {
  const timeoutMs = options.timeoutMs ?? CONFIRMATION_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  try {
    const response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', accept: 'text/xml, application/xml' },
      body: document,
      // A redirect would post the shared secret somewhere nobody registered.
      redirect: 'manual',
      // Covers connecting, the answer's headers and its body: the whole call stops in time.
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await readAtMost(response, ANSWER_MAX_BYTES);
    const answer = readBuyerAnswer(body);
    if (answer) return { result: classifyAnswer(answer.code), code: answer.code, text: answer.text || `cXML status ${answer.code}`, body };
    const text = `HTTP ${response.status} without a cXML Status`;
    // A 2xx without a cXML answer is not a confirmation taken: a person must look at it.
    const result = classifyAnswer(response.status);
    return { result: result === 'accepted' ? 'refused' : result, code: response.status, text, body };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { result: 'retryable', text: `No answer within ${Math.round(timeoutMs / 100) / 10} s` };
    const cause = e.cause?.code ?? e.cause?.message;
    return { result: 'retryable', text: `${e.name}: ${e.message}${cause ? ` (${cause})` : ''}`.slice(0, 300) };
  }
}
