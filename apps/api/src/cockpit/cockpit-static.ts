import { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, Response } from 'express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The cockpit page (plain ES modules, no build step) is taken from the source tree: the repository root is the
 * nearest directory with a package.json, found from here both in src (jest) and in dist (`npm start`). The copy the
 * swc build makes under dist/ is CommonJS and never served.
 */
export function cockpitWebRoot(from: string = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const web = join(dir, 'apps', 'cockpit', 'web');
    if (existsSync(join(dir, 'package.json')) && existsSync(join(web, 'index.html'))) return web;
  }
  throw new Error(`The cockpit page (apps/cockpit/web) was not found above ${from}`);
}

/** The page talks only to this origin: GraphQL over POST and graphql-ws on the same host. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // ECharts positions its tooltips with inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeaders(response: Response): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
}

/**
 * Public on purpose: these are static files with no data in them (HTML, JS, CSS and the ECharts library from npm).
 * Everything the page shows comes through GraphQL, where every operation declares its roles. Nest's guard does not
 * run for these routes, which is why nothing but files may be served here.
 */
export function serveCockpit(app: NestExpressApplication): void {
  const echarts = require.resolve('echarts/dist/echarts.min.js');
  const server = app.getHttpAdapter().getInstance() as Express;
  server.get('/cockpit/vendor/echarts.min.js', (_request, response) => {
    securityHeaders(response);
    response.sendFile(echarts, { maxAge: '1d' });
  });
  app.useStaticAssets(cockpitWebRoot(), {
    prefix: '/cockpit',
    index: 'index.html',
    fallthrough: false,
    setHeaders: (response: Response) => securityHeaders(response),
  });
}
