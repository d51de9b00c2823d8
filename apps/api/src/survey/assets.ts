import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SurveyAssets {
  js: string | null;
  css: string[];
}

/** The survey's own Vite entry (a few kB of vanilla TS and its CSS), never the console bundle. */
export const SURVEY_ENTRY = 'src/features/survey/survey.ts';
/** The web app's reports chunk (loaded lazily by the app's main script). */
export const REPORTS_CHUNK = 'src/features/reports/reports-page.tsx';

type Manifest = Record<string, { file: string; css?: string[]; imports?: string[] }>;

const cache = new Map<string, { mtimeMs: number; manifest: Manifest }>();

/** The web build's Vite manifest, or null without a build; re-read after a rebuild, so a running server never points at deleted hashed files. */
function manifestOf(webDist: string): Manifest | null {
  const path = join(webDist, '.vite', 'manifest.json');
  const mtimeMs = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
  if (mtimeMs === undefined) return null;
  const hit = cache.get(webDist);
  if (hit?.mtimeMs === mtimeMs) return hit.manifest;
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  cache.set(webDist, { mtimeMs, manifest });
  return manifest;
}

/**
 * The hashed script and style URLs of the survey entry from the web build's
 * manifest; without a build the pages still work, unstyled and without script.
 */
export function surveyAssets(webDist: string): SurveyAssets {
  const entry = manifestOf(webDist)?.[SURVEY_ENTRY];
  return entry ? { js: `/${entry.file}`, css: (entry.css ?? []).map((f) => `/${f}`) } : { js: null, css: [] };
}

/**
 * The script URLs a lazily loaded chunk needs besides the main entry (itself and its shared
 * imports), for `<link rel="modulepreload">`; empty without a build.
 */
export function chunkScripts(webDist: string, chunk: string): string[] {
  const manifest = manifestOf(webDist);
  const entry = manifest?.[chunk];
  if (!manifest || !entry) return [];
  const shared = (entry.imports ?? []).filter((k) => k !== 'index.html').flatMap((k) => manifest[k]?.file ?? []);
  return [entry.file, ...shared].map((f) => `/${f}`);
}
