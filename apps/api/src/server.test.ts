import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSurveyFixture } from '../../../packages/db/src/queries/responses.fixture.ts';
import { loadConfig } from './config.ts';
import { startServer } from './server.ts';

// The server folds open rounds' new responses in the background, without any report being read.
let dir: string;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gs-server-'));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: undefined,
    DATA_DIR: dir,
    DEMO_DATA: '0',
    PORT: String(20000 + Math.floor(Math.random() * 20000)),
    FOLD_INTERVAL_MS: '100',
  });
  server = await startServer(config, () => {});
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('background folding', () => {
  it('counts a submitted response into the aggregates within a few intervals, with no report read', async () => {
    const f = await seedSurveyFixture(server.db);
    const res = await server.app.request(`/api/survey/rounds/${f.roundSlug}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'background-fold-test-0001' },
      body: JSON.stringify({
        municipality: 'lahti',
        unitId: f.units.kivimaa,
        groupKey: 'grades_3_6',
        language: 'fi',
        answers: { overall_grade: 9 },
        openAnswers: {},
      }),
    });
    expect(res.status).toBe(201);
    const counted = async () => {
      const { rows } = await sql<{ n: number }>`
        select coalesce(sum(n), 0)::int as n from response_count where round_id = ${f.roundId}::int`.execute(server.db);
      return rows[0]?.n ?? 0;
    };
    const deadline = Date.now() + 10_000;
    while ((await counted()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await counted()).toBe(1);
  });
});
