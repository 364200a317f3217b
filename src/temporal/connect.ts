import type { Logger } from 'pino';

/** Connects, retrying while the cluster starts (containers start in any order). */
export async function connectWithRetry<T>(connect: () => Promise<T>, logger: Logger, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      logger.warn({ attempt, err: (err as Error).message }, 'Temporal not reachable yet; retrying');
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 500 * attempt)));
    }
  }
}
