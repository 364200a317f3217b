// `npm run retry -- <job id>`: prints the `temporal workflow reset` command that retries a failed
// job from its last checkpoint (see README, "Retrying a failed job"). It changes nothing itself.
import { Connection, Client } from '@temporalio/client';
import { loadConfig } from './config';
import { findRetryResetEventId } from './temporal/reset-point';

async function main(): Promise<void> {
  const jobId = process.argv[2];
  if (!jobId?.startsWith('batch_')) throw new Error('usage: npm run retry -- <batch job id>');
  const config = loadConfig();
  const address = config.temporal.address ?? `127.0.0.1:${config.temporal.devPort}`;
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const history = await client.workflow.getHandle(jobId).fetchHistory();
    const eventId = findRetryResetEventId(history.events ?? []);
    console.log(
      `temporal workflow reset --address ${address} --namespace ${config.temporal.namespace} ` +
        `-w ${jobId} --event-id ${eventId} --reason "retry from last checkpoint"`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
