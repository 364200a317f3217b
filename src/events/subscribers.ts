// Subscribers the worker registers at start. Add yours here: `bus.subscribe('batch.completed', handler)`
// or '*' for every event. A handler that throws is retried with backoff; the job never waits on it.
import type { Logger } from 'pino';
import type { EventBus } from './event-bus';

export function registerSubscribers(bus: EventBus, logger: Logger): void {
  bus.subscribe('*', (event) => {
    logger.info({ event: event.name, id: event.data.id, status: event.batch_job.status, sequence: event.sequence }, 'batch job event');
  });
}
