/**
 * CPU time a run costs, read from Linux's /proc: the whole machine's (every core), the service's process,
 * PostgreSQL's processes and the broker's. Throughput on a shared 2-core machine swings by a quarter from
 * run to run; the CPU one reading costs moves far less, and it says where a change saved (or spent) time.
 * Elsewhere than Linux there is nothing to read and the figures are null.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** /proc reports process times in USER_HZ ticks, 100 a second on Linux whatever the kernel's own HZ. */
const TICK_MS = 10;

export interface CpuSnapshot {
  /** Busy time of every core together (user, nice, system, irq, softirq; not idle, iowait or steal). */
  machineMs: number;
  serviceMs: number;
  postgresMs: number;
  brokerMs: number;
}

export interface CpuPerReading {
  machineUs: number;
  serviceUs: number;
  postgresUs: number;
  brokerUs: number;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** utime + stime of one process, ms (the fields after the parenthesised command name). */
function processMs(pid: string): number {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Now, or null where /proc is missing. `servicePid`: the measured service (null: none runs). */
export function cpuSnapshot(servicePid: number | null): CpuSnapshot | null {
  const stat = read('/proc/stat');
  if (!stat) return null;
  const [user, nice, system, , , irq, softirq] = stat
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const snapshot: CpuSnapshot = {
    machineMs: (user! + nice! + system! + irq! + softirq!) * TICK_MS,
    serviceMs: servicePid === null ? 0 : processMs(String(servicePid)),
    postgresMs: 0,
    brokerMs: 0,
  };
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const comm = read(`/proc/${pid}/comm`)?.trim();
    if (comm === 'postgres') snapshot.postgresMs += processMs(pid);
    else if (comm === 'mosquitto') snapshot.brokerMs += processMs(pid);
  }
  return snapshot;
}

/**
 * Microseconds of CPU per reading between two snapshots. NOTE: PostgreSQL backends that exit during the run
 * take their time with them; the service's and the naive baseline's pools keep theirs open until the end.
 */
export function cpuPerReading(
  before: CpuSnapshot | null,
  after: CpuSnapshot | null,
  readings: number,
): CpuPerReading | null {
  if (!before || !after || readings <= 0) return null;
  const us = (a: number, b: number) => (Math.max(0, b - a) * 1000) / readings;
  return {
    machineUs: us(before.machineMs, after.machineMs),
    serviceUs: us(before.serviceMs, after.serviceMs),
    postgresUs: us(before.postgresMs, after.postgresMs),
    brokerUs: us(before.brokerMs, after.brokerMs),
  };
}
