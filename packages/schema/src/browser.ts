import * as z from 'zod';

/**
 * For the web app: zod parses without compiling code. Its fast path first probes `new Function`,
 * which our content security policy (no 'unsafe-eval') blocks and reports as a violation even
 * though zod catches it. The API keeps the compiled fast path.
 */
export function parseWithoutEval() {
  z.config({ jitless: true });
}
