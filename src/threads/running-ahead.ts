// Work started now and awaited later, while the caller gets the next piece ready (an import's
// lookups and chunk writes on the catalog thread). Such a promise must never reject while nothing
// awaits it yet: Node counts that as an unhandled rejection and ends the process. So it settles to
// an outcome, and the error is thrown where it is awaited.

/** A task's outcome: its value, or why it failed. */
export type RunningAhead<T> = Promise<{ value: T } | { error: unknown }>;

/** Starts awaiting `task` without ever rejecting (see above). */
export const runAhead = <T>(task: Promise<T>): RunningAhead<T> =>
  task.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

/** The task's value, or its error thrown here. */
export async function outcomeOf<T>(running: RunningAhead<T>): Promise<T> {
  const outcome = await running;
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}
