// Builds the Temporal worker: workflows from the bundle, activities over the strategies.
import { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities } from './activities';
import type { EventBus } from './events/event-bus';
import type { StrategyRegistry } from './strategies/registry';
import { progressSignal } from './workflows/messages';

export interface WorkerDependencies {
  connection: NativeConnection;
  client: Client;
  namespace: string;
  taskQueue: string;
  strategies: StrategyRegistry;
  events: EventBus;
  /** A prebuilt bundle (tests, benchmarks); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
  identity?: string;
}

export async function createBatchJobWorker(deps: WorkerDependencies): Promise<Worker> {
  const activities = createActivities({
    strategies: deps.strategies,
    events: deps.events,
    sendProgress: (jobId, report) => deps.client.workflow.getHandle(jobId).signal(progressSignal, report),
  });
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    ...(deps.identity ? { identity: deps.identity } : {}),
    activities,
    ...(deps.workflowBundle
      ? { workflowBundle: deps.workflowBundle }
      : { workflowsPath: require.resolve('./workflows') }),
    // Heartbeats reach the server at least every second, so a cancel reaches running work fast.
    maxHeartbeatThrottleInterval: '1s',
    defaultHeartbeatThrottleInterval: '1s',
    // On shutdown, running work gets this long, then is canceled and resumed elsewhere.
    shutdownGraceTime: '2s',
  });
}
