import { Hono } from 'hono';
import * as z from 'zod';
import { submitResponse } from '@gs/db';
import { CONTENT_LANGUAGES, DomainError, IdempotencyKey, Submission, SubmissionDraft } from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { assertMayTryCode, countWrongCode, holdOpenLinkSubmission } from '../lib/abuse.ts';
import { describe, validate } from '../lib/openapi.ts';
import { hideDraftRound, saveApiDraft, surveyForLink } from '../survey/service.ts';

const RoundParam = z.object({ round: z.string().min(1).max(40) });
const LinkParam = RoundParam.extend({ municipality: z.string().min(1).max(60) });
const SubmitBody = Submission.extend({ idempotencyKey: IdempotencyKey.optional() });
const SubmitHeader = z.object({ 'idempotency-key': IdempotencyKey.optional() });
const SubmitResult = z.object({ accepted: z.literal(true), round: z.string(), submittedOn: z.iso.date() });
const DraftBody = z.object({ token: z.string().min(1).max(64).optional(), data: SubmissionDraft });
const DraftSaved = z.object({ token: z.string(), created: z.boolean() });
const SurveyForLink = z.object({
  round: z.object({
    slug: z.string(),
    year: z.number(),
    status: z.string(),
    opensOn: z.string(),
    closesOn: z.string(),
  }),
  municipality: z.object({ slug: z.string(), code: z.string(), name: z.string() }),
  language: z.string(),
  languages: z.array(z.string()),
  title: z.string(),
  intro: z.string(),
  estimatedMinutes: z.number(),
  group: z.object({
    key: z.string(),
    label: z.string(),
    options: z.array(z.object({ key: z.string(), label: z.string() })),
  }),
  units: z.array(z.object({ id: z.number(), name: z.string() })),
  sections: z.array(z.object({ key: z.string(), title: z.string(), items: z.array(z.object({ key: z.string() })) })),
});

/** The guardian flow as JSON: the survey of an open link, complete responses (exactly once) and draft saves. */
export const surveyApiRoutes = new Hono<AppEnv>()
  .get(
    '/rounds/:round/municipalities/:municipality',
    describe({
      summary: 'The round and its instrument for an open link, in one language',
      description: 'Texts fall back to English where a content language lacks interface strings.',
      tags: ['survey'],
      responses: { 200: { description: 'OK', schema: SurveyForLink } },
    }),
    validate('param', LinkParam),
    validate('query', z.object({ lang: z.enum(CONTENT_LANGUAGES).optional() })),
    async (c) => {
      const { round, municipality } = c.req.valid('param');
      return c.json(await surveyForLink(c.var.db, round, municipality, c.req.valid('query').lang), 200);
    },
  )
  .post(
    '/rounds/:round/responses',
    describe({
      summary: 'Submit one complete response, exactly once per idempotency key',
      description:
        'Send a fresh Idempotency-Key header (or body field idempotencyKey) per response and reuse it on retries: a repeat stores nothing and gets the original result with Idempotent-Replayed: true. Stores the date only.',
      tags: ['survey'],
      responses: { 201: { description: 'Stored (or replayed)', schema: SubmitResult } },
    }),
    validate('param', RoundParam),
    validate('header', SubmitHeader),
    validate('json', SubmitBody),
    async (c) => {
      const { idempotencyKey: bodyKey, ...submission } = c.req.valid('json');
      const key = c.req.valid('header')['idempotency-key'] ?? bodyKey;
      if (!key) throw new DomainError('validation_failed', 'send an Idempotency-Key header', 'Idempotency-Key', 400);
      const roundSlug = c.req.valid('param').round;
      if (submission.accessCode) await assertMayTryCode(c);
      const held = !submission.accessCode && (await holdOpenLinkSubmission(c, roundSlug));
      const { result, replayed } = await submitResponse(c.var.db, {
        roundSlug,
        idempotencyKey: key,
        submission,
        held,
      }).catch(async (err: unknown) => {
        if (err instanceof DomainError && err.field === 'accessCode' && err.code === 'validation_failed') {
          await countWrongCode(c);
        }
        return hideDraftRound(c.var.db, roundSlug, err);
      });
      if (replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result, 201);
    },
  )
  .post(
    '/rounds/:round/drafts',
    describe({
      summary: 'Save unfinished answers; without a token a new draft is started and its token returned',
      description: 'Drafts never count in results and are deleted when the round closes.',
      tags: ['survey'],
      responses: {
        200: { description: 'Saved', schema: DraftSaved },
        201: { description: 'Started', schema: DraftSaved },
      },
    }),
    validate('param', RoundParam),
    validate('json', DraftBody),
    async (c) => {
      const saved = await saveApiDraft(c.var.db, c.req.valid('param').round, c.req.valid('json'));
      return c.json(saved, saved.created ? 201 : 200);
    },
  );
