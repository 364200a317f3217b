// Runs `temporal server start-dev` as a child process: the embedded server of `npm start`, and
// the real server the tests run against.
import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';

export interface DevServerOptions {
  cliPath: string;
  port: number;
  /** Web UI port; null for a headless server. */
  uiPort: number | null;
  /** SQLite file that keeps every workflow across restarts; null keeps them in memory. */
  dbFile: string | null;
  namespace: string;
  searchAttributes: SearchAttributeKey<any>[];
  onOutput?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface DevServer {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

const TYPE_NAMES: Record<string, string> = { KEYWORD: 'Keyword', TEXT: 'Text', INT: 'Int', DOUBLE: 'Double', BOOL: 'Bool', DATETIME: 'Datetime', KEYWORD_LIST: 'KeywordList' };

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--log-level', 'warn'];
  if (options.dbFile) args.push('--db-filename', options.dbFile, '--sqlite-pragma', 'journal_mode=WAL');
  if (options.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort), '--ui-disable-news-fetch');
  if (options.namespace !== 'default') args.push('--namespace', options.namespace);
  for (const key of options.searchAttributes) {
    args.push('--search-attribute', `${key.name}=${TYPE_NAMES[key.type] ?? key.type}`);
  }

  const child = spawn(options.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Never leave an orphaned server behind when this process exits, however it exits.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const recentOutput: string[] = [];
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      recentOutput.push(line);
      if (recentOutput.length > 20) recentOutput.shift();
      options.onOutput?.(line);
    }
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const address = `127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    const early = await Promise.race([exited, new Promise((r) => setTimeout(r, 250, 'waiting'))]);
    if (early !== 'waiting') {
      throw new Error(
        `temporal dev server exited with code ${early} (is port ${options.port} or ${options.uiPort} in use?)\n` +
          `  ${options.cliPath} ${args.join(' ')}\n${recentOutput.join('\n')}`,
      );
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`temporal dev server did not answer on ${address}: ${(err as Error).message}`);
      }
    }
  }

  return {
    address,
    uiUrl: options.uiPort === null ? null : `http://localhost:${options.uiPort}`,
    process: child,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
