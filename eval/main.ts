/**
 * `npm run eval -- <name>`: runs one evaluation from this folder. Each module exports `run(argv)`.
 */
const EVALUATIONS: Record<string, () => Promise<{ run(argv: string[]): Promise<void> }>> = {
  queries: () => import('./queries.js'),
  assistant: () => import('./assistant.js'),
  webshop: () => import('./webshop.js'),
  'mcp-shopper': () => import('./agents/mcp-shopper.js'),
  'acp-shopper': () => import('./agents/acp-shopper.js'),
  'ucp-shopper': () => import('./agents/ucp-shopper.js'),
};

const [name, ...argv] = process.argv.slice(2);
const load = name === undefined ? undefined : EVALUATIONS[name];
if (load === undefined) {
  process.stderr.write(`usage: npm run eval -- <${Object.keys(EVALUATIONS).join('|') || 'name'}> [flags]\n`);
  process.exit(2);
}
await (await load()).run(argv);
