import type { Connection } from './connection';

export const SAPEVENT = 'SAPEVENT:POST';
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export type HookCheck = { ok: true; url: URL | typeof SAPEVENT } | { ok: false; reason: 'malformed' | 'not-allowed' };

/** Parse a HOOK_URL and check it against the connection's allowlist. */
export function checkHookUrl(raw: string, connection: Connection | undefined, localStack: boolean): HookCheck {
  if (raw.trim().toUpperCase() === SAPEVENT) {
    const allowed = connection?.hookAllowlist.some((entry) => entry.toUpperCase() === SAPEVENT);
    return allowed ? { ok: true, url: SAPEVENT } : { ok: false, reason: 'not-allowed' };
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'malformed' };
  if (url.username || url.password) return { ok: false, reason: 'malformed' };
  if (!connection) return { ok: true, url };
  if (localStack && connection.allowLoopbackHooks && LOOPBACK_HOSTS.has(url.hostname)) return { ok: true, url };
  const allowed =
    url.protocol === 'https:' &&
    connection.hookAllowlist.some((entry) => {
      if (!/^https:\/\//i.test(entry)) return false;
      const prefix = new URL(entry);
      return prefix.origin === url.origin && withinPath(url.pathname, prefix.pathname);
    });
  return allowed ? { ok: true, url } : { ok: false, reason: 'not-allowed' };
}

/**
 * Whether `path` is `prefix` or lies below it, matching whole segments: `/punchout/return`
 * covers `/punchout/return` and `/punchout/return/sap`, never `/punchout/returnEVIL`.
 */
export function withinPath(path: string, prefix: string): boolean {
  if (prefix.endsWith('/')) return path.startsWith(prefix);
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** The form action (the HOOK_URL without its query) and the query's parameters, sent as hidden fields. */
export function splitHookUrl(hook: URL | typeof SAPEVENT): { action: string; hidden: [string, string][] } {
  if (hook === SAPEVENT) return { action: SAPEVENT, hidden: [] };
  return { action: `${hook.origin}${hook.pathname}`, hidden: [...hook.searchParams.entries()] };
}
