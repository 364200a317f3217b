// The raw pipelines as a plain process of their own, started by bench/run.ts through
// scripts/run-service.sh, so they run with the service's process settings (heap bound, malloc
// arenas): the only difference left between the two sides is the framework.
//   raw-main.ts export <catalog.db> <out.csv>
//   raw-main.ts import <catalog.db> <files dir> <file key> <chunk size>
// Prints {"ms": …} (the pipeline alone, not opening the catalog).
import { openCatalog } from '../src/catalog/database';
import { createLocalFileStore } from '../src/files/local-file-store';
import { rawExport, rawImport } from './pipelines';

async function main(): Promise<void> {
  const [mode, catalogFile, ...args] = process.argv.slice(2);
  const catalog = await openCatalog(catalogFile!);
  const started = performance.now();
  if (mode === 'export') await rawExport(catalog, args[0]!);
  else if (mode === 'import') await rawImport(catalog, createLocalFileStore(args[0]!), args[1]!, Number(args[2]));
  else throw new Error(`unknown mode ${mode}`);
  const ms = performance.now() - started;
  await catalog.destroy();
  console.log(JSON.stringify({ ms }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
