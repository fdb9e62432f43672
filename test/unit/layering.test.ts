import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README's promise: domain modules (punchout/, catalog/, requests/, operations/, i18n/ and the
 * e-mail templates of mail/) import neither Hono nor the AWS SDK, not even through another module.
 */
const ROOT = resolve(__dirname, '../../functions');
const DOMAIN_DIRS = ['punchout', 'catalog', 'requests', 'operations', 'orders', 'i18n', 'format'];
const MAIL_TEMPLATES = ['templates.ts', 'messages.ts', 'ics.ts', 'mime.ts', 'outbox.ts', 'bounces.ts', 'html.ts'].map((f) => join(ROOT, 'mail', f));
const FORBIDDEN = [/^hono(\/|$)/, /^@hono\//, /^@aws-sdk\//, /^@smithy\//, /^aws-lambda$/];
/** The adapters and entry points: a domain module that needs one of these has taken on their job. */
const ADAPTER_DIRS = ['http', 'store', 'local', 'jobs'].map((dir) => join(ROOT, dir) + '/');

function domainFiles(): string[] {
  const files = DOMAIN_DIRS.flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f))
      .map((f) => join(ROOT, dir, f)),
  );
  return [...files, ...MAIL_TEMPLATES.filter((f) => existsSync(f))];
}

/** The modules a file imports at run time (type-only imports vanish when compiled). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+'([^']+)'/gm)) {
    if (!m[2]) specifiers.push(m[4]);
  }
  for (const m of text.matchAll(/^\s*import\s+'([^']+)'/gm)) specifiers.push(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) specifiers.push(m[1]);
  return specifiers;
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base].find((candidate) => existsSync(candidate) && /\.tsx?$/.test(candidate));
}

/** Every package (and adapter module, as `./dir/file`) a file reaches through its relative imports, with the path that reaches it. */
function reachedPackages(start: string): { pkg: string; via: string[] }[] {
  const seen = new Set<string>();
  const found: { pkg: string; via: string[] }[] = [];
  const visit = (file: string, via: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) {
        const next = resolveRelative(file, specifier);
        if (next && ADAPTER_DIRS.some((dir) => next.startsWith(dir))) found.push({ pkg: `./${relative(ROOT, next)}`, via });
        else if (next) visit(next, [...via, relative(ROOT, next)]);
      } else {
        found.push({ pkg: specifier, via });
      }
    }
  };
  visit(start, [relative(ROOT, start)]);
  return found;
}

describe('layering', () => {
  it('keeps Hono, the AWS SDK and the adapters (http/, store/, local/, jobs/) out of every domain module and e-mail template, directly or through another module', () => {
    const files = domainFiles();
    expect(files.length).toBeGreaterThan(20);
    const offences = files.flatMap((file) =>
      reachedPackages(file)
        .filter(({ pkg }) => pkg.startsWith('./') || FORBIDDEN.some((pattern) => pattern.test(pkg)))
        .map(({ pkg, via }) => `${via.join(' → ')} imports ${pkg}`),
    );
    expect(offences).toEqual([]);
  });

  it('notices such an import (the check itself works)', () => {
    expect(reachedPackages(join(ROOT, 'mail', 'ses-mailer.ts')).some(({ pkg }) => pkg.startsWith('@aws-sdk/'))).toBe(true);
    expect(reachedPackages(join(ROOT, 'mail', 'worker.ts')).some(({ pkg }) => pkg.startsWith('./store/'))).toBe(true);
  });
});
