/** The languages the catalog speaks; add one here and in the message tables. */
export const LANGUAGES = ['en', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

// SAP sends one-letter language keys (E, N, D) as well as ISO codes.
const SAP_KEYS: Record<string, Language> = { e: 'en', n: 'nl' };

function match(value: string | undefined): Language | undefined {
  if (!value) return undefined;
  const code = value.trim().toLowerCase();
  // Own keys only: `constructor` or `__proto__` would find Object's and answer a function (a 500).
  if (Object.hasOwn(SAP_KEYS, code)) return SAP_KEYS[code];
  const primary = code.split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : undefined;
}

/** The first supported language among explicit values, then an Accept-Language header, then the fallback. */
export function chooseLanguage(explicit: (string | undefined)[], acceptLanguage: string | undefined, fallback: Language): Language {
  for (const value of explicit) {
    const found = match(value);
    if (found) return found;
  }
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { tag, q: q === undefined ? 1 : Number(q) };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const found = match(tag);
    if (found) return found;
  }
  return fallback;
}
