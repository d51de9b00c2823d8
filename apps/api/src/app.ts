import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Db } from '@gs/db';
import { DomainError } from '@gs/schema';
import type { Config } from './config.ts';
import { setLiveStepInterval } from './reports/report-service.ts';
import type { AppEnv } from './env.ts';
import { csrfProtection, loadSession } from './lib/auth.ts';
import { errorBody, errorOf } from './lib/errors.ts';
import { limitBodies, refuseUnstorableUrl } from './lib/input-guard.ts';
import { buildOpenApi } from './lib/openapi.ts';
import { authRoutes } from './routes/auth.ts';
import { consoleRoutes } from './routes/console.ts';
import { reportRoutes } from './routes/reports.ts';
import { reportPreloadLinks } from './report-preload.ts';
import { surveyApiRoutes } from './routes/survey-api.ts';
import { surveyRoutes } from './routes/survey.ts';
import { systemRoutes } from './routes/system.ts';
import { REPORTS_CHUNK, chunkScripts } from './survey/assets.ts';
import { errorPage, isGuardianPage } from './survey/render.tsx';

export interface AppDeps {
  db: Db;
  config: Config;
}

/** The whole HTTP app; used by the server and by tests through `app.request()`. */
export function createApp({ db, config }: AppDeps) {
  setLiveStepInterval(db, config.LIVE_STEP_INTERVAL_MS);
  const api = new Hono<AppEnv>()
    .route('/', systemRoutes)
    .route('/auth', authRoutes)
    .route('/console', consoleRoutes)
    .route('/reports', reportRoutes)
    .route('/survey', surveyApiRoutes);

  const app = new Hono<AppEnv>();
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
      referrerPolicy: 'no-referrer',
    }),
  );
  app.use('*', async (c, next) => {
    c.set('db', db);
    c.set('config', config);
    await next();
  });
  app.use('*', refuseUnstorableUrl, limitBodies);
  app.use('/api/*', loadSession, csrfProtection);
  app.route('/api', api);
  app.route('/s', surveyRoutes);

  let openapi: unknown;
  app.get('/api/openapi.json', (c) => {
    openapi ??= buildOpenApi(app, { title: 'Guardian survey API', version: '1.0.0' });
    return c.json(openapi, 200);
  });
  app.all('/api/*', () => {
    throw new DomainError('not_found', 'no such API route', undefined, 404);
  });

  // The built web app (console and reports); any other path falls back to its index.html.
  const indexPath = join(config.WEB_DIST, 'index.html');
  app.use(
    '/assets/*',
    serveStatic({
      root: config.WEB_DIST,
      onFound: (_p, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
  );
  app.use('*', serveStatic({ root: config.WEB_DIST }));
  app.get('*', (c) => {
    if (!existsSync(indexPath)) return c.text('The web app is not built: run `pnpm build`.', 503);
    const html = readFileSync(indexPath, 'utf8');
    // A report page fetches the reports chunk as soon as the main script runs: name it at once, so the
    // browser loads both together rather than one after the other (bench:report-page).
    if (!c.req.path.startsWith('/reports')) return c.html(html, 200);
    const preload =
      chunkScripts(config.WEB_DIST, REPORTS_CHUNK)
        .map((src) => `<link rel="modulepreload" crossorigin href="${src}" />`)
        .join('') + reportPreloadLinks(c.req.path, new URL(c.req.url).search);
    return c.html(html.replace('</head>', `${preload}</head>`), 200);
  });

  // Whatever no route answers (a POST to a page, a path that climbs out of /s/ with ..) is a 404 in the same shape.
  app.notFound((c) => {
    const body = errorBody('not_found', 'no such page');
    return isGuardianPage(c.req.path) ? errorPage(c, 404, body) : c.json(body, 404);
  });
  // One error shape: JSON under /api (and the survey's script endpoints), a page for the guardian's pages.
  app.onError((err, c) => {
    const { status, body } = errorOf(err, c);
    return isGuardianPage(c.req.path) ? errorPage(c, status, body) : c.json(body, status);
  });
  return app;
}

export type AppType = ReturnType<typeof createApp>;
