import type { FileStore } from '../files/file-store';
import { BatchJobInputError } from './errors';

/** An import may only read a file its creator uploaded; anything else reads as missing. */
export async function assertOwnUpload(files: FileStore, fileKey: string, userId: string): Promise<void> {
  const file = await files.stat(fileKey);
  if (!file || file.owner !== userId) throw new BatchJobInputError(`context.fileKey: file ${fileKey} was not found`);
}
