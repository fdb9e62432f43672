/**
 * Periods and spans of time as people read them: one home for the console, the e-mails and the
 * catalog. Pure (no Hono, no SDK): imported by the server and by the web bundles.
 */
import { wallToInstant } from '../catalog/time-zone';

/** "2 h 05 min", "45 min": a span of (working) time; the sign is the caller's to say. */
export function formatSpan(minutes: number): string {
  const m = Math.abs(Math.round(minutes));
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return h ? `${h} h ${String(rest).padStart(2, '0')} min` : `${rest} min`;
}

/** "2 d 3 h" from a day on, otherwise formatSpan: how far off an instant is. */
export function formatDistance(minutes: number): string {
  const m = Math.abs(Math.round(minutes));
  return m >= 1440 ? `${Math.floor(m / 1440)} d ${Math.floor((m % 1440) / 60)} h` : formatSpan(m);
}

const formats = new Map<string, Intl.DateTimeFormat>();

function cached(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

export type WallTimeStyle = 'long' | 'longLocal' | 'short' | 'weekday' | 'day';

const STYLES: Record<WallTimeStyle, Intl.DateTimeFormatOptions> = {
  /** "Monday, 7 December 2026 at 09:00 CET" */
  long: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' },
  /** "Monday, 7 December 2026 at 09:00": the long style without the zone, for pages that name the zone as the card does ("Europe/Amsterdam"). */
  longLocal: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** "Mon 7 Dec, 09:00" */
  short: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** "Mon 7 Dec" */
  weekday: { weekday: 'short', day: 'numeric', month: 'short' },
  /** "7 Dec" */
  day: { day: 'numeric', month: 'short' },
};

/**
 * A location's wall time (`YYYY-MM-DDTHH:mm`) as its desk's clock shows it, whatever zone the
 * reader's machine is in. The long style names the zone ("CET", "GMT+1", "BST") for readers
 * elsewhere, so it converts with the location's zone (a time in the hour skipped in spring reads
 * as the time it really is); the others show the wall time's own fields.
 */
export function formatWallTime(local: string, timeZone: string, locale: string, style: WallTimeStyle = 'long'): string {
  if (STYLES[style].timeZoneName) return cached(locale, { ...STYLES[style], timeZone }).format(wallToInstant(local, timeZone));
  // The wall time's fields read as UTC: no zone of this machine or elsewhere shifts them.
  return cached(locale, { ...STYLES[style], timeZone: 'UTC' }).format(new Date(`${local}:00Z`));
}

/** An instant at a zone ("7 Dec, 09:00:05"): when something happened, on the desk's clock. */
export function formatInstant(at: Date, timeZone: string, locale: string): string {
  return cached(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone }).format(at);
}
