// A worker in its own process, so a test can SIGKILL it mid-job. Env: TEMPORAL_ADDRESS,
// TASK_QUEUE, WORKFLOW_BUNDLE. Prints "ready" once polling.
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createEventBus } from '../../src/events/event-bus';
import { createStrategyRegistry } from '../../src/strategies/registry';
import { createBatchJobWorker } from '../../src/worker';
import { testUnitsStrategy } from './test-strategies';

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const address = process.env.TEMPORAL_ADDRESS!;
  const connection = await NativeConnection.connect({ address });
  const client = new Client({ connection: await Connection.connect({ address }) });
  const worker = await createBatchJobWorker({
    connection,
    client,
    namespace: 'default',
    taskQueue: process.env.TASK_QUEUE!,
    strategies: createStrategyRegistry([testUnitsStrategy]),
    events: createEventBus(),
    workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE! },
  });
  const running = worker.run();
  console.log('ready');
  await running;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
