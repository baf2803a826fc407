/**
 * `npm run bench -- <name> [flags]`: runs one benchmark from this folder. Each benchmark module
 * exports `run(argv)`, prints a table while it goes, and writes JSON (and a chart where it helps)
 * under `bench/results/`.
 */
const BENCHMARKS: Record<string, () => Promise<{ run(argv: string[]): Promise<void> }>> = {
  abuse: () => import('./abuse.js'),
  assistant: () => import('./assistant.js'),
  claims: () => import('./claims.js'),
  search: () => import('./search.js'),
  'flash-crowd': () => import('./flash-crowd.js'),
  flame: () => import('./flame.js'),
  'request-costs': () => import('./request-costs.js'),
  'payments-faults': () => import('./payments-faults.js'),
  tokens: () => import('./tokens.js'),
};

const [name, ...argv] = process.argv.slice(2);
const load = name === undefined ? undefined : BENCHMARKS[name];
if (load === undefined) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|') || 'name'}> [flags]\n`);
  process.exit(2);
}
await (await load()).run(argv);
