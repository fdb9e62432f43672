/**
 * Public holidays of a country, computed by date-holidays-parser from the rules date-holidays
 * publishes (picked for HOLIDAY_COUNTRIES in holiday-data.json, see infra/holiday-data.ts): no
 * hand-written list, and Easter-based days (Good Friday, Ascension, Whit Monday) come out right
 * for every year.
 *
 * Only days of type `public` count: the days off by law. date-holidays also lists bank holidays,
 * school holidays and observances (in the Netherlands Good Friday and Liberation Day are "school",
 * Remembrance of the Dead an observance): a desk is open on those.
 *
 * The parser and its data (about 200 KB minified) load on the first call, not when a Lambda
 * starts: only the console's queue and request detail ask, and a catalog's cold start stays as it
 * was (issue 12). Holidays are fixed per country and year, so each is computed once per process.
 */
import type { Country } from '../catalog/countries';

/** Date (YYYY-MM-DD, the country's calendar) → the holiday's English name. */
export type HolidayDates = ReadonlyMap<string, string>;

type Parser = { getHolidays(year: number, lang?: string): { date: string; name: string; type: string }[] };

let engine: Promise<(country: Country) => Parser> | undefined;
const computed = new Map<string, HolidayDates>();

function load(): Promise<(country: Country) => Parser> {
  engine ??= Promise.all([import('date-holidays-parser'), import('./holiday-data.json')]).then(([parser, data]) => {
    const Holidays = parser.default;
    // No `timezone`: the data carries none, so dates stay calendar dates and moment-timezone is never asked.
    return (country: Country) => new Holidays(data.default as never, country, { languages: ['en'], types: ['public'] }) as unknown as Parser;
  });
  return engine;
}

/** The public holidays of `country` in `year`. */
export async function publicHolidays(country: Country, year: number): Promise<HolidayDates> {
  const key = `${country}:${year}`;
  const known = computed.get(key);
  if (known) return known;
  const holidays = (await load())(country);
  const dates = new Map<string, string>();
  for (const h of holidays.getHolidays(year, 'en')) if (h.type === 'public') dates.set(h.date.slice(0, 10), h.name);
  computed.set(key, dates);
  return dates;
}
