// GET /admin/batch-jobs query strings, in the `qs` forms Medusa's client sends
// (`type[0]=a`, `type[]=a`, `created_at[gte]=...`, `completed_at=null`): parsing, validation,
// the part Temporal visibility can filter, and the exact filter applied to each record.
import qs from 'qs';
import { z } from 'zod';
import {
  BATCH_JOB_STATUSES,
  TIMESTAMP_FIELDS,
  type BatchJob,
  type TimestampField,
} from '../batch-job';
import { describeIssues, invalidData } from './http-errors';

const SAFE_VALUE = /^[^'"\\]*$/;
const safeString = z.string().min(1).regex(SAFE_VALUE, 'must not contain quotes or backslashes');
const stringList = z
  .union([safeString, z.array(safeString)])
  .transform((value) => (Array.isArray(value) ? value : value.split(',').filter(Boolean)));

const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO date');
const DATE_OPERATORS = ['lt', 'gt', 'lte', 'gte'] as const;
type DateOperator = (typeof DATE_OPERATORS)[number];
const dateFilter = z.union([
  z.literal('null'),
  isoDate,
  z.object(Object.fromEntries(DATE_OPERATORS.map((op) => [op, isoDate.optional()]))).strict(),
]);

const ORDER_VALUES = TIMESTAMP_FIELDS.flatMap((field) => [field, `-${field}`]) as [string, ...string[]];

export const ListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(0).max(1000).default(10),
    offset: z.coerce.number().int().min(0).default(0),
    order: z.enum(ORDER_VALUES).default('-created_at'),
    id: stringList.optional(),
    type: stringList.optional(),
    status: z
      .union([z.enum(BATCH_JOB_STATUSES), z.array(z.enum(BATCH_JOB_STATUSES))])
      .transform((value) => (Array.isArray(value) ? value : [value]))
      .optional(),
    // Accepted for Medusa's client, which may send them; the record is always served whole.
    expand: z.string().optional(),
    fields: z.string().optional(),
    ...Object.fromEntries(TIMESTAMP_FIELDS.map((field) => [field, dateFilter.optional()])),
  })
  .strict();

type DateFilterValue = 'null' | string | Partial<Record<DateOperator, string>>;
export type ListQuery = Omit<z.infer<typeof ListQuerySchema>, TimestampField> &
  Partial<Record<TimestampField, DateFilterValue>>;

/** Parses a raw query string (without `?`); throws a 400 naming each bad parameter. */
export function parseListQuery(rawQuery: string): ListQuery {
  const parsed = qs.parse(rawQuery, { ignoreQueryPrefix: true, depth: 2, arrayLimit: 200 });
  const result = ListQuerySchema.safeParse(parsed);
  if (!result.success) throw invalidData(describeIssues(result.error.issues));
  return result.data as ListQuery;
}

const quote = (value: string) => `'${value}'`;
const inList = (values: string[]) => `(${values.map(quote).join(', ')})`;

/**
 * The visibility query: exact on owner, type and id; a superset on dates; status and dates are
 * then filtered exactly on each record with `matchesListQuery`.
 */
export function toVisibilityQuery(query: ListQuery, userId: string, workflowType: string): string {
  const clauses = [
    `WorkflowType = ${quote(workflowType)}`,
    `BatchJobCreatedBy = ${quote(userId)}`,
    // A job continued-as-new leaves closed runs behind; only its newest run speaks for it.
    `ExecutionStatus != 'ContinuedAsNew'`,
  ];
  if (query.type?.length) clauses.push(`BatchJobType IN ${inList(query.type)}`);
  if (query.id?.length) clauses.push(`WorkflowId IN ${inList(query.id)}`);
  // Status is filtered on each record only: a run left behind by a reset, or a terminated
  // workflow, carries a BatchJobStatus that is not the job's status any more.
  // A run starts at or after its job's creation, so a lower bound on created_at bounds StartTime.
  const created = query.created_at;
  if (created && typeof created === 'object') {
    const lower = created.gte ?? created.gt;
    if (lower) clauses.push(`StartTime >= ${quote(new Date(lower).toISOString())}`);
  }
  return clauses.join(' AND ');
}

export function matchesListQuery(job: BatchJob, query: ListQuery): boolean {
  if (query.type && !query.type.includes(job.type)) return false;
  if (query.status && !query.status.includes(job.status)) return false;
  if (query.id && !query.id.includes(job.id)) return false;
  for (const field of TIMESTAMP_FIELDS) {
    const filter = query[field];
    if (filter !== undefined && !matchesDate(job[field], filter)) return false;
  }
  return true;
}

function matchesDate(value: string | null, filter: DateFilterValue): boolean {
  if (filter === 'null') return value === null;
  if (value === null) return false;
  const at = Date.parse(value);
  if (typeof filter === 'string') return at === Date.parse(filter);
  const holds: Record<DateOperator, (bound: number) => boolean> = {
    lt: (bound) => at < bound,
    gt: (bound) => at > bound,
    lte: (bound) => at <= bound,
    gte: (bound) => at >= bound,
  };
  return DATE_OPERATORS.every((op) => filter[op] === undefined || holds[op](Date.parse(filter[op])));
}

export function compareForOrder(order: string): (a: BatchJob, b: BatchJob) => number {
  const descending = order.startsWith('-');
  const field = (descending ? order.slice(1) : order) as TimestampField;
  const key = (job: BatchJob) => (job[field] === null ? -Infinity : Date.parse(job[field]!));
  return (a, b) => {
    const difference = key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return descending ? -difference : difference;
  };
}
