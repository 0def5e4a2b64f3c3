// PROTOTYPE (bench only): a module resolve hook that makes the service load the bench's copy of
// deferred-acks (fast-queues-deferred-acks.ts) instead of src/ingest/deferred-acks.ts.
const replacement = new URL('./fast-queues-deferred-acks.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === './deferred-acks.js' && context.parentURL?.includes('/services/ingest/src/ingest/'))
    // Resolved by the next hook (tsx), which knows how to load TypeScript.
    return nextResolve(replacement, context);
  return nextResolve(specifier, context);
}
