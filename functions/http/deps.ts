import type { Config } from '../config';
import type { Secrets } from '../secrets';
import type { Fleet } from '../catalog/vehicles';
import { createDb, type Db } from '../store/db';
import { cachedFleet } from '../store/fleet';
import { loadAssetManifest, type AssetManifest } from './routes/assets';

/** What the app is wired with: one composition root per entry point builds it. */
export interface AppDeps {
  config: Config;
  secrets: Secrets;
  db: Db;
  fleet: () => Promise<Fleet>;
  assets: AssetManifest;
  now: () => Date;
}

export function createDeps(config: Config, secrets: Secrets): AppDeps {
  const db = createDb(config);
  return { config, secrets, db, fleet: cachedFleet(db), assets: loadAssetManifest(config.assetsDir), now: () => new Date() };
}
