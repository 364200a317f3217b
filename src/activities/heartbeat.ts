import { heartbeat } from '@temporalio/activity';

/**
 * Heartbeats on a timer while `run` works, so a dead worker is noticed within the heartbeat
 * timeout and a cancel reaches the activity (cancellation only travels on heartbeat responses).
 */
export async function whileHeartbeating<T>(run: () => Promise<T>, intervalMs = 1000): Promise<T> {
  heartbeat();
  const timer = setInterval(() => heartbeat(), intervalMs);
  try {
    return await run();
  } finally {
    clearInterval(timer);
  }
}
