// A second HTTP server on 127.0.0.1: the "other origin" a hostile or misconfigured GitLab redirects
// to. It records every request with its headers, so a test can prove the token never reached it, and
// answers like a GitLab would (200, JSON) so that a client which did follow would carry on.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtherOriginRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface OtherOrigin {
  origin: string;
  requests: OtherOriginRequest[];
  /** Requests that carried `token` anywhere: a header, the URL or the body. */
  requestsWith(token: string): OtherOriginRequest[];
  close(): Promise<void>;
}

export async function startOtherOrigin(): Promise<OtherOrigin> {
  const requests: OtherOriginRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 1, username: 'other', path_with_namespace: 'other/other', permissions: {} }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    requestsWith: (token) => requests.filter((r) => JSON.stringify(r.headers).includes(token) || r.url.includes(token) || r.body.includes(token)),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
