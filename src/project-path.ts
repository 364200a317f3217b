// Paths inside the project folder, the same whether this code runs as TypeScript from src/ (tests,
// tsx) or compiled from dist/src/ (`npm start`): the folder is the nearest one up with package.json.
import { existsSync } from 'node:fs';
import path from 'node:path';

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

const ROOT = findProjectRoot(__dirname);

export const projectPath = (...segments: string[]) => path.join(ROOT, ...segments);
