// Where to reset a failed job so that it retries its work from the last checkpoint: the workflow
// task that scheduled the first attempt of the failing work. Resetting there replays the job up to
// that point, and the progress signals sent since are reapplied, bringing the newest checkpoint.
import { temporal } from '@temporalio/proto';

const WORK_ACTIVITIES = new Set(['preProcessBatchJob', 'processBatchJobSlice', 'processBatchJobChunk', 'finishBatchJob']);

/** A history event as `temporal workflow show -o json` prints it, or as the SDK returns it. */
type HistoryEvent = Record<string, any>;

function eventTypeName(event: HistoryEvent): string {
  const type = event.eventType;
  const name = typeof type === 'number' ? temporal.api.enums.v1.EventType[type] : String(type);
  return (name ?? '').replace(/^EVENT_TYPE_/, '');
}

const id = (value: unknown) => Number(String(value));

export function findRetryResetEventId(events: HistoryEvent[]): number {
  const workScheduled = new Map<number, number>(); // scheduled event id → workflow task completed id
  let streakStart: number | null = null;
  for (const event of events) {
    const type = eventTypeName(event);
    if (type === 'ACTIVITY_TASK_SCHEDULED') {
      const attributes = event.activityTaskScheduledEventAttributes;
      if (!WORK_ACTIVITIES.has(attributes?.activityType?.name)) continue;
      const taskCompleted = id(attributes.workflowTaskCompletedEventId);
      workScheduled.set(id(event.eventId), taskCompleted);
      streakStart ??= taskCompleted;
    } else if (type === 'ACTIVITY_TASK_COMPLETED') {
      // Work that succeeded ends a streak: the next failing attempt starts a new one.
      if (workScheduled.has(id(event.activityTaskCompletedEventAttributes?.scheduledEventId))) streakStart = null;
    }
  }
  if (streakStart === null) throw new Error('This run has no failed work to retry');
  return streakStart;
}
