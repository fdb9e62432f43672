/** How the console writes times, money and statuses (English, desk-local wall time). */

const dateTime = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const day = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const instant = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'Europe/Amsterdam' });

/** A desk-local `YYYY-MM-DDTHH:mm` as "Mon 7 Dec, 09:00". */
export function when(local: string): string {
  return dateTime.format(new Date(`${local}:00Z`));
}

export function dayName(date: string): string {
  return day.format(new Date(`${date}T00:00:00Z`));
}

/** An ISO instant in desk time. */
export function at(iso: string): string {
  return instant.format(new Date(iso));
}

export function money(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(cents / 100);
}

export function span(minutes: number): string {
  const m = Math.abs(Math.round(minutes));
  const h = Math.floor(m / 60);
  return h ? `${h} h ${String(m % 60).padStart(2, '0')} min` : `${m % 60} min`;
}

/** Relative time to an instant ("in 2 d 3 h", "5 h ago"). */
export function relative(iso: string, now = Date.now()): string {
  const minutes = Math.round((Date.parse(iso) - now) / 60000);
  const abs = Math.abs(minutes);
  const text = abs >= 1440 ? `${Math.floor(abs / 1440)} d ${Math.floor((abs % 1440) / 60)} h` : span(abs);
  return minutes >= 0 ? `in ${text}` : `${text} ago`;
}
