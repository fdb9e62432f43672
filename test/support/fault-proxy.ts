import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the real service answered to one forwarded request. */
export interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** One request passing through: its AWS operation (`X-Amz-Target`, or the path), its body, and the way on. */
export interface Exchange {
  target: string;
  body: Buffer;
  /** Send it to the real service (DynamoDB Local, the local SES): it then happened there. */
  forward(): Promise<Upstream>;
}

/** The answer the client gets, or `destroy`: the connection drops with no answer (a crash, a lost network). */
export type Verdict = Upstream | 'destroy';

/**
 * A real network hop between a part of the stack and DynamoDB Local or the local SES, where a test
 * decides per request what happens: forwarded, held, answered with an error after it happened,
 * dropped — or the whole service down (nothing listening) and up again on the same port.
 */
export interface FaultProxy {
  url: string;
  /** Decides each request; by default every request is forwarded and its answer passed back. */
  handle: (exchange: Exchange) => Promise<Verdict>;
  /** Stop listening and drop every open connection (ECONNREFUSED from now on). */
  down(): Promise<void>;
  /** Listen again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export const passThrough = (exchange: Exchange): Promise<Verdict> => exchange.forward();

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  let port = 0;
  const proxy: FaultProxy = {
    url: '',
    handle: passThrough,
    down: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
    up: () => listen(port),
    close: () => proxy.down(),
  };

  async function serveOne(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && name !== 'host' && name !== 'connection') headers[name] = value;
    const exchange: Exchange = {
      target: String(req.headers['x-amz-target'] ?? req.url ?? ''),
      body,
      async forward() {
        const answer = await fetch(`${upstream}${req.url}`, { method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body });
        const out: Record<string, string> = {};
        answer.headers.forEach((value, name) => {
          if (!['content-length', 'connection', 'transfer-encoding', 'keep-alive', 'content-encoding'].includes(name)) out[name] = value;
        });
        return { status: answer.status, headers: out, body: Buffer.from(await answer.arrayBuffer()) };
      },
    };
    const verdict = await proxy.handle(exchange).catch(() => 'destroy' as const);
    if (verdict === 'destroy') return void req.socket.destroy();
    res.writeHead(verdict.status, { ...verdict.headers, 'content-length': String(verdict.body.length) }).end(verdict.body);
  }

  const server: Server = createServer((req, res) => void serveOne(req, res));
  // Node closes an idle keep-alive connection after 5 s; a client reusing it at that moment gets a reset
  // the test did not ask for (an SES send then counts as 'outcome unknown'). AWS endpoints keep them longer.
  server.keepAliveTimeout = 65_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  function listen(at: number): Promise<void> {
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(at, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        proxy.url = `http://127.0.0.1:${port}`;
        resolve();
      });
    });
  }
  await listen(0);
  return proxy;
}

/** A DynamoDB-style error answer (JSON 1.0), as the service sends it. */
export function dynamoError(status: number, type: string, message: string): Upstream {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type },
    body: Buffer.from(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message })),
  };
}

/**
 * DynamoDB (or SES) that hangs: the requests `which` picks get no answer at all, their sockets stay
 * open, until `release` lets each one go — forwarded late (it then happened at the service after
 * all) or dropped. Everything else passes through meanwhile.
 */
export function hangOn(proxy: FaultProxy, which: (exchange: Exchange) => boolean = () => true) {
  const held: { exchange: Exchange; answer: (verdict: Verdict) => void }[] = [];
  proxy.handle = (exchange) => (which(exchange) ? new Promise<Verdict>((answer) => held.push({ exchange, answer })) : exchange.forward());
  return {
    /** The requests held so far. */
    held: () => held.map((h) => h.exchange),
    /** Let every call through from now on; the held ones are forwarded (`late`) or dropped. */
    async release(how: 'late' | 'drop'): Promise<void> {
      proxy.handle = passThrough;
      for (const { exchange, answer } of held.splice(0)) answer(how === 'drop' ? 'destroy' : await exchange.forward());
    },
  };
}

/** An SES (v2, REST-JSON) error answer, as the service sends it. */
export function sesError(status: number, type: string, message: string): Upstream {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
    body: Buffer.from(JSON.stringify({ message })),
  };
}
