import type { Server } from 'node:http';
import { localEndpoint } from './ports';

export interface RunningMailbox {
  endpoint: string;
  stop(): Promise<void>;
}

/** Start the local SES (aws-ses-v2-local): it keeps every e-mail sent and shows them at its root URL. */
export async function startLocalSes(port: number): Promise<RunningMailbox> {
  const mod = (await import('aws-ses-v2-local')) as unknown as { default: unknown };
  // Its default export is the function under ESM, but wrapped once more under vitest's interop.
  const start = (typeof mod.default === 'function' ? mod.default : (mod.default as { default: unknown }).default) as (config: {
    host: string;
    port: number;
  }) => Promise<Server>;
  const server = await start({ host: '127.0.0.1', port });
  return {
    endpoint: localEndpoint(port),
    stop: () => new Promise((done) => server.close(() => done())),
  };
}
