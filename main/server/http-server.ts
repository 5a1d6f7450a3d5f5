// Browser mode's HTTP server: the built renderer, POST /api/<verb> with wire JSON, and /api/events (SSE), all behind the token.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { ApiService } from '../api/service';
import { APP_REQUEST_HEADER, AppError, toErrorPayload, parseWire, stringifyWire, isVerb } from '../contract';
import type { EventHub } from './event-hub';
import { CONTENT_SECURITY_POLICY } from '../api/csp';
import { staticFile } from './static-files';
import { cookieToken, headerToken, sameToken, tokenCookie } from './token';

/** Large enough for a figure's PNG bytes (a 4K PNG is ~10 MB) — the only big request body. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface HttpServerOptions {
  service: ApiService;
  hub: EventHub;
  rendererDir: string;
  token: string;
}

/** Vite's build output: assets/<name>-<8-character content hash>.<js|css>. */
const HASHED_ASSET = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.(?:js|css)$/;
const IMMUTABLE = 'private, max-age=31536000, immutable';

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

/** Thrown by readBody when the body passes MAX_BODY_BYTES: answered 413. */
class BodyTooLarge extends AppError {}

/**
 * Reads the body up to MAX_BODY_BYTES. A larger one (declared or streamed) is refused without buffering:
 * the rest is drained and dropped, so the 413 reaches the client instead of a reset socket.
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = (found: string): BodyTooLarge =>
      new BodyTooLarge('TOO_LARGE', { found, expected: `a request body of at most ${MAX_BODY_BYTES} bytes` });
    const declared = Number(req.headers['content-length']);
    // A client that gives up mid-upload must not crash the server (an 'error' without a listener throws).
    req.on('error', () => undefined);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      reject(tooLarge(`Content-Length ${declared}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        over = true;
        chunks.length = 0;
        reject(tooLarge(`a body over ${MAX_BODY_BYTES} bytes`));
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/**
 * A state-changing request must come from the app's own page (CSRF): the custom header a form or a
 * no-cors fetch cannot send (another origin would need a CORS preflight, which is never granted),
 * JSON content, and when the browser says where it comes from, our own origin.
 */
function fromTheApp(req: IncomingMessage): string | null {
  if (req.headers[APP_REQUEST_HEADER] !== '1') return `no ${APP_REQUEST_HEADER} header`;
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') return `content-type ${type || 'none'}`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) return `Origin ${origin}`;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return `Sec-Fetch-Site ${String(site)}`;
  return null;
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
      const foreign = fromTheApp(req);
      if (foreign)
        return sendError(
          res,
          403,
          new AppError('FORBIDDEN', {
            path: url.pathname,
            found: foreign,
            expected: 'a request of the app’s own page',
          }),
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
        if (e instanceof BodyTooLarge) {
          // Answer once the (dropped) rest has arrived: Node closes a connection answered mid-upload.
          if (!req.complete) await new Promise((done) => req.once('end', done).once('error', done));
          sendError(res, 413, e);
          return;
        }
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
    // A content-hashed build file never changes under its name: the browser keeps it (and V8 its compiled code, from
    // the third load on) instead of fetching and compiling plotly's 4.6 MB on every page load. The page stays
    // no-store, so a new build's page names new files.
    if (HASHED_ASSET.test(url.pathname)) headers['cache-control'] = IMMUTABLE;
    send(res, 200, file.body, file.type, headers);
  }

  return createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, stringifyWire(toErrorPayload(e)));
      else res.end();
    });
  });
}
