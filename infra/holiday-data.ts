/**
 * Writes functions/operations/holiday-data.json: the public-holiday rules of HOLIDAY_COUNTRIES,
 * picked from the installed date-holidays package, for date-holidays-parser to compute at run time.
 *
 *   npx tsx infra/holiday-data.ts
 *
 * Why a pick and not `import Holidays from 'date-holidays'`: its data for some 200 countries with
 * their states and regions is 450 KB minified in a Lambda bundle, and it brings moment-timezone's
 * full zone data (730 KB). The pick keeps the national rules only (a location's own closing days
 * cover regional ones), names in English, Dutch and the country's languages, and no `zones`:
 * without a zone the parser never calls moment-timezone, so the bundles alias it to its data-less
 * build (infra/esbuild-settings.ts). Run it after upgrading date-holidays; the unit test
 * test/unit/public-holidays.test.ts fails while the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HOLIDAY_COUNTRIES } from '../functions/catalog/countries';

export const HOLIDAY_DATA_FILE = 'functions/operations/holiday-data.json';

interface FullData {
  version: string;
  license: string;
  holidays: Record<string, { names: Record<string, string>; dayoff?: string; langs?: string[]; days: Record<string, unknown> }>;
  names: Record<string, unknown>;
}

/** Keep only the languages in `keep` in every `name`/`names` map of translations. */
function trimNames(value: unknown, keep: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => trimNames(v, keep));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      const translations = (key === 'name' || key === 'names') && inner && typeof inner === 'object' && !Array.isArray(inner) && Object.values(inner).every((v) => typeof v === 'string');
      return [key, translations ? Object.fromEntries(Object.entries(inner as Record<string, string>).filter(([lang]) => keep.has(lang))) : trimNames(inner, keep)];
    }),
  );
}

/** The pick of `full` (date-holidays' data/holidays.json) for `countries`. */
export function pickHolidayData(full: FullData, countries: readonly string[]): FullData {
  const languages = new Set(['en', 'nl', ...countries.flatMap((c) => full.holidays[c]?.langs ?? [])]);
  const holidays = Object.fromEntries(
    countries.map((c) => {
      const country = full.holidays[c];
      if (!country) throw new Error(`date-holidays has no data for ${c}`);
      return [c, trimNames({ names: country.names, dayoff: country.dayoff, langs: country.langs, days: country.days }, languages)];
    }),
  );
  return { version: full.version, license: full.license, holidays: holidays as FullData['holidays'], names: trimNames(full.names, languages) as FullData['names'] };
}

/** The installed date-holidays' full data and the text of the pick as written to HOLIDAY_DATA_FILE. */
export function holidayDataText(): string {
  const require = createRequire(import.meta.url);
  const full = JSON.parse(readFileSync(join(dirname(require.resolve('date-holidays/package.json')), 'data', 'holidays.json'), 'utf8')) as FullData;
  return `${JSON.stringify(pickHolidayData(full, HOLIDAY_COUNTRIES))}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(HOLIDAY_DATA_FILE, holidayDataText());
  console.log(`wrote ${HOLIDAY_DATA_FILE}`);
}
