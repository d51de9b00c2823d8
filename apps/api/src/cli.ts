import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createUser, hashPassword, migrateToLatest } from '@gs/db';
import { databaseIsEmpty, loadDemoData } from '@gs/db/demo';
import { DomainError, UserInput, issuesOf } from '@gs/schema';
import { loadConfig } from './config.ts';
import { openDatabase } from './server.ts';

const USAGE = `Usage:
  pnpm user:create --email EMAIL --name "NAME" --role coordinator|municipality_contact|steering_group
                   [--municipality CODE] [--password PASSWORD]
      The password may also come from the environment (GS_PASSWORD) or is asked for on stdin.
  pnpm demo:load [--seed N]
      Loads the demo data into the configured database when it is empty.`;

/** Reads one line from stdin; on a terminal it asks without echoing what is typed. */
async function readSecret(prompt: string): Promise<string> {
  const tty = process.stdin.isTTY === true;
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output: tty ? output : undefined, terminal: tty });
  if (tty) process.stdout.write(prompt);
  muted = true;
  const line = await new Promise<string>((resolve) => {
    rl.once('line', resolve);
    rl.once('close', () => resolve(''));
  });
  rl.close();
  if (tty) process.stdout.write('\n');
  return line;
}

async function userCreate(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      municipality: { type: 'string' },
      password: { type: 'string' },
    },
    strict: true,
  });
  const password =
    values.password ?? process.env.GS_PASSWORD ?? (await readSecret('Password (at least 12 characters): '));
  const parsed = UserInput.safeParse({
    email: values.email,
    name: values.name,
    role: values.role,
    municipalityCode: values.municipality ?? null,
    password,
  });
  if (!parsed.success) {
    for (const i of issuesOf(parsed.error))
      console.error(`  --${i.field === 'municipalityCode' ? 'municipality' : i.field}: ${i.message}`);
    console.error(`\n${USAGE}`);
    return 2;
  }
  const { password: plain, ...user } = parsed.data;
  const config = loadConfig();
  const connection = await openDatabase(config);
  try {
    await migrateToLatest(connection.db);
    const row = await createUser(connection.db, { ...user, passwordHash: await hashPassword(plain) }, null);
    console.log(`Created ${row.role} ${row.email} (id ${row.id}). Sign in at /console.`);
    return 0;
  } finally {
    await connection.close();
  }
}

async function demoLoad(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { seed: { type: 'string' } }, strict: true });
  const config = loadConfig();
  const seed = values.seed === undefined ? config.DEMO_SEED : Number(values.seed);
  if (!Number.isInteger(seed)) {
    console.error('  --seed: a whole number');
    return 2;
  }
  const connection = await openDatabase(config);
  try {
    await migrateToLatest(connection.db);
    if (!(await databaseIsEmpty(connection.db))) {
      console.error('The database already has municipalities or rounds: demo data is loaded only into an empty one.');
      return 1;
    }
    const s = await loadDemoData(connection.db, { seed });
    console.log(
      `Demo data loaded (seed ${seed}): ${s.municipalities} municipalities, ${s.units} units, ${s.rounds} rounds, ${s.responses} responses.`,
    );
    return 0;
  } finally {
    await connection.close();
  }
}

const [command, ...rest] = process.argv.slice(2).filter((a) => a !== '--');
const commands: Record<string, (argv: string[]) => Promise<number>> = {
  'user:create': userCreate,
  'demo:load': demoLoad,
};
const run = command ? commands[command] : undefined;
if (!run) {
  console.error(command ? `Unknown command '${command}'.\n\n${USAGE}` : USAGE);
  process.exit(2);
}
try {
  process.exit(await run(rest));
} catch (e) {
  if (e instanceof DomainError) {
    const flag = e.field
      ? `--${e.field.startsWith('municipalityCode') ? 'municipality' : e.field.split('.')[0]}: `
      : '';
    console.error(`  ${flag}${e.message}`);
    process.exit(1);
  }
  if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  throw e;
}
