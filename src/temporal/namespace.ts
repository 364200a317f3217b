// Start-up set-up of the namespace: the search attributes the list route needs, and the
// retention that keeps finished jobs listable for JOB_RETENTION.
import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { BATCH_JOB_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

const { IndexedValueType } = temporal.api.enums.v1;

export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = BATCH_JOB_SEARCH_ATTRIBUTES.filter((key) => !(key.name in (existing.customAttributes ?? {})));
  if (missing.length === 0) return;
  const searchAttributes = Object.fromEntries(
    missing.map((key) => [key.name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
  );
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (err) {
    // Another process (a second worker starting at the same time) may have added them first.
    if (!/already exists/i.test((err as Error).message)) throw err;
  }
}

export async function ensureRetention(connection: Connection, namespace: string, retentionMs: number): Promise<void> {
  const described = await connection.workflowService.describeNamespace({ namespace });
  const current = Number(described.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
  if (current === Math.round(retentionMs / 1000)) return;
  await connection.workflowService.updateNamespace({
    namespace,
    config: { workflowExecutionRetentionTtl: msToTs(retentionMs) },
  });
}

export async function setUpNamespace(connection: Connection, namespace: string, retentionMs: number): Promise<void> {
  await ensureSearchAttributes(connection, namespace);
  await ensureRetention(connection, namespace, retentionMs);
}
