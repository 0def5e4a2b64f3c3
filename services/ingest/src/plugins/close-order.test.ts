/**
 * The Fastify 5 / avvio behaviour the service's shutdown relies on (plugins/shutdown.ts, runtime.ts). If an
 * upgrade changes any of it, this fails before the integration test of the real order does.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { shutdownStep } from './shutdown.js';

class BootError extends Error {}

function build(
  order: string[],
  options: { failIn?: string; throwInPreClose?: string } = {},
): FastifyInstance {
  const app = Fastify({ pluginTimeout: 0 });
  const plugin = (name: string, dependencies: string[] = []) =>
    fp(
      async (instance) => {
        instance.addHook('preClose', async () => {
          order.push(`preClose ${name}`);
          if (options.throwInPreClose === name) throw new Error(`preClose ${name} failed`);
        });
        instance.addHook('onClose', async () => {
          order.push(`onClose ${name}`);
        });
        if (options.failIn === name) throw new BootError(`${name} failed`);
      },
      { name, dependencies },
    );
  app.register(plugin('a'));
  app.register(plugin('b', ['a']));
  app.register(plugin('c', ['b']));
  return app;
}

describe('Fastify close hooks across fastify-plugin plugins', () => {
  it('runs preClose in registration order, closes the HTTP server, then onClose in reverse order', async () => {
    const order: string[] = [];
    const app = build(order);
    await app.listen({ port: 0, host: '127.0.0.1' });
    app.server.once('close', () => order.push('http server'));
    await app.close();
    expect(order).toEqual([
      'preClose a',
      'preClose b',
      'preClose c',
      'http server',
      'onClose c',
      'onClose b',
      'onClose a',
    ]);
  });

  it('after a plugin fails to boot, close() runs the hooks registered so far and ready() has the error itself', async () => {
    const order: string[] = [];
    const app = build(order, { failIn: 'b' });
    await expect(app.ready()).rejects.toBeInstanceOf(BootError);
    await app.close();
    expect(order).toEqual(['preClose a', 'preClose b', 'onClose b', 'onClose a']);
  });

  it('skips the remaining preClose hooks after one throws: why every step goes through shutdownStep', async () => {
    const order: string[] = [];
    const app = build(order, { throwInPreClose: 'a' });
    await app.ready();
    await expect(app.close()).rejects.toThrow('preClose a failed');
    expect(order).toEqual(['preClose a', 'onClose c', 'onClose b', 'onClose a']);
  });

  it('shutdownStep logs a failing step and lets the next ones run', async () => {
    const order: string[] = [];
    const warnings: string[] = [];
    const log = pino(
      { level: 'debug' },
      {
        write(line: string) {
          const entry = JSON.parse(line) as { shutdownStep?: string; level: number };
          if (entry.shutdownStep && entry.level === 40) warnings.push(entry.shutdownStep);
        },
      },
    );
    const app = Fastify({ loggerInstance: log });
    app.addHook(
      'preClose',
      shutdownStep(app, 'first', () => {
        order.push('first');
        throw new Error('broken');
      }),
    );
    app.addHook(
      'preClose',
      shutdownStep(app, 'second', () => order.push('second')),
    );
    await app.ready();
    await app.close();
    expect(order).toEqual(['first', 'second']);
    expect(warnings).toEqual(['first']);
  });
});
