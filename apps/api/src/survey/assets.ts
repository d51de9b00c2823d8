import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SurveyAssets {
  js: string | null;
  css: string[];
}

/** The survey's own Vite entry (a few kB of vanilla TS and its CSS), never the console bundle. */
export const SURVEY_ENTRY = 'src/features/survey/survey.ts';

const cache = new Map<string, { mtimeMs: number; assets: SurveyAssets }>();

/**
 * The hashed script and style URLs of the survey entry from the web build's
 * manifest; without a build the pages still work, unstyled and without script.
 */
export function surveyAssets(webDist: string): SurveyAssets {
  const path = join(webDist, '.vite', 'manifest.json');
  const mtimeMs = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
  if (mtimeMs === undefined) return { js: null, css: [] };
  const hit = cache.get(webDist);
  // Re-read after a rebuild, so a running server never points at deleted hashed files.
  if (hit?.mtimeMs === mtimeMs) return hit.assets;
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { file: string; css?: string[] }>;
  const entry = manifest[SURVEY_ENTRY];
  const assets: SurveyAssets = entry
    ? { js: `/${entry.file}`, css: (entry.css ?? []).map((f) => `/${f}`) }
    : { js: null, css: [] };
  cache.set(webDist, { mtimeMs, assets });
  return assets;
}
