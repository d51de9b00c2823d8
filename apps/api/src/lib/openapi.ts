import type { Hono, MiddlewareHandler, ValidationTargets } from 'hono';
import { validator } from 'hono/validator';
import * as z from 'zod';
import type { Role } from '@gs/schema';
import { refuseUnstorable } from './input-guard.ts';

const META = Symbol('openapi');

type Meta =
  | {
      kind: 'describe';
      summary: string;
      tags: string[];
      description?: string;
      responses: Record<number, DescribedResponse>;
    }
  | { kind: 'input'; target: keyof ValidationTargets; schema: z.ZodType }
  | { kind: 'security'; roles: readonly Role[] };

interface DescribedResponse {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
}

function tag<T extends MiddlewareHandler<any, any, any>>(mw: T, meta: Meta): T {
  (mw as unknown as Record<symbol, Meta>)[META] = meta;
  return mw;
}

/** Documents an operation in /api/openapi.json; does nothing at request time. */
export function describe(d: {
  summary: string;
  tags: string[];
  description?: string;
  responses?: Record<number, DescribedResponse>;
}): MiddlewareHandler {
  return tag(async (_c, next) => next(), {
    kind: 'describe',
    summary: d.summary,
    tags: d.tags,
    description: d.description,
    responses: d.responses ?? { 200: { description: 'OK' } },
  });
}

/**
 * Validates one part of the request with a shared zod schema; a failure throws
 * the ZodError, which the error handler turns into a 400 naming the field.
 * Strings holding NUL or unpaired surrogates are refused first, whatever the schema says.
 * The schema also documents the operation's input.
 */
export function validate<Target extends keyof ValidationTargets, S extends z.ZodType>(target: Target, schema: S) {
  const mw = validator(target, (value) => {
    refuseUnstorable(value, target === 'json' || target === 'form' ? undefined : target);
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw parsed.error;
    return parsed.data as z.output<S>;
  });
  (mw as unknown as Record<symbol, Meta>)[META] = { kind: 'input', target, schema };
  return mw;
}

/** Marks a middleware as requiring a session with one of these roles (for the document). */
export function securityMeta<T extends MiddlewareHandler<any, any, any>>(mw: T, roles: readonly Role[]): T {
  return tag(mw, { kind: 'security', roles });
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' });
}

/** Builds the OpenAPI 3 document from the routes' describe/validate/security metadata. */
export function buildOpenApi(app: Hono<any, any, any>, info: { title: string; version: string }) {
  const ops = new Map<string, { method: string; path: string; metas: Meta[] }>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    const meta = (r.handler as unknown as Record<symbol, Meta | undefined>)[META];
    const key = `${r.method} ${r.path}`;
    const op = ops.get(key) ?? { method: r.method.toLowerCase(), path: r.path, metas: [] };
    if (meta) op.metas.push(meta);
    ops.set(key, op);
  }
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, path, metas } of ops.values()) {
    const d = metas.find((m) => m.kind === 'describe');
    if (d?.kind !== 'describe') continue;
    const oaPath = path.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, '{$1}');
    const parameters: unknown[] = [];
    let requestBody: unknown;
    for (const m of metas) {
      if (m.kind !== 'input') continue;
      const js = jsonSchema(m.schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      if (m.target === 'param' || m.target === 'query' || m.target === 'header' || m.target === 'cookie') {
        const where = m.target === 'param' ? 'path' : m.target;
        for (const [name, schema] of Object.entries(js.properties ?? {})) {
          parameters.push({
            name,
            in: where,
            required: where === 'path' || (js.required ?? []).includes(name),
            schema,
          });
        }
      } else {
        const contentType = m.target === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
        requestBody = { required: true, content: { [contentType]: { schema: js } } };
      }
    }
    for (const match of oaPath.matchAll(/\{([A-Za-z_]+)\}/g)) {
      if (!parameters.some((p) => (p as { name: string }).name === match[1])) {
        parameters.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
      }
    }
    const security = metas.find((m) => m.kind === 'security');
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(d.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.schema
          ? { content: { [r.contentType ?? 'application/json']: { schema: jsonSchema(r.schema, 'output') } } }
          : {}),
      };
    }
    responses.default = {
      description: 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    paths[oaPath] ??= {};
    paths[oaPath][method] = {
      summary: d.summary,
      ...(d.description ? { description: d.description } : {}),
      tags: d.tags,
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      ...(security && security.kind === 'security'
        ? { security: [{ sessionCookie: [] }], 'x-roles': security.roles }
        : { security: [] }),
      responses,
    };
  }
  return {
    openapi: '3.0.3',
    info,
    paths,
    components: {
      securitySchemes: {
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'gs_session',
          description: 'Session cookie from POST /api/auth/sign-in; state-changing requests also send X-CSRF-Token.',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
            },
          },
        },
      },
    },
  };
}
