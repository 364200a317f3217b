// Subscribers registered in the worker receive batch job events from the workflow, through the
// deliverBatchJobEvent activity: at least once, in order per job.
import type { BatchJobEventName } from '../batch-job';
import type { BatchJobEvent } from '../workflows/types';

export type BatchJobEventHandler = (event: BatchJobEvent) => void | Promise<void>;

export interface Subscriber {
  /** Stable for a given registration order, so a retry on another worker skips the same ones. */
  id: string;
  name: BatchJobEventName | '*';
  handler: BatchJobEventHandler;
}

export interface EventBus {
  /** Subscribes to one event, or to all with '*'. Returns a function that unsubscribes. */
  subscribe(name: BatchJobEventName | '*', handler: BatchJobEventHandler): () => void;
  subscribersFor(name: BatchJobEventName): Subscriber[];
}

export function createEventBus(): EventBus {
  const subscribers: Subscriber[] = [];
  let registered = 0;
  return {
    subscribe(name, handler) {
      const subscriber = { id: `${name}#${++registered}`, name, handler };
      subscribers.push(subscriber);
      return () => {
        const index = subscribers.indexOf(subscriber);
        if (index >= 0) subscribers.splice(index, 1);
      };
    },
    subscribersFor: (name) => subscribers.filter((s) => s.name === '*' || s.name === name),
  };
}
