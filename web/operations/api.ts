/** The console's API, as the page calls it: JSON both ways, the CSRF token on every change. */
import type { OpsRefusal } from '../../functions/operations/api';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly refusal: OpsRefusal,
  ) {
    super(refusal.message);
  }
}

let csrf = '';

export function useCsrf(token: string): void {
  csrf = token;
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  // A form with a file goes as multipart (the browser sets its content-type and boundary); anything else as JSON.
  const form = body instanceof FormData;
  let response: Response;
  try {
    response = await fetch(`/ops/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(method === 'POST' ? { ...(form ? {} : { 'content-type': 'application/json' }), 'x-csrf-token': csrf } : {}) },
      ...(body === undefined ? {} : { body: form ? body : JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, { error: 'busy', message: 'The console cannot reach the server. Check the connection and try again.' });
  }
  // The session ended (expired, signed out elsewhere): back to the sign-in page.
  if (response.status === 401) {
    location.assign('/ops');
    throw new ApiError(401, { error: 'unauthenticated', message: 'Signed out.' });
  }
  const json = (await response.json().catch(() => undefined)) as T | OpsRefusal | undefined;
  if (!response.ok) {
    const refusal = json && typeof (json as OpsRefusal).message === 'string' ? (json as OpsRefusal) : { error: 'busy' as const, message: `The server answered ${response.status}.` };
    throw new ApiError(response.status, refusal);
  }
  return json as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
  /** A form with a file (multipart/form-data), e.g. an e-mailed purchase order's PDF. */
  postForm: <T>(path: string, form: FormData) => call<T>('POST', path, form),
};
