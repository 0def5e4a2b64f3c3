import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';

/** Fastify's own validation of a body against a schema, answered through the service's formatter. */
async function refusal(schema: object, body: unknown): Promise<string> {
  const app = createApp({ logger: false });
  app.post('/x', { schema: { body: schema } }, async () => 'ok');
  const res = await app.inject({ method: 'POST', url: '/x', payload: body as object });
  await app.close();
  expect(res.statusCode).toBe(400);
  return (res.json() as { message: string }).message;
}

describe('requestErrorMessage (through Fastify)', () => {
  const typeUnion = {
    type: 'object',
    properties: { type: { anyOf: [{ const: 'comment' }, { const: 'acknowledged' }, { const: 'closed' }] } },
    required: ['type'],
  };

  it('says once which values a union of constants allows, instead of one line per constant', async () => {
    expect(await refusal(typeUnion, { type: 'frobnicate' })).toBe(
      'body/type must be one of "comment", "acknowledged", "closed"',
    );
  });

  it('names an unknown parameter and keeps the other messages', async () => {
    const closed = { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false };
    expect(await refusal(closed, { b: 1 })).toBe('body has an unknown parameter "b"');
    const text = { type: 'object', properties: { a: { type: 'string', maxLength: 2 } } };
    expect(await refusal(text, { a: 'long' })).toBe('body/a must NOT have more than 2 characters');
  });

  it('leaves a union of objects as Ajv words it (the constants there are other branches, not a refusal)', async () => {
    const branches = {
      anyOf: [
        {
          type: 'object',
          properties: { kind: { const: 'a' }, x: { type: 'integer' } },
          required: ['kind', 'x'],
        },
        { type: 'object', properties: { kind: { const: 'b' } }, required: ['kind'] },
      ],
    };
    const message = await refusal(branches, { kind: 'a' });
    expect(message).not.toMatch(/must be one of/);
    expect(message).toMatch(/required property 'x'/);
  });

  it('control: a Fastify without the service’s formatter repeats the constants', async () => {
    const plain = Fastify({ logger: false });
    plain.post('/x', { schema: { body: typeUnion } }, async () => 'ok');
    const res = await plain.inject({ method: 'POST', url: '/x', payload: { type: 'frobnicate' } });
    await plain.close();
    expect((res.json() as { message: string }).message).toMatch(/must be equal to constant/);
  });
});
