import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../infra/esbuild-settings';

const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Lambda-style bundle of an entry that encodes and decodes with the app's charset module. */
async function charsetBundle(): Promise<string> {
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `import { decodeBytes, encodePage } from ${JSON.stringify(resolve('functions/punchout/charset.ts'))};
export const roundTrip = (text: string) => decodeBytes(encodePage(text, 'windows-1252'), 'windows-1252');
export const bytes = (text: string) => [...encodePage(text, 'iso-8859-15')];`,
  );
  const outfile = join(dir, 'charset.mjs');
  await build(lambdaBuildOptions(entry, outfile));
  return outfile;
}

/** A Lambda-style bundle of an entry that asks operations/public-holidays.ts for a year's holidays. */
async function holidaysBundle(): Promise<string> {
  const entry = join(dir, 'holidays.ts');
  writeFileSync(entry, `export { publicHolidays } from ${JSON.stringify(resolve('functions/operations/public-holidays.ts'))};`);
  const outfile = join(dir, 'holidays.mjs');
  await build(lambdaBuildOptions(entry, outfile));
  return outfile;
}

describe('the Lambda bundles', () => {
  it('carry the public holidays without moment-timezone’s zone data, and still compute them', async () => {
    const outfile = await holidaysBundle();
    // With moment-timezone's data the module alone is some 1,100 KB; without, about 370 KB.
    expect(statSync(outfile).size).toBeLessThan(450_000);
    const warnings: unknown[] = [];
    const warn = console.warn;
    const error = console.error;
    console.warn = console.error = (...args: unknown[]) => void warnings.push(args);
    try {
      const module = (await import(pathToFileURL(outfile).href)) as { publicHolidays(country: string, year: number): Promise<Map<string, string>> };
      expect((await module.publicHolidays('NL', 2026)).get('2026-04-27')).toBe("King's Day");
      expect((await module.publicHolidays('BE', 2026)).get('2026-07-21')).toBe('National Holiday');
    } finally {
      console.warn = warn;
      console.error = error;
    }
    expect(warnings).toEqual([]);
  }, 60_000);

  it('leave iconv-lite’s double-byte tables out and still speak every single-byte charset the app offers', async () => {
    const outfile = await charsetBundle();
    // With the CJK tables the module alone is some 480 KB; without, under 120 KB.
    expect(statSync(outfile).size).toBeLessThan(150_000);
    const module = (await import(pathToFileURL(outfile).href)) as { roundTrip(text: string): string; bytes(text: string): number[] };
    expect(module.roundTrip('O’Brien pays 5 €')).toBe('O’Brien pays 5 €');
    expect(module.bytes('€Œ')).toEqual([0xa4, 0xbc]);
  }, 60_000);
});
