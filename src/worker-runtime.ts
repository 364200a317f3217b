// Starts a worker process's worker: connection, subscribers, strategies, and the run loop.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { Config } from './config';
import { createEventBus, type EventBus } from './events/event-bus';
import { registerSubscribers } from './events/subscribers';
import type { StrategyRegistry } from './strategies/registry';
import { buildWorkflowBundle } from './temporal/workflow-bundle';
import { createBatchJobWorker } from './worker';

export interface RunningWorker {
  worker: Worker;
  events: EventBus;
  /** Resolves when the worker has stopped. */
  finished: Promise<void>;
  shutdown(): Promise<void>;
}

export async function startWorker(options: {
  config: Config;
  address: string;
  strategies: StrategyRegistry;
  logger: Logger;
}): Promise<RunningWorker> {
  const { config, address, logger } = options;
  const nativeConnection = await NativeConnection.connect({ address });
  const clientConnection = await Connection.connect({ address });
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  const events = createEventBus();
  registerSubscribers(events, logger);
  const worker = await createBatchJobWorker({
    connection: nativeConnection,
    client,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    strategies: options.strategies,
    events,
    workflowBundle: { codePath: await buildWorkflowBundle(config.dataDir) },
  });
  logger.info({ taskQueue: config.temporal.taskQueue, types: options.strategies.types() }, 'worker started');
  const finished = worker.run().finally(async () => {
    await clientConnection.close();
    await nativeConnection.close();
  });
  return {
    worker,
    events,
    finished,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await finished;
    },
  };
}
