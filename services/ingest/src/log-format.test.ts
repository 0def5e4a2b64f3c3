import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, prettyLogLine, resolveLogFormat } from './log-format.js';

function capture() {
  let text = '';
  const out = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { out, text: () => text };
}

describe('log format', () => {
  it('is pretty on a terminal and JSON otherwise when auto', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('prints one compact line per record: time, level, message, fields', () => {
    const line = prettyLogLine(
      JSON.stringify({
        level: 40,
        time: Date.UTC(2026, 0, 1, 12, 3, 4),
        pid: 1,
        hostname: 'h',
        msg: 'slow batch',
        rows: 2000,
        topic: 'city/v1 x',
      }),
    );
    expect(line).toMatch(/^\d\d:\d\d:\d\d WARN {2}slow batch rows=2000 topic="city\/v1 x"\n$/);
    expect(line).not.toContain('hostname');
  });

  it('indents an error stack under its line and passes non-JSON through', () => {
    const line = prettyLogLine(
      JSON.stringify({ level: 50, time: 0, msg: 'boom', err: { message: 'x', stack: 'Error: x\n    at f' } }),
    );
    expect(line).toContain('ERROR boom\n    Error: x\n        at f\n');
    expect(prettyLogLine('plain words')).toBe('plain words\n');
  });

  it('writes JSON records or pretty lines to the given stream', () => {
    const json = capture();
    createLogger({ level: 'info', format: 'json' }, json.out).info({ n: 1 }, 'hello');
    expect(JSON.parse(json.text())).toMatchObject({ msg: 'hello', n: 1, level: 30 });
    const pretty = capture();
    createLogger({ level: 'info', format: 'pretty' }, pretty.out).info({ n: 1 }, 'hello');
    expect(pretty.text()).toMatch(/INFO {2}hello n=1\n$/);
  });
});
