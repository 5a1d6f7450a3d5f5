// Browser mode's HTTP server: the built renderer, POST /api/<verb> with wire JSON, and /api/events (SSE), all behind the token.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { ApiService } from '../api/service';
import { AppError, toErrorPayload, parseWire, stringifyWire, isVerb } from '../contract';
import type { EventHub } from './event-hub';
import { CONTENT_SECURITY_POLICY } from '../api/csp';
import { staticFile } from './static-files';
import { cookieToken, headerToken, sameToken, tokenCookie } from './token';

/** Large enough for a figure's PNG bytes (base64) — the only big request body. */
export const MAX_BODY_BYTES = 400 * 1024 * 1024;

export interface HttpServerOptions {
  service: ApiService;
  hub: EventHub;
  rendererDir: string;
  token: string;
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'application/json; charset=utf-8',
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extra,
  });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, e: AppError): void {
  send(res, status, stringifyWire(e.toPayload()));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new AppError('BAD_ARGUMENT', {
            found: `a request body over ${MAX_BODY_BYTES} bytes`,
            expected: 'a smaller request',
          }),
        );
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Only Host names of the loopback interface: a page of another site that rebinds its DNS name to 127.0.0.1 would
 * otherwise reach us with its own Host (it still lacks the token, but refuse it early).
 */
function loopbackHost(req: IncomingMessage): boolean {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

export function createHttpServer(o: HttpServerOptions): Server {
  const { service, hub, token } = o;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!loopbackHost(req))
      return sendError(
        res,
        403,
        new AppError('UNAUTHORIZED', { found: `Host ${req.headers.host ?? ''}`, expected: '127.0.0.1' }),
      );
    const queryToken = url.searchParams.get('token');
    const authorised = sameToken(headerToken(req), token) || sameToken(cookieToken(req), token);
    const unauthorised = (): void =>
      sendError(
        res,
        401,
        new AppError('UNAUTHORIZED', { path: url.pathname, expected: 'the token printed at start-up' }),
      );

    if (url.pathname.startsWith('/api/')) {
      if (!authorised) return unauthorised();
      if (url.pathname === '/api/events' && req.method === 'GET') return hub.attach(res);
      if (req.method !== 'POST')
        return sendError(
          res,
          405,
          new AppError('NOT_FOUND', { path: url.pathname, found: req.method, expected: 'POST' }),
        );
      const verb = url.pathname.slice('/api/'.length);
      if (!isVerb(verb))
        return sendError(
          res,
          404,
          new AppError('NOT_FOUND', {
            path: url.pathname,
            found: 'an unknown verb',
            expected: 'a verb of the contract',
          }),
        );
      let payload: unknown;
      try {
        const body = await readBody(req);
        payload = body.length ? parseWire(body) : {};
      } catch (e) {
        const err =
          e instanceof AppError
            ? e
            : new AppError('BAD_ARGUMENT', {
                path: url.pathname,
                found: 'a body that is not wire JSON',
                expected: 'JSON',
              });
        return sendError(res, 400, err);
      }
      const envelope = await service.dispatch(verb, payload);
      // Verb-level failures are answers (200 + ok:false); only transport problems use HTTP status codes.
      return send(res, 200, stringifyWire(envelope));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(
        res,
        405,
        new AppError('NOT_FOUND', { path: url.pathname, found: req.method ?? '', expected: 'GET' }),
      );
    const pageLoad = url.pathname === '/' || url.pathname === '/index.html';
    const firstLoad = pageLoad && sameToken(queryToken, token);
    if (!authorised && !firstLoad) return unauthorised();
    const file = await staticFile(o.rendererDir, url.pathname);
    if (!file) return sendError(res, 404, new AppError('NOT_FOUND', { path: url.pathname }));
    const headers: Record<string, string> = {
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'referrer-policy': 'no-referrer',
    };
    if (firstLoad) headers['set-cookie'] = tokenCookie(token);
    send(res, 200, file.body, file.type, headers);
  }

  return createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, stringifyWire(toErrorPayload(e)));
      else res.end();
    });
  });
}
