/**
 * A problem the person starting the service can fix (a setting, a port, a folder in use): main.ts prints its
 * message as one line instead of a stack trace. Every such error is a subclass, so nothing matches message
 * text to decide how to report it.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
