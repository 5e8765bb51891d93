import { LoggerService } from '@nestjs/common';

const COLOURS: Record<string, number> = { error: 31, warn: 33, log: 32 };

/**
 * The CLI's log lines go to stderr, so stdout carries only a command's result (a key, a report line)
 * for scripts; colours only on a terminal and without NO_COLOR.
 */
export class CliLogger implements LoggerService {
  constructor(
    private readonly levels: ReadonlyArray<'error' | 'warn' | 'log'>,
    private readonly colours: boolean,
  ) {}

  log(message: unknown, context?: string): void {
    this.write('log', message, context);
  }

  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }

  error(message: unknown, ...rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    this.write('error', message, context);
  }

  private write(level: 'error' | 'warn' | 'log', message: unknown, context?: string): void {
    if (!this.levels.includes(level)) return;
    const name = level === 'log' ? 'INFO' : level.toUpperCase();
    const tag = this.colours ? `\x1b[${COLOURS[level]}m${name}\x1b[39m` : name;
    const text =
      message instanceof Error
        ? message.message
        : typeof message === 'string'
          ? message
          : JSON.stringify(message);
    process.stderr.write(`${tag} ${context ? `[${context}] ` : ''}${text}\n`);
  }
}

export function useColours(noColor: boolean): boolean {
  return process.stderr.isTTY === true && !noColor;
}
