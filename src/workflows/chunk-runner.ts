// Workflow code: runs a job's chunks with at most `parallelism` at once, in index order, so they
// spread over every polling worker. Deterministic (workflow promises only). Which chunks are done
// is kept as "all below N" plus the few done above it, so it stays tiny whatever the chunk count.

export interface ChunkProgress {
  /** Every chunk below this index is done. */
  doneBelow: number;
  /** Chunks done at or above doneBelow (at most `parallelism` of them). */
  doneAbove: number[];
}

export interface ChunkRun {
  total: number;
  parallelism: number;
  progress: ChunkProgress;
  runChunk(index: number): Promise<number>;
  /** Called as each chunk finishes, with the units it did. */
  onChunkDone(index: number, units: number): void;
  /** When true, no new chunk starts; the run returns 'paused' once those running are done. */
  shouldPause(): boolean;
  /** Called at the first failure, to stop the chunks still running (cancel their scope). */
  onFailure(): void;
}

function markDone(progress: ChunkProgress, index: number): void {
  progress.doneAbove.push(index);
  while (progress.doneAbove.includes(progress.doneBelow)) {
    progress.doneAbove.splice(progress.doneAbove.indexOf(progress.doneBelow), 1);
    progress.doneBelow += 1;
  }
}

/** Resolves 'finished' or 'paused'; rejects with the first chunk's failure once all have stopped. */
export async function runChunks(run: ChunkRun): Promise<'finished' | 'paused'> {
  const { progress } = run;
  const running = new Map<number, Promise<void>>();
  let failure: unknown = null;
  let next = progress.doneBelow;
  for (;;) {
    while (failure === null && !run.shouldPause() && running.size < run.parallelism && next < run.total) {
      const index = next++;
      if (progress.doneAbove.includes(index)) continue;
      running.set(
        index,
        run.runChunk(index).then(
          (units) => {
            markDone(progress, index);
            run.onChunkDone(index, units);
          },
          (err) => {
            if (failure === null) {
              failure = err;
              run.onFailure();
            }
          },
        ).finally(() => running.delete(index)),
      );
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  if (failure !== null) throw failure;
  return progress.doneBelow >= run.total ? 'finished' : 'paused';
}
