import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, openTestDatabase, testEngine } from '@gs/db/testing';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  t = await openTestDatabase();
  app = createApp({ db: t.db, config: loadConfig({ ...process.env, NODE_ENV: 'test' }) });
});
afterAll(async () => t?.close());

describe(`system routes (${testEngine})`, () => {
  it('GET /api/health answers ok after reaching the database', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('GET /api/network gives the default settings with a suppression threshold of 5', async () => {
    const res = await app.request('/api/network');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ suppressionThreshold: 5, cycleRule: { odd: 'ecec', even: 'basic' } });
  });

  it('GET /api/openapi.json is an OpenAPI 3 document generated from the routes', async () => {
    const res = await app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { responses: object }>> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/health']?.get?.responses).toHaveProperty('200');
    expect(doc.paths['/api/network']?.get).toBeDefined();
  });

  it('an unknown API route answers 404 in the one error shape', async () => {
    const res = await app.request('/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no such API route' } });
  });

  it('sets security headers and no third-party sources', async () => {
    const res = await app.request('/api/health');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/https?:/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
