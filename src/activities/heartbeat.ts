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

/**
 * The SDK's heartbeat() goes through its heartbeat pipeline (and often the native bridge) on every
 * call, and strategies reach their context once per row: at 100,000 rows that was a measurable
 * share of an import's CPU (README, Performance). Calls through this go on at most every `ms`; one
 * per activity attempt, since concurrent activities must each keep their own heartbeat going.
 */
export function throttledHeartbeat(ms = 250): () => void {
  let last = 0;
  return () => {
    const now = Date.now();
    if (now - last < ms) return;
    last = now;
    heartbeat();
  };
}
