// Errors the API answers with, in Medusa's shape `{type, message, code?}`. One pure function maps
// any error to a status and body; 5xx bodies never carry internals.
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { FileNotFoundError, InvalidFileKeyError } from '../files/file-store';
import { BatchJobInputError, UnknownBatchJobTypeError } from '../strategies/errors';

export type ErrorType = 'not_allowed' | 'invalid_data' | 'not_found' | 'unauthorized' | 'conflict' | 'unexpected_state' | 'unavailable';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly type: ErrorType,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const notAllowed = (message: string) => new ApiError(400, 'not_allowed', message);
export const invalidData = (message: string) => new ApiError(400, 'invalid_data', message);
export const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);
/** A refusal that no retry with the same request fixes, such as an expired download link. */
export const forbidden = (message: string) => new ApiError(403, 'not_allowed', message);
export const unavailable = (message: string) => new ApiError(503, 'unavailable', message);

export interface ErrorBody {
  type: ErrorType;
  message: string;
  code?: string;
}

export function toErrorResponse(err: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  if (err instanceof ApiError) {
    return { status: err.status, body: { type: err.type, message: err.message, ...(err.code ? { code: err.code } : {}) } };
  }
  if (err instanceof UnknownBatchJobTypeError) return toErrorResponse(invalidData(err.message));
  if (err instanceof BatchJobInputError) return toErrorResponse(invalidData(err.message));
  if (err instanceof InvalidFileKeyError) return toErrorResponse(invalidData(err.message));
  if (err instanceof FileNotFoundError) return toErrorResponse(notFound(err.message));
  if (err instanceof HTTPException && err.status < 500) {
    const message = err.message || 'Bad request';
    return { status: err.status, body: { type: 'invalid_data', message } };
  }
  return { status: 500, body: { type: 'unexpected_state', message: 'An unexpected error occurred' } };
}

/** Formats zod issues as one line naming each field: `context: expected object, received string`. */
export function describeIssues(issues: { path: PropertyKey[]; message: string; code?: string; keys?: string[] }[], prefix = ''): string {
  return issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys' && issue.keys) {
        const where = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
        return issue.keys.map((key) => `${where ? `${where}.` : ''}${key}: unknown field`).join('; ');
      }
      const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)';
      return `${field}: ${issue.message}`;
    })
    .join('; ');
}
