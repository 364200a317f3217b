import type { z } from 'zod';
import { BatchJobInputError } from './errors';

/** Validates a job's context, naming each bad field: `context.batch_size: expected number…`. */
export function parseContext<S extends z.ZodType>(schema: S, context: unknown): z.infer<S> {
  const parsed = schema.safeParse(context);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues
    .map((issue) => {
      const where = ['context', ...issue.path.map(String)].join('.');
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${where}.${key}: unknown field`).join('; ');
      return `${where}: ${issue.message}`;
    })
    .join('; ');
  throw new BatchJobInputError(message);
}
