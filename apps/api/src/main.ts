import { DEMO_USERS } from '@gs/db/demo';
import { loadConfig } from './config.ts';
import { startServer } from './server.ts';

const config = loadConfig();
const engine = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.DATA_DIR}`;
// Run from the bundle (apps/api/dist/main.js), the build's prebuilt demo database lies beside it.
const server = await startServer(config, console.log, { prebuiltDemoDir: import.meta.dirname });
console.log(`Database: ${engine}`);
console.log(`Guardian survey platform ready in ${(server.readyMs / 1000).toFixed(1)} s at ${server.url}`);
console.log(`  open survey link (demo): ${server.url}/s/2026-basic/lahti`);
console.log(`  console: ${server.url}/console   reports: ${server.url}/reports`);
if (config.DEMO_DATA) {
  console.log('  demo sign-ins:');
  for (const u of DEMO_USERS) console.log(`    ${u.role.padEnd(21)} ${u.email.padEnd(34)} ${u.password}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close().finally(() => process.exit(0));
  });
}
