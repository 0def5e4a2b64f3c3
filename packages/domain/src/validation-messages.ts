/**
 * Dead-letter wording: every problem of a message as one short sentence that names the field and what is
 * wrong, as `field: plain words` ("severity: must be an integer from 1 to 5 (got 9)"), never a regular expression. The people reading
 * these run the devices and feeds; they should not need the schema source to fix a message. Patterns are
 * worded by the `description` next to them in schemas.ts.
 */
import type { TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { FIELD_NAME_REGEX } from './patterns.js';
import { MAX_SENTENCE_CHARS, Problems, problem } from './problems.js';
import {
  codePointLabel,
  describeType,
  describeValue,
  firstUnpairedSurrogate,
  formatLimit,
  formatNumber,
  isControlCode,
  quote,
} from './text.js';

const checks = new Map<TSchema, TypeCheck<TSchema>>();
export function compiled<T extends TSchema>(schema: T): TypeCheck<T> {
  let check = checks.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    checks.set(schema, check);
  }
  return check as TypeCheck<T>;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Adds every problem of `value` against `schema` to `problems`, in plain words; true when there was none.
 * `subject` names the value itself when the problem is the whole thing ("reading must be a JSON object").
 */
export function collectSchemaProblems(
  problems: Problems,
  schema: TSchema,
  value: unknown,
  subject = 'payload',
): boolean {
  const check = compiled(schema);
  if (check.Check(value)) return true;
  const before = problems.count;
  for (const error of check.Errors(value)) {
    if (!isRedundant(error)) problems.add(() => describeError(error, subject));
  }
  if (problems.count === before) problems.add(problem(subject, 'does not match the wire contract'));
  return false;
}

/** Every problem of `value` against `schema` as a list of sentences (empty when valid). */
export function schemaProblems(schema: TSchema, value: unknown, subject = 'payload'): string[] {
  const problems = Problems.create(Number.POSITIVE_INFINITY);
  collectSchemaProblems(problems, schema, value, subject);
  return problems.list();
}

/** JSON-pointer path (`/values/pm 25`) → a field name a person reads (`values["pm 25"]`). */
export function fieldName(path: string, subject: string): string {
  if (path === '' || path === '/') return subject;
  let out = '';
  for (const raw of path.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (/^\d+$/.test(key)) out += `[${key}]`;
    else if (FIELD_NAME_REGEX.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${quote(key)}]`;
  }
  return out;
}

const patterns = new Map<string, RegExp>();
function patternOf(schema: TSchema): RegExp {
  const source = String(schema.pattern);
  let pattern = patterns.get(source);
  if (!pattern) {
    pattern = new RegExp(source);
    patterns.set(source, pattern);
  }
  return pattern;
}

function isNumberSchema(schema: TSchema): boolean {
  return schema.type === 'number' || schema.type === 'integer';
}

/** "from 1 to 5", "of at least 0", "greater than 0 and at most 86400", or "" when unbounded. */
function rangeText(schema: TSchema): string {
  const low =
    schema.exclusiveMinimum !== undefined
      ? `greater than ${formatLimit(schema.exclusiveMinimum)}`
      : schema.minimum !== undefined
        ? `${formatLimit(schema.minimum)}`
        : null;
  const high = schema.maximum !== undefined ? formatLimit(schema.maximum) : null;
  if (low !== null && high !== null)
    return schema.exclusiveMinimum !== undefined ? ` ${low} and at most ${high}` : ` from ${low} to ${high}`;
  if (low !== null) return schema.exclusiveMinimum !== undefined ? ` ${low}` : ` of at least ${low}`;
  if (high !== null) return ` of at most ${high}`;
  return '';
}

/** Symmetric ranges (±90, ±1e15) read best as "x = 1e+308 is outside the accepted range of ±1e15". */
function symmetricLimit(schema: TSchema): number | null {
  return typeof schema.maximum === 'number' && schema.minimum === -schema.maximum ? schema.maximum : null;
}

function numberProblem(error: ValueError, field: string): string {
  const { schema, value } = error;
  const kind = schema.type === 'integer' ? 'an integer' : 'a number';
  const limit = symmetricLimit(schema);
  if (typeof value !== 'number') {
    return problem(
      field,
      `must be ${kind}${limit === null ? rangeText(schema) : ''} (got ${describeType(value)})`,
    );
  }
  if (limit !== null && (!Number.isFinite(value) || Math.abs(value) > limit)) {
    return problem(field, `${formatNumber(value)} is outside the accepted range of ±${formatLimit(limit)}`);
  }
  return problem(field, `must be ${kind}${rangeText(schema)} (got ${formatNumber(value)})`);
}

function stringProblem(error: ValueError, field: string): string {
  const { schema, value } = error;
  if (typeof value !== 'string') return problem(field, `must be a string (got ${describeType(value)})`);
  switch (error.type) {
    case ValueErrorType.StringMinLength:
      return schema.minLength === 1
        ? problem(field, 'must not be empty')
        : problem(field, `must be at least ${schema.minLength} characters (got ${value.length})`);
    case ValueErrorType.StringMaxLength:
      return tooLong(field, schema, value);
    default: {
      // A control character is the likeliest reason a text or id misses its pattern, and the most
      // invisible one: name it. Each control character is tried against the field's own pattern, so
      // line breaks in a note (allowed there) are not blamed.
      const pattern = patternOf(schema);
      for (let i = 0; i < value.length; i++) {
        const code = value.charCodeAt(i);
        if (isControlCode(code) && !pattern.test(value[i]!)) {
          return problem(field, `contains a control character (${codePointLabel(code)})`);
        }
      }
      const rule = typeof schema.description === 'string' ? schema.description : 'in the expected format';
      return problem(field, `must be ${rule} (got ${quote(value)})`);
    }
  }
}

function unionProblem(error: ValueError, field: string): string {
  const { schema, value } = error;
  const variants = (schema.anyOf ?? []) as TSchema[];
  if (variants.length > 0 && variants.every((v) => v.const !== undefined)) {
    const list = variants.map((v) => String(v.const)).join(', ');
    const got = describeValue(value);
    const full = problem(field, `must be one of ${list} (got ${got})`);
    // NOTE: a long list would be cut before the value that was sent: then the value goes first.
    return full.length <= MAX_SENTENCE_CHARS ? full : problem(field, `${got} is not one of ${list}`);
  }
  const rule = typeof schema.description === 'string' ? schema.description : 'of another type';
  return problem(field, `must be ${rule} (got ${describeValue(value)})`);
}

/** A missing required field also fails its own schema; "is missing" already says it. */
function isRedundant(error: ValueError): boolean {
  return error.value === undefined && error.type !== ValueErrorType.ObjectRequiredProperty;
}

/** One TypeBox error as a sentence. */
export function describeError(error: ValueError, subject: string): string {
  const field = fieldName(error.path, subject);
  const { schema, value } = error;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return problem(field, 'missing');
    case ValueErrorType.ObjectAdditionalProperties:
      return problem(field, 'unexpected field');
    case ValueErrorType.Object:
      return problem(field, `must be a JSON object (got ${describeType(value)})`);
    case ValueErrorType.ObjectMinProperties:
      return problem(
        field,
        `must have at least ${schema.minProperties} entr${schema.minProperties === 1 ? 'y' : 'ies'} (got ${countKeys(value)})`,
      );
    case ValueErrorType.ObjectMaxProperties:
      return problem(field, `must have at most ${schema.maxProperties} entries (got ${countKeys(value)})`);
    case ValueErrorType.Array:
      return problem(field, `must be an array (got ${describeType(value)})`);
    case ValueErrorType.Boolean:
      return problem(field, `must be true or false (got ${describeValue(value)})`);
    case ValueErrorType.Literal:
      return problem(field, `must be ${JSON.stringify(schema.const)} (got ${describeValue(value)})`);
    case ValueErrorType.Union:
      return unionProblem(error, field);
    case ValueErrorType.String:
    case ValueErrorType.StringMinLength:
    case ValueErrorType.StringMaxLength:
    case ValueErrorType.StringPattern:
      return stringProblem(error, field);
    default:
      if (isNumberSchema(schema)) return numberProblem(error, field);
      return problem(field, `is not valid (got ${describeValue(value)})`);
  }
}

function countKeys(value: unknown): number {
  return typeof value === 'object' && value !== null ? Object.keys(value).length : 0;
}

/** Characters as a person counts them: code points, so an emoji is one. */
function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

function maxCharactersOf(schema: TSchema | undefined): number | undefined {
  return typeof schema?.maxCharacters === 'number' ? schema.maxCharacters : undefined;
}

function tooLong(field: string, schema: TSchema, value: string): string {
  const max = maxCharactersOf(schema) ?? schema.maxLength;
  return problem(
    field,
    `must be at most ${formatLimit(max)} characters (got ${formatLimit(characterCount(value))})`,
  );
}

/**
 * Problems of text fields that no schema keyword or pattern can express (a pattern risks the regex engine's
 * stack on long strings): a UTF-16 surrogate without its partner (valid in JSON, not storable as text), and
 * more characters than the field's `maxCharacters` (JSON Schema's maxLength counts UTF-16 units).
 * `fields` maps each text field to its schema.
 */
export function collectTextProblems(
  problems: Problems,
  object: Record<string, unknown>,
  fields: Readonly<Record<string, TSchema | undefined>>,
  where = '',
): void {
  for (const [field, schema] of Object.entries(fields)) {
    const value = object[field];
    if (typeof value !== 'string') continue;
    const at = firstUnpairedSurrogate(value);
    if (at >= 0)
      problems.add(() =>
        problem(
          `${where}${field}`,
          `contains an unpaired surrogate (${codePointLabel(value.charCodeAt(at))})`,
        ),
      );
    const max = maxCharactersOf(schema);
    // NOTE: beyond maxLength (twice the limit) the schema has said it already.
    if (max !== undefined && value.length <= 2 * max && value.length > max && characterCount(value) > max)
      problems.add(() => tooLong(`${where}${field}`, schema!, value));
  }
}
