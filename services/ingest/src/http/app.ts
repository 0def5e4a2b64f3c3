/**
 * The Fastify instance of the service: body and URL limits, validator settings and error wording. What it
 * serves and runs comes from the plugins (plugins/*.ts, registered by runtime.ts); the HTTP API itself is
 * plugins/routes.ts.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { requestErrorMessage } from './request-errors.js';

export function createApp(options: FastifyServerOptions = {}) {
  return Fastify({
    // Hostile strings in URLs/bodies are bounded by schemas; this bounds the body itself.
    bodyLimit: 64 * 1024,
    // NOTE: ids of the wire contract are up to 128 characters (percent-encoding can triple them); the
    // router's default of 100 answered 404 for longer ones that were stored.
    routerOptions: { maxParamLength: 512 },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    schemaErrorFormatter: (errors, dataVar) => new Error(requestErrorMessage(errors, dataVar)),
    // NOTE: the plugins start the database, run migrations and wait for the broker: no start-up step may
    // be cut off by avvio's default 10 s plugin timeout.
    pluginTimeout: 0,
    ...options,
  }).withTypeProvider<TypeBoxTypeProvider>();
}

export type App = ReturnType<typeof createApp>;
