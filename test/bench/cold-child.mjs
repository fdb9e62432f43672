// One cold start, in a fresh process: import the bundle, answer one request, print the timings.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [bundle, method, path, repeatArg] = process.argv.slice(2);
const repeat = Number(repeatArg ?? 0);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const t1 = performance.now();
const host = 'abcdefghij.lambda-url.eu-west-1.on.aws';
const event = {
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: '',
  headers: { host, 'accept-language': 'en', 'user-agent': 'bench', 'x-forwarded-proto': 'https' },
  requestContext: {
    accountId: 'anonymous',
    apiId: 'abcdefghij',
    domainName: host,
    domainPrefix: 'abcdefghij',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
    requestId: 'bench-request',
    routeKey: '$default',
    stage: '$default',
    time: new Date().toUTCString(),
    timeEpoch: Date.now(),
  },
  isBase64Encoded: false,
};
const context = { awsRequestId: 'bench-request', functionName: 'bench', getRemainingTimeInMillis: () => 10_000 };
const response = await handler(event, context);
const t2 = performance.now();
// CPU time of this process up to the first answer (user + system, ms): less disturbed by a loaded machine than wall time.
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
// Optional warm requests after the first, to see what a request costs once the container is up.
for (let i = 0; i < repeat; i++) await handler({ ...event, requestContext: { ...event.requestContext, requestId: `warm-${i}` } }, context);
const t3 = performance.now();
const warmMs = repeat > 0 ? (t3 - t2) / repeat : undefined;
const bytes = typeof response.body === 'string' ? Buffer.byteLength(response.body, response.isBase64Encoded ? 'base64' : 'utf8') : 0;
process.stdout.write(
  JSON.stringify({ importMs: t1 - t0, firstRequestMs: t2 - t1, totalMs: t2 - t0, cpuMs, warmMs, status: response.statusCode, bytes, headers: response.headers }),
);
