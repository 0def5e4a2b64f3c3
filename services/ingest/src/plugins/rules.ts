/**
 * twin-rules: the city pack's rules into the store (those it has never seen), then the rules engine
 * (rules/engine.ts) every RULES_INTERVAL_S while this instance leads maintenance — one instance at a time,
 * like the other leader jobs; the embedded engine always leads. A failed tick (an outage) is logged, counted
 * and retried at the next one: the stored position did not move, so nothing is skipped. Stopped before the
 * writer (onClose hooks run in reverse order).
 */
import fp from 'fastify-plugin';
import { Counter } from 'prom-client';
import { seedPackRules } from '../db/rules.js';
import { runRulesTick } from '../rules/engine.js';
import { shutdownStep } from './shutdown.js';

/** How long stopping waits for a running tick to finish. */
const STOP_WAIT_MS = 5_000;

export const rulesPlugin = fp(
  async (app) => {
    const { config, pool, writer } = app;
    const seeded = await seedPackRules(pool, app.city.rules);
    if (seeded.length > 0) app.log.info({ rules: seeded }, 'rules of the city pack added');
    const registry = app.metrics.registry;
    const actionsTotal = new Counter({
      name: 'twin_rule_actions_total',
      help: 'Actions the rules wrote (opened, resolved, assist_requested, escalated), by rule',
      labelNames: ['rule', 'action'],
      registers: [registry],
    });
    const errorsTotal = new Counter({
      name: 'twin_rule_errors_total',
      help: 'Rules engine ticks that failed (retried at the next tick) and rule actions refused',
      registers: [registry],
    });
    if (config.rulesIntervalS === 0) {
      app.log.info('rules are off (RULES_INTERVAL_S=0)');
      return;
    }
    const refusedBefore = new Set<string>();
    let stopped = false;
    let running: Promise<void> | null = null;
    let timer: NodeJS.Timeout | undefined;
    const tick = async () => {
      if (stopped || !app.maintenance.isLeader) return;
      try {
        const result = await runRulesTick(
          {
            pool,
            places: app.city.places,
            maxLagMs: config.rulesMaxLagS * 1000,
            write: (records) => writer.writeNow(records, config.actionTimeoutMs),
            onAction: (a) => actionsTotal.inc({ rule: a.ruleId, action: a.action }),
          },
          Date.now(),
        );
        // NOTE: a refused action comes back every tick: said (and counted) once per event id.
        for (const r of result.refused) {
          if (refusedBefore.has(r.eventId)) continue;
          if (refusedBefore.size >= 10_000) refusedBefore.clear();
          refusedBefore.add(r.eventId);
          errorsTotal.inc();
          app.log.warn(r, 'a rule action was refused');
        }
        for (const a of result.actions) app.log.info({ rule: a.ruleId, incidentId: a.incidentId }, a.summary);
      } catch (err) {
        errorsTotal.inc();
        if (!stopped) app.log.warn({ err }, 'rules tick failed; it is retried at the next tick');
      }
    };
    const schedule = () => {
      if (stopped) return;
      timer = setTimeout(() => {
        running = tick().finally(() => {
          running = null;
          schedule();
        });
      }, config.rulesIntervalS * 1000);
      timer.unref();
    };
    schedule();
    app.addHook(
      'onClose',
      shutdownStep(app, 'rules', async () => {
        stopped = true;
        clearTimeout(timer);
        if (running) await Promise.race([running, new Promise((r) => setTimeout(r, STOP_WAIT_MS))]);
      }),
    );
  },
  {
    name: 'twin-rules',
    dependencies: ['twin-config', 'twin-database', 'twin-writer', 'twin-maintenance'],
    fastify: '5.x',
  },
);
