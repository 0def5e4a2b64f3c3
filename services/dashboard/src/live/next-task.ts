/**
 * Runs work in a task of its own, after whatever the browser has waiting (a frame, input): the sensor store's
 * notifications are scheduled this way, so React's re-render of the map is never part of the task that
 * applied a live message.
 *
 * A MessageChannel message where there is one (browsers: not clamped like setTimeout), else setTimeout.
 */
export function nextTask(): (task: () => void) => void {
  if (typeof MessageChannel === 'undefined') return (task) => setTimeout(task, 0);
  const channel = new MessageChannel();
  const tasks: (() => void)[] = [];
  channel.port1.onmessage = () => tasks.shift()?.();
  // NOTE: in Node (unit tests) an open port keeps the process alive; browsers have no unref.
  (channel.port1 as { unref?(): void }).unref?.();
  return (task) => {
    tasks.push(task);
    channel.port2.postMessage(null);
  };
}
