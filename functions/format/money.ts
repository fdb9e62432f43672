/**
 * Money as people and buyer systems read it: one home for every amount shown in the catalog,
 * the console, the e-mails and the cart's long text. Amounts are integer cents. Pure (no Hono, no
 * SDK): imported by the server and by the web bundles.
 */

const formats = new Map<string, Intl.NumberFormat>();

/** An amount in the reader's locale ("€ 1.234,50" in nl, "€1,234.50" in en). */
export function formatMoney(cents: number, currency: string, locale: string): string {
  const key = `${locale}:${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formats.set(key, format);
  }
  return format.format(cents / 100);
}

const numbers = new Map<string, Intl.NumberFormat>();

/**
 * A plain number in the reader's locale ("12,5" in nl): one formatter per locale, kept. Number's
 * toLocaleString builds a new one on every call, milliseconds each in a browser.
 */
export function formatNumber(value: number, locale: string): string {
  let format = numbers.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numbers.set(locale, format);
  }
  return format.format(value);
}

/**
 * `1234.50`: two decimals, a point, no grouping and no currency sign, for text that must survive
 * any charset and any reader (the OCI long text carries the currency code beside it).
 */
export function plainAmount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
