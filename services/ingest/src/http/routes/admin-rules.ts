/**
 * Admin API of rules (mounted under /api/v1/admin, behind the admin role): create, replace, switch on or
 * off, delete. Every change is a new version (GET /api/v1/rules/:id/versions) with who made it; a rule an admin
 * changed is never overwritten by the city pack. A rule is checked against the schema of its kind and every
 * department it names must exist: a 400 lists every problem in plain words.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { type Rule, RuleViewSchema, ruleDepartments, ruleProblems } from '@twin/domain';
import { existingDepartments } from '../../db/departments.js';
import { createRule, deleteRule, getRuleView, replaceRule, setRuleEnabled } from '../../db/rules.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { ErrorResponse } from '../schemas.js';

const RuleIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const RuleBody = Type.Unknown({
  description: 'a rule: {id, description, enabled, kind, when, action} (docs/rules.md, the RuleSchema)',
});
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

export const adminRuleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The rule, or a 400 naming every problem (schema, id mismatch, unknown departments). */
  async function checked(body: unknown, pathId?: string): Promise<Rule> {
    const problems = ruleProblems(body, 'rule');
    if (problems.length === 0) {
      const rule = body as Rule;
      if (pathId !== undefined && rule.id !== pathId)
        problems.push(`id: must be the rule of the path, "${pathId}" (got "${rule.id}")`);
      const named = [...new Set(ruleDepartments(rule))];
      const known = await existingDepartments(app.pool, named);
      for (const dept of named)
        if (!known.has(dept))
          problems.push(
            `department "${dept}" is unknown (neither listed by the city pack nor seen in any feed)`,
          );
    }
    if (problems.length > 0) throw new BadRequestError(problems.join('; '));
    return body as Rule;
  }

  app.post(
    '/rules',
    {
      schema: {
        summary: 'Create a rule (409 when the id is taken)',
        body: RuleBody,
        response: { 201: RuleViewSchema, 409: ErrorResponse, ...errors },
      },
    },
    async (req, reply) => {
      const rule = await checked(req.body);
      if (!(await createRule(app.pool, rule, req.principal!.username)))
        return reply.code(409).send({ error: 'Conflict', message: `rule "${rule.id}" already exists` });
      req.log.info({ rule: rule.id, by: req.principal!.username }, 'rule created');
      return reply.code(201).send((await getRuleView(app.pool, rule.id))!);
    },
  );

  app.put(
    '/rules/:id',
    {
      schema: {
        summary: 'Replace a rule (a new version; the city pack no longer changes it)',
        params: RuleIdParams,
        body: RuleBody,
        response: { 200: RuleViewSchema, 404: ErrorResponse, ...errors },
      },
    },
    async (req) => {
      const rule = await checked(req.body, req.params.id);
      if (!(await replaceRule(app.pool, rule, req.principal!.username)))
        throw new NotFoundError('rule', req.params.id);
      req.log.info({ rule: rule.id, by: req.principal!.username }, 'rule replaced');
      return (await getRuleView(app.pool, rule.id))!;
    },
  );

  app.patch(
    '/rules/:id',
    {
      schema: {
        summary: 'Switch a rule on or off (a new version)',
        params: RuleIdParams,
        body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: RuleViewSchema, 404: ErrorResponse, ...errors },
      },
    },
    async (req) => {
      const { id } = req.params;
      if (!(await setRuleEnabled(app.pool, id, req.body.enabled, req.principal!.username)))
        throw new NotFoundError('rule', id);
      req.log.info({ rule: id, enabled: req.body.enabled, by: req.principal!.username }, 'rule switched');
      return (await getRuleView(app.pool, id))!;
    },
  );

  app.delete(
    '/rules/:id',
    {
      schema: {
        summary:
          'Delete a rule: it stops acting; its versions and firings stay, and the city pack does not bring it back',
        params: RuleIdParams,
        response: { 204: Type.Null(), 404: ErrorResponse, ...errors },
      },
    },
    async (req, reply) => {
      if (!(await deleteRule(app.pool, req.params.id))) throw new NotFoundError('rule', req.params.id);
      req.log.info({ rule: req.params.id, by: req.principal!.username }, 'rule deleted');
      return reply.code(204).send(null);
    },
  );
};
