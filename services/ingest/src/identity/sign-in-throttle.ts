/**
 * Repeated failed sign-ins for one name from one address are refused for a while, so a password cannot be
 * guessed at the speed of the network. Kept in this instance's memory: behind a load balancer each instance
 * counts its own (N instances allow N times the failures), which still bounds guessing to a crawl.
 */
/** Failed sign-ins allowed per name and address within the window, before a pause. */
export const SIGN_IN_MAX_FAILURES = 5;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

export interface ThrottleOptions {
  /** Failures within `windowMs` after which the key is refused until the oldest of them is out of the window. */
  maxFailures: number;
  windowMs: number;
  /** Keys remembered at most; the oldest are forgotten first (bounds memory under a spray of names). */
  maxKeys?: number;
}

export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly maxKeys: number;

  constructor(private readonly options: ThrottleOptions) {
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  static key(username: string, ip: string): string {
    return `${username.toLowerCase()}\u0000${ip}`;
  }

  /** Milliseconds until this key may try again; 0 = it may try now. */
  retryAfterMs(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    if (recent.length < this.options.maxFailures) return 0;
    return recent[recent.length - this.options.maxFailures]! + this.options.windowMs - now;
  }

  fail(key: string, now = Date.now()): void {
    const recent = this.recent(key, now);
    recent.push(now);
    // Re-inserted so the map's order is last-failure order, oldest first.
    this.failures.delete(key);
    this.failures.set(key, recent.slice(-this.options.maxFailures));
    while (this.failures.size > this.maxKeys) {
      const oldest = this.failures.keys().next().value as string;
      this.failures.delete(oldest);
    }
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    return times.filter((t) => now - t < this.options.windowMs);
  }
}
