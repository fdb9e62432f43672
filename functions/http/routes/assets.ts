import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Hono } from 'hono';

/** Logical bundle names (`catalog.js`) → built file names (`catalog-3KX7.js`). */
export type AssetManifest = Record<string, string>;

export function loadAssetManifest(dir: string): AssetManifest {
  try {
    return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as AssetManifest;
  } catch {
    return {};
  }
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Built web bundles under `/assets/`: names carry a content hash, so they are cached for a year. */
export function assetRoutes(dir: string): Hono {
  const app = new Hono();
  // Read once per container: the files never change under their hashed names, and a page's CSS and script
  // are on its critical path (a fresh read per request waited on the file-system thread pool).
  const read = new Map<string, Promise<Buffer<ArrayBuffer>>>();
  app.get('/:file{[A-Za-z0-9_.-]+}', async (c) => {
    const file = c.req.param('file');
    const type = TYPES[extname(file)];
    if (!type || file === 'manifest.json') return c.notFound();
    try {
      let pending = read.get(file);
      if (!pending) {
        pending = readFile(join(dir, file));
        read.set(file, pending);
        // Only files that exist stay (a finite set: the build's output); a miss is not remembered.
        pending.catch(() => read.delete(file));
      }
      const body = await pending;
      return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable' });
    } catch {
      return c.notFound();
    }
  });
  return app;
}
