/**
 * Exit codes of `pulse` (documented in docs/cli.md), for schedulers that alert on them:
 * 0 done; 1 the command failed while running (database unreachable, DATA_DIR busy, an error);
 * 2 invalid usage (unknown command or option, a bad value, configuration the command needs is missing).
 */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A command refused before doing anything: the message says what to change. Exits with 2. */
export class UsageError extends Error {}
