import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
const PARAMS = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** scrypt with a random salt, stored as `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password.normalize('NFKC'), salt, 32, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(expected, actual);
}

type Zxcvbn = typeof import('@zxcvbn-ts/core').zxcvbn;
let strength: Promise<Zxcvbn> | undefined;

/** zxcvbn-ts with its common-password and name dictionaries, loaded on first use (they are large). */
function loadStrength(): Promise<Zxcvbn> {
  strength ??= (async () => {
    const [core, common] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]);
    core.zxcvbnOptions.setOptions({
      dictionary: common.dictionary,
      graphs: common.adjacencyGraphs,
    });
    return core.zxcvbn;
  })();
  return strength;
}

/** The smallest zxcvbn score (0-4) a chosen password must reach: 3, "safely unguessable" online. */
export const MIN_PASSWORD_SCORE = 3;

/**
 * Why a password someone chooses is too weak, or null when it will do: common
 * passwords, keyboard walks, repeats and the person's own name or address are
 * refused (zxcvbn-ts, a maintained estimator with the common-password lists).
 */
export async function weakPasswordReason(password: string, userInputs: readonly string[] = []): Promise<string | null> {
  const zxcvbn = await loadStrength();
  const inputs = userInputs
    .flatMap((s) => [s, ...s.toLowerCase().split(/[^\p{L}\p{N}]+/u)])
    .filter((s) => s.length > 2);
  const result = zxcvbn(password, [...inputs, 'kysely', 'huoltaja', 'vårdnadshavare', 'guardian', 'survey']);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  return 'this password is too easy to guess (a common word, name, pattern or repeat): choose a longer or less common one';
}
