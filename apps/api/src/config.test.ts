import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.ts';

describe('configuration', () => {
  it('defaults to the embedded database on port 8787 with demo data', () => {
    const { config } = parseConfig({});
    expect(config).toMatchObject({ PORT: 8787, DEMO_DATA: true });
    expect(config?.DATABASE_URL).toBeUndefined();
    expect(config?.DATA_DIR).toMatch(/data\/pglite$/);
  });

  it('names the variable that has a bad value', () => {
    expect(parseConfig({ PORT: 'eighty' }).errors?.[0]).toMatch(/^PORT: /);
    expect(parseConfig({ DATABASE_URL: 'not a url' }).errors?.[0]).toMatch(/^DATABASE_URL: /);
    expect(parseConfig({ DEMO_DATA: 'maybe' }).errors?.[0]).toMatch(/^DEMO_DATA: /);
  });

  it('turns demo data off with DEMO_DATA=0', () => {
    expect(parseConfig({ DEMO_DATA: '0' }).config?.DEMO_DATA).toBe(false);
  });
});
