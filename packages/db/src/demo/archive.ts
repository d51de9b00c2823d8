import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { connect } from '../connection.ts';
import { migrateToLatest } from '../migrate.ts';
import { installDefaultInstruments } from '../queries/instruments.ts';
import { type DemoSummary, loadDemoData } from './index.ts';

/** The file name of the prebuilt demo database for a seed (made by `scripts/build.mjs` next to the API bundle). */
export function demoArchiveName(seed: number): string {
  return `demo-seed-${seed}.tar`;
}

interface TarEntry {
  /** Path inside the data directory, starting with '/'. */
  name: string;
  type: 'file' | 'directory';
  mode: number;
  /** The entry's header and data blocks as they are in the archive. */
  raw: Uint8Array;
  data: Uint8Array;
}

function field(bytes: Uint8Array, from: number, length: number): string {
  const slice = bytes.subarray(from, from + length);
  const end = slice.indexOf(0);
  return new TextDecoder().decode(end === -1 ? slice : slice.subarray(0, end));
}

/** The entries of a ustar archive as `dumpDataDir()` writes it (files and directories only). */
function tarEntries(bytes: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let at = 0;
  while (at + 512 <= bytes.length && bytes[at] !== 0) {
    const prefix = field(bytes, at + 345, 155);
    const name = (prefix ? `${prefix}/` : '') + field(bytes, at + 0, 100);
    const size = Number.parseInt(field(bytes, at + 124, 12).trim() || '0', 8);
    const mode = Number.parseInt(field(bytes, at + 100, 8).trim() || '0', 8);
    const flag = String.fromCharCode(bytes[at + 156]!);
    const end = at + 512 + Math.ceil(size / 512) * 512;
    if (flag !== '0' && flag !== '\0' && flag !== '5') throw new Error(`unexpected tar entry '${name}' (type ${flag})`);
    entries.push({
      name: name.startsWith('/') ? name : `/${name}`,
      type: flag === '5' ? 'directory' : 'file',
      mode,
      raw: bytes.subarray(at, end),
      data: bytes.subarray(at + 512, at + 512 + size),
    });
    at = end;
  }
  return entries;
}

const WAL_SEGMENT = /^\/pg_wal\/([0-9A-F]{24})$/;

/**
 * Generates the demo data exactly as `pnpm start` does on an empty database (migrate, loadDemoData,
 * default instruments) in an in-memory PGlite and returns its data directory as an uncompressed tar
 * (`dumpDataDir`), after a checkpoint and without the WAL segments the checkpoint made unnecessary
 * (recycled ones, about 150 MB) or the lock file. Opened, the directory holds the same rows as a
 * fresh generation with the same seed (archive.test.ts checks every table).
 */
export async function buildDemoArchive(seed: number): Promise<{ archive: Uint8Array; summary: DemoSummary }> {
  const connection = await connect({ kind: 'pglite', dataDir: 'memory' });
  try {
    await migrateToLatest(connection.db);
    const summary = await loadDemoData(connection.db, { seed });
    await installDefaultInstruments(connection.db);
    await sql`checkpoint`.execute(connection.db);
    const { rows } = await sql<{ redo: string; current: string }>`
      select pg_walfile_name(redo_lsn) as redo, pg_walfile_name(pg_current_wal_insert_lsn()) as current
      from pg_control_checkpoint()`.execute(connection.db);
    const { redo, current } = rows[0]!;
    const dump = new Uint8Array(await (await connection.pglite!.dumpDataDir('none')).arrayBuffer());
    const kept = tarEntries(dump).filter((e) => {
      if (e.name === '/postmaster.pid') return false;
      const segment = WAL_SEGMENT.exec(e.name)?.[1];
      return !segment || (segment >= redo && segment <= current);
    });
    const archive = new Uint8Array(kept.reduce((n, e) => n + e.raw.length, 0) + 1024);
    let at = 0;
    for (const e of kept) {
      archive.set(e.raw, at);
      at += e.raw.length;
    }
    return { archive, summary };
  } finally {
    await connection.close();
  }
}

/**
 * Starts an empty PGlite data directory from the prebuilt demo database for `seed` in `archiveDir`
 * (unpacked next to it and renamed into place, so an interrupted start leaves no half database).
 * Returns false, touching nothing, when there is no such archive or `dataDir` is not empty.
 */
export function unpackDemoArchive(archiveDir: string, seed: number, dataDir: string): boolean {
  const path = join(archiveDir, demoArchiveName(seed));
  if (!existsSync(path)) return false;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return false;
  const staging = `${dataDir}.unpacking-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  for (const e of tarEntries(readFileSync(path))) {
    const target = join(staging, e.name);
    if (e.type === 'directory') mkdirSync(target, { recursive: true, mode: 0o700 });
    else {
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(target, e.data, { mode: e.mode & 0o777 || 0o600 });
    }
  }
  if (existsSync(dataDir)) rmSync(dataDir, { recursive: true });
  mkdirSync(dirname(dataDir), { recursive: true });
  renameSync(staging, dataDir);
  return true;
}
