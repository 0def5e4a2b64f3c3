/**
 * The rules, for every signed-in principal: the list with when each last fired and how often in the last
 * 24 h, one rule, its versions, and dry runs ("what would this rule have done over that window?") of a stored
 * rule or of one in the body (an admin trying an edit before saving). Read-only; the changes are the admin's
 * (admin-rules.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  type Rule,
  RuleDryRunSchema,
  RuleListSchema,
  RuleSchema,
  RuleViewSchema,
  ruleProblems,
} from '@twin/domain';
import { getRuleView, listRuleViews, ruleVersions } from '../../db/rules.js';
import { DRY_RUN_MAX_ACTIONS, dryRun } from '../../rules/dry-run.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { parseReplayWindow } from '../query-params.js';
import { ErrorResponse, TimeParam } from '../schemas.js';

/** A dry run covers at most a week. */
const DRY_RUN_MAX_WINDOW_MS = 7 * 86_400_000;

const RuleIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const RuleVersionListSchema = Type.Object({
  ruleId: Type.String(),
  /** Newest first. */
  versions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      rule: RuleSchema,
      origin: Type.Union([Type.Literal('pack'), Type.Literal('admin')]),
      updatedAt: Type.Number(),
      updatedBy: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

const DRY_RUN_DESCRIPTION =
  `What the rule would have done over [from, to] (at most 7 days) from the stored readings and incident ` +
  `events, evaluated exactly as the live engine does; nothing is written. At most ${DRY_RUN_MAX_ACTIONS} ` +
  'actions (`truncated` says when there were more, or when the window held more data than one run reads).';

/** from/to of a dry run: required, in order, at most a week apart; every problem in one 400. */
function dryRunWindow(from: unknown, to: unknown): { from: number; to: number } {
  const text = (v: unknown) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v : undefined);
  const { from: f, to: t } = parseReplayWindow(
    { from: text(from), to: text(to) },
    { maxWindowMs: DRY_RUN_MAX_WINDOW_MS, defaultBucketMs: () => 0 },
  );
  return { from: f, to: t };
}

export const ruleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/rules',
    {
      schema: {
        summary: 'The rules, with when each last fired and how often in the last 24 h',
        response: { 200: RuleListSchema },
      },
    },
    async () => ({ rules: await listRuleViews(app.readPool) }),
  );

  app.get(
    '/rules/:id',
    {
      schema: {
        summary: 'One rule',
        params: RuleIdParams,
        response: { 200: RuleViewSchema, 404: ErrorResponse },
      },
    },
    async (req) => {
      const view = await getRuleView(app.readPool, req.params.id);
      if (!view) throw new NotFoundError('rule', req.params.id);
      return view;
    },
  );

  app.get(
    '/rules/:id/versions',
    {
      schema: {
        summary: 'Every version of a rule, newest first, with who saved it and when',
        params: RuleIdParams,
        response: { 200: RuleVersionListSchema, 404: ErrorResponse },
      },
    },
    async (req) => {
      const versions = await ruleVersions(app.readPool, req.params.id);
      if (versions.length === 0) throw new NotFoundError('rule', req.params.id);
      return { ruleId: req.params.id, versions };
    },
  );

  app.post(
    '/rules/:id/dry-run',
    {
      schema: {
        summary: 'What a stored rule would have done over a past window',
        description: DRY_RUN_DESCRIPTION,
        params: RuleIdParams,
        querystring: Type.Object({ from: Type.Optional(TimeParam), to: Type.Optional(TimeParam) }),
        response: { 200: RuleDryRunSchema, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => {
      const { from, to } = dryRunWindow(req.query.from, req.query.to);
      const view = await getRuleView(app.readPool, req.params.id);
      if (!view) throw new NotFoundError('rule', req.params.id);
      return dryRun(app.readPool, app.city.places, view.rule, from, to);
    },
  );

  app.post(
    '/rules/dry-run',
    {
      schema: {
        summary:
          'What a rule given in the body would have done over a past window (try an edit before saving)',
        description: `${DRY_RUN_DESCRIPTION} The body is \`{rule, from, to}\`; \`rule\` follows the rule schema.`,
        body: Type.Object(
          {
            rule: Type.Unknown({ description: 'a rule (docs/rules.md)' }),
            from: Type.Union([Type.Number(), TimeParam]),
            to: Type.Union([Type.Number(), TimeParam]),
          },
          { additionalProperties: false },
        ),
        response: { 200: RuleDryRunSchema, 400: ErrorResponse },
      },
    },
    async (req) => {
      const problems = ruleProblems(req.body.rule, 'rule').map((p) =>
        p.startsWith('rule') ? p : `rule.${p}`,
      );
      let window: { from: number; to: number } | null = null;
      try {
        window = dryRunWindow(req.body.from, req.body.to);
      } catch (err) {
        problems.push((err as Error).message);
      }
      if (problems.length > 0 || !window) throw new BadRequestError(problems.join('; '));
      return dryRun(app.readPool, app.city.places, req.body.rule as Rule, window.from, window.to);
    },
  );
};
