// Sizes as people write them ("100MB", "512 KB", "1048576") and as messages show them ("100 MB").
// Units are binary (1 KB = 1024 bytes), as upload limits usually are.

const UNITS = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 } as const;

/** "100MB", "1.5 GB", "512kb", "1048576" (bytes); null when it is not a size. */
export function parseByteSize(value: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb)?$/i.exec(value.trim());
  if (!match) return null;
  const unit = (match[2]?.toLowerCase() ?? 'b') as keyof typeof UNITS;
  return Math.floor(Number(match[1]) * UNITS[unit]);
}

/** In the largest unit that shows it exactly, so a limit reads as it was set: 104857600 → "100 MB", 1536 → "1536 bytes". */
export function formatByteSize(bytes: number): string {
  for (const unit of ['TB', 'GB', 'MB', 'KB'] as const) {
    const size = UNITS[unit.toLowerCase() as keyof typeof UNITS];
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return bytes === 1 ? '1 byte' : `${bytes} bytes`;
}
