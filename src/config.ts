// The only reader of process.env: one zod schema, failing fast with every field's error.
import path from 'node:path';
import { z } from 'zod';
import { parseByteSize } from './byte-size';
import { DEFAULT_EXPORT_CHUNK_SIZE } from './strategies/chunked-export';
import type { WorkflowSettings } from './workflows/types';

const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "7d", "90s", "500ms", "720h" or a number of milliseconds. */
export function parseDurationMs(value: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(value.trim());
  if (!match) return null;
  const unit = (match[2] ?? 'ms') as keyof typeof DURATION_UNITS_MS;
  return Math.round(Number(match[1]) * DURATION_UNITS_MS[unit]);
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const ms = parseDurationMs(value);
      if (ms === null || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration such as 500ms, 30s, 7d` });
        return z.NEVER;
      }
      return ms;
    });

const byteSize = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const bytes = parseByteSize(value);
      if (bytes === null || bytes <= 0) {
        ctx.addIssue({ code: 'custom', message: `"${value}" is not a size such as 1048576, 512KB, 100MB, 1GB` });
        return z.NEVER;
      }
      return bytes;
    });

const integer = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(9000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** user_id:token pairs, comma separated. */
  API_TOKENS: z.string().optional(),
  /** An existing Temporal cluster; when unset, an embedded dev server is started. */
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('batch-jobs'),
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  TEMPORAL_CLI_PATH: z.string().optional(),
  JOB_RETENTION: duration('30d'),
  CONFIRM_TIMEOUT: duration('7d'),
  PROCESSING_MAX_ATTEMPTS: integer(5),
  PROCESSING_RETRY_INITIAL_INTERVAL: duration('1s'),
  PROCESSING_RETRY_MAX_INTERVAL: duration('1m'),
  HEARTBEAT_TIMEOUT: duration('10s'),
  PROCESSING_SLICE: duration('2m'),
  MAX_HISTORY_EVENTS: integer(2000),
  PROGRESS_PUBLISH_INTERVAL: duration('5s'),
  EVENT_MAX_ATTEMPTS: integer(10),
  CHUNK_PARALLELISM: integer(4),
  /** How long the API waits for a worker to answer a query or an update. */
  WORKER_RESPONSE_TIMEOUT: duration('5s'),
  /** The catalog's SQLite file; <DATA_DIR>/catalog.db when unset. */
  CATALOG_FILE: z.string().optional(),
  /** Products or orders per export chunk, rows per import chunk (one part file or transaction, one checkpoint). */
  EXPORT_CHUNK_SIZE: integer(DEFAULT_EXPORT_CHUNK_SIZE),
  IMPORT_CHUNK_SIZE: integer(1000),
  /** Where uploads and export output are kept; <DATA_DIR>/files when unset. */
  FILES_DIR: z.string().optional(),
  /** Per file. */
  MAX_UPLOAD_SIZE: byteSize('100MB'),
  DOWNLOAD_URL_TTL: duration('1h'),
  /** Signs download links; generated and kept in DATA_DIR when unset. Set it (the same everywhere)
   * when several API instances serve the same files. */
  FILE_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  dataDir: string;
  logLevel: Env['LOG_LEVEL'];
  apiTokens: string | undefined;
  temporal: {
    address: string | undefined;
    namespace: string;
    taskQueue: string;
    devPort: number;
    uiPort: number;
    cliPath: string | undefined;
  };
  jobRetentionMs: number;
  workerResponseTimeoutMs: number;
  workflow: WorkflowSettings;
  catalogFile: string;
  chunks: { exportSize: number; importSize: number };
  files: {
    dir: string;
    maxUploadBytes: number;
    downloadUrlTtlMs: number;
    signingSecret: string | undefined;
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    dataDir,
    logLevel: env.LOG_LEVEL,
    apiTokens: env.API_TOKENS,
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      devPort: env.TEMPORAL_DEV_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
      cliPath: env.TEMPORAL_CLI_PATH,
    },
    jobRetentionMs: env.JOB_RETENTION,
    workerResponseTimeoutMs: env.WORKER_RESPONSE_TIMEOUT,
    workflow: {
      confirmTimeoutMs: env.CONFIRM_TIMEOUT,
      processingMaxAttempts: env.PROCESSING_MAX_ATTEMPTS,
      processingRetryInitialIntervalMs: env.PROCESSING_RETRY_INITIAL_INTERVAL,
      processingRetryMaxIntervalMs: env.PROCESSING_RETRY_MAX_INTERVAL,
      heartbeatTimeoutMs: env.HEARTBEAT_TIMEOUT,
      sliceMs: env.PROCESSING_SLICE,
      maxHistoryEvents: env.MAX_HISTORY_EVENTS,
      progressPublishIntervalMs: env.PROGRESS_PUBLISH_INTERVAL,
      eventMaxAttempts: env.EVENT_MAX_ATTEMPTS,
      chunkParallelism: env.CHUNK_PARALLELISM,
    },
    catalogFile: env.CATALOG_FILE ? path.resolve(env.CATALOG_FILE) : path.join(dataDir, 'catalog.db'),
    chunks: { exportSize: env.EXPORT_CHUNK_SIZE, importSize: env.IMPORT_CHUNK_SIZE },
    files: {
      dir: env.FILES_DIR ? path.resolve(env.FILES_DIR) : path.join(dataDir, 'files'),
      maxUploadBytes: env.MAX_UPLOAD_SIZE,
      downloadUrlTtlMs: env.DOWNLOAD_URL_TTL,
      signingSecret: env.FILE_SIGNING_SECRET,
    },
  };
}
