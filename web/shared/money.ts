import type { Language } from '../../functions/i18n/language';

const formats = new Map<string, Intl.NumberFormat>();

/** An amount in cents as the requester reads money in their language ("€ 1.234,50", "€1,234.50"). */
export function formatMoney(cents: number, currency: string, language: Language): string {
  const key = `${language}:${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, { style: 'currency', currency });
    formats.set(key, format);
  }
  return format.format(cents / 100);
}
