import { createServer } from 'node:net';

/**
 * Fails with one readable line when the HTTP port cannot be bound, before the engines or any database
 * work start (a busy port would otherwise surface only after migrations).
 */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new Error(`port ${port} is already in use: stop what listens there, or set PORT to a free port`),
        );
      } else if (error.code === 'EACCES') {
        reject(new Error(`port ${port} needs privileges this process does not have: set PORT above 1023`));
      } else {
        reject(error);
      }
    });
    // Same address as app.listen(port): every interface.
    probe.listen(port, () => probe.close(() => resolve()));
  });
}
