/**
 * A refused request's validation errors (Ajv's) as one plain message. A value that matched none of a
 * union's constants (an unknown action type) made Ajv report each constant it tried, then the union itself:
 * "body/type must be equal to constant" a dozen times. Here that is one sentence listing what is allowed.
 */
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';

const isUnion = (e: FastifySchemaValidationError) => e.keyword === 'anyOf' || e.keyword === 'oneOf';

export function requestErrorMessage(errors: FastifySchemaValidationError[], dataVar: string): string {
  // NOTE: only a union of constants at the very place of the value (a union of literals) means "none of
  // these"; constants inside a union of objects fail in every branch but the one the value chose.
  const literalUnions = new Set(errors.filter(isUnion).map((e) => e.instancePath));
  const allowed = new Map<string, string[]>();
  for (const e of errors)
    if (e.keyword === 'const' && literalUnions.has(e.instancePath)) {
      const list = allowed.get(e.instancePath) ?? [];
      list.push(JSON.stringify(e.params.allowedValue));
      allowed.set(e.instancePath, list);
    }
  const said = new Set<string>();
  const sentences: string[] = [];
  for (const e of errors) {
    const where = `${dataVar}${e.instancePath}`;
    const choices = allowed.get(e.instancePath);
    if (choices !== undefined && (e.keyword === 'const' || isUnion(e))) {
      if (said.has(e.instancePath)) continue;
      said.add(e.instancePath);
      sentences.push(`${where} must be one of ${choices.join(', ')}`);
      continue;
    }
    // NOTE: Ajv says "must NOT have additional properties" without naming the one that is unknown.
    sentences.push(
      e.keyword === 'additionalProperties'
        ? `${dataVar} has an unknown parameter "${String(e.params.additionalProperty)}"`
        : `${where} ${e.message ?? 'is invalid'}`,
    );
  }
  return sentences.join(', ');
}
