import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Admission } from '../../admission/index.js';
import { AppError } from '../../shared/app-error.js';
import type { RouteModule } from '../server.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Where `npm run build:web` puts the storefront, console and widget (dist/web from the project root). */
export function defaultWebRoot(): string {
  const candidates = [resolve(here, '../../../dist/web')];
  // Compiled to dist/src/http/routes/, the project's dist/web is three levels up plus web.
  if (import.meta.url.endsWith('.js')) candidates.unshift(resolve(here, '../../../web'));
  return (
    candidates.find((candidate) => existsSync(resolve(candidate, 'index.html'))) ?? candidates.at(-1) ?? ''
  );
}

/** The pages' CSP: only this origin's scripts and styles (inline styles allowed), photos from https, no framing. */
function pageCsp(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "base-uri 'self'",
    "object-src 'none'",
    "script-src 'self'",
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rushcart: web app not built</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#17191c}
code{background:#eef1f5;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>The web app is not built yet</h1>
<p>The API is running, but the storefront, console and widget files were not found in <code>dist/web</code>.</p>
<p>Build them once with <code>npm run build:web</code> (or <code>npm run build</code>, which also builds the server), then reload this page.</p>
<p>The API itself is documented at <a href="/openapi.json">/openapi.json</a>.</p></body></html>`;

/** Top-level paths of the storefront's client-side routes, served index.html on a reload or a deep link. */
const STOREFRONT_PREFIXES = ['products', 'orders', 'offers', 'checkout', 'search', 'cart'];

/** Builds the routes that serve the built web apps from `root`. */
export function createWebRoutes(options: { root?: string } = {}): RouteModule {
  return async (server) => {
    const root = options.root ?? defaultWebRoot();
    await server.register(fastifyStatic, { root, serve: false });

    const built = () => existsSync(resolve(root, 'index.html'));
    const page = (file: string, frameAncestors = "'self'") => {
      return async (_request: FastifyRequest, reply: FastifyReply) => {
        reply.header('content-security-policy', pageCsp(frameAncestors));
        reply.header('cache-control', 'no-cache');
        if (!built() || !existsSync(resolve(root, file))) {
          return reply.status(503).type('text/html; charset=utf-8').send(PLACEHOLDER);
        }
        return reply.sendFile(file, root, { cacheControl: false });
      };
    };
    const hidden = { config: { admission: Admission.browse }, schema: { hide: true } };

    server.get('/', hidden, page('index.html'));
    server.get('/console', hidden, page('console.html'));
    server.get('/console/*', hidden, page('console.html'));
    // The widget's panel is framed by other sites, so this one page may be embedded anywhere.
    server.get('/widget', hidden, async (request, reply) => {
      reply.removeHeader('x-frame-options');
      return page('widget.html', '*')(request, reply);
    });
    server.get('/widget.js', hidden, async (_request, reply) => {
      // Loaded by a <script> tag on other sites: allow cross-origin use of this one file.
      reply.header('cross-origin-resource-policy', 'cross-origin');
      reply.header('access-control-allow-origin', '*');
      reply.header('cache-control', 'public, max-age=300');
      if (!existsSync(resolve(root, 'widget.js'))) {
        return reply
          .type('text/javascript; charset=utf-8')
          .send(
            'console.warn("Rushcart widget: the web app is not built; run npm run build:web on the server.");',
          );
      }
      return reply.sendFile('widget.js', root, { cacheControl: false });
    });
    server.get('/embed-sample.html', hidden, page('embed-sample.html', "'self'"));
    server.get('/assets/*', hidden, async (request, reply) => {
      const file = (request.params as { '*': string })['*'];
      if (!/^[\w.-]+$/.test(file)) throw new AppError('ROUTE_NOT_FOUND', `No asset named ${file}`);
      // File names carry a content hash, so they never change.
      return reply.sendFile(file, resolve(root, 'assets'), {
        maxAge: 365 * 24 * 3600 * 1000,
        immutable: true,
      });
    });
    for (const prefix of STOREFRONT_PREFIXES) {
      server.get(`/${prefix}`, hidden, page('index.html'));
      server.get(`/${prefix}/*`, hidden, page('index.html'));
    }
  };
}

/** Serves the storefront at `/`, the console at `/console` and the widget loader at `/widget.js` from dist/web. */
export const webRoutes: RouteModule = createWebRoutes();
