// "Did you mean …?" for misspelt column headers.
import { distance } from 'fastest-levenshtein';

/** The candidate nearest to `text` (case-insensitive), if near enough to be a plausible misspelling. */
export function closest(text: string, candidates: readonly string[]): string | null {
  let best: { candidate: string; distance: number } | null = null;
  for (const candidate of candidates) {
    const d = distance(text.trim().toLowerCase(), candidate.toLowerCase());
    if (!best || d < best.distance) best = { candidate, distance: d };
  }
  if (!best) return null;
  return best.distance <= Math.max(2, Math.floor(best.candidate.length / 3)) ? best.candidate : null;
}
