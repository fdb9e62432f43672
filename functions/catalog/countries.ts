/**
 * The countries a location may be in (ISO 3166-1 alpha-2): those whose public holidays the app
 * ships (functions/operations/holiday-data.json, picked from date-holidays by
 * infra/holiday-data.ts). Europe, where the fleet rents: a country is added here and in the data
 * together (`npx tsx infra/holiday-data.ts`; test/unit/public-holidays.test.ts checks both agree).
 * Kept apart from the data so the fleet schema and the console forms name the countries without
 * loading the holidays.
 */
export const HOLIDAY_COUNTRIES = [
  'AT', 'BE', 'BG', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GB', 'GR', 'HR', 'HU', 'IE',
  'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const;

export type Country = (typeof HOLIDAY_COUNTRIES)[number];

export function isHolidayCountry(code: string): code is Country {
  return (HOLIDAY_COUNTRIES as readonly string[]).includes(code);
}
