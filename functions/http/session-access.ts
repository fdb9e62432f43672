import type { Connection } from '../punchout/connection';
import { getConnection } from '../store/connections';
import type { Db } from '../store/db';
import { getSession, getSessionAndConnection, sessionIdOf, type PunchoutSession } from '../store/sessions';

export interface SessionAccess<T> {
  session: PunchoutSession;
  /** Read fresh on every call (an edit of its prices or test mode counts at once), only alongside the session when possible. */
  connection: Connection;
  /** What `alongside` read. */
  alongside: T;
}

/** How many sessions a container remembers the connection of (about 150 bytes each). */
export const KNOWN_SESSIONS = 10_000;

/**
 * The session of a URL token, its connection, and optionally one more read of the route's, in as few
 * round trips as this container can: once a token has opened a valid session here, session and
 * connection are one BatchGetItem, in parallel with the route's read (one round trip instead of three).
 *
 * What the container remembers is only which connection a valid session belongs to: a fact that never
 * changes for a session. The session is still read every time (expiry, a new signing key) and so is
 * the connection (active, test mode, prices, version); nothing is served from memory. `alongside` runs
 * before the session is known to be valid only for a token that was valid here before, so an unknown
 * token costs one GetItem and nothing more; its result is dropped when the session turns out gone.
 */
type KnownSessions = Map<string, { connectionId: string; expiresAt: number }>;
/** Per table (one Db per app): the call-up that opens a session tells the catalog's reader (rememberNewSession). */
const knownPerDb = new WeakMap<Db, KnownSessions>();
function knownSessionsOf(db: Db): KnownSessions {
  let known = knownPerDb.get(db);
  if (!known) knownPerDb.set(db, (known = new Map()));
  return known;
}
// Keyed by the stored session id (an HMAC of the token), never the token itself.
function remember(known: KnownSessions, session: PunchoutSession, maxEntries: number) {
  known.delete(session.id);
  known.set(session.id, { connectionId: session.connectionId, expiresAt: session.expiresAt });
  // Oldest first out: a Map keeps insertion order.
  while (known.size > maxEntries) known.delete(known.keys().next().value!);
}

/**
 * A session this container just opened (the call-up): its first catalog request reads session and
 * connection in one BatchGetItem too, not one after the other (issue 12's chain). Both are still read.
 */
export function rememberNewSession(db: Db, session: PunchoutSession): void {
  remember(knownSessionsOf(db), session, KNOWN_SESSIONS);
}

export function sessionAccessReader(db: Db, signingKey: string, maxEntries = KNOWN_SESSIONS) {
  const known = knownSessionsOf(db);

  return async function read<T = undefined>(token: string, now: Date, alongside?: () => Promise<T>): Promise<SessionAccess<T> | undefined> {
    const id = sessionIdOf(token, signingKey);
    const seen = known.get(id);
    if (seen && seen.expiresAt <= now.getTime() / 1000) known.delete(id);
    const guess = seen && seen.expiresAt > now.getTime() / 1000 ? seen.connectionId : undefined;
    const run = alongside ?? (async () => undefined as T);
    if (guess) {
      const [{ session, connection }, extra] = await Promise.all([getSessionAndConnection(db, signingKey, token, guess, now), run()]);
      if (!session) {
        known.delete(id);
        return undefined;
      }
      // Never the case (a session keeps its connection), but the stored session decides, not memory.
      const own = session.connectionId === guess ? connection : await getConnection(db, session.connectionId);
      return own ? { session, connection: own, alongside: extra } : undefined;
    }
    const session = await getSession(db, signingKey, token, now);
    if (!session) return undefined;
    const [connection, extra] = await Promise.all([getConnection(db, session.connectionId), run()]);
    if (!connection) return undefined;
    remember(known, session, maxEntries);
    return { session, connection, alongside: extra };
  };
}

export type SessionAccessReader = ReturnType<typeof sessionAccessReader>;
