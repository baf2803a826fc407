/**
 * `npm run bench -- tokens [--tokens N] [--rounds R]`: the CPU of one shopper-token check on a
 * cache miss, as a crowd of new shoppers pays it on every claim. Alternates, in one process and
 * on the same freshly signed tokens, jose's `jwtVerify` (what the token service ran for every
 * token before) and the token service's `verify` (its own-form path plus the cache insert), so
 * the two are compared in the same minutes. Writes `bench/results/tokens.json`.
 */

import { createSecretKey } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { jwtVerify } from 'jose';
import { newSecret } from '../src/shared/ids.js';
import { createTokenService } from '../src/shoppers/token-service.js';
import { round } from './lib/percentiles.js';

export async function run(argv: string[]): Promise<void> {
  const program = new Command('tokens')
    .option('--tokens <n>', 'token checks per round and per side', '20000')
    .option('--rounds <n>', 'rounds, each jose then the token service', '3')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const flags = program.opts<{ tokens: string; rounds: string }>();
  const count = Number(flags.tokens);
  const rounds = Number(flags.rounds);
  if (!(Number.isInteger(count) && count > 0)) throw new Error('--tokens must be a positive integer');
  if (!(Number.isInteger(rounds) && rounds > 0)) throw new Error('--rounds must be a positive integer');
  const secret = newSecret(32);
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const service = createTokenService(secret);
  const tokens: string[] = [];
  process.stdout.write(`signing ${count * rounds * 2} tokens ...\n`);
  for (let index = 0; index < count * rounds * 2; index += 1)
    tokens.push(await service.sign({ shopperId: `shp_bench_${index}` }));

  let next = 0;
  const time = async (check: (token: string) => Promise<unknown>) => {
    const started = process.hrtime.bigint();
    for (let index = 0; index < count; index += 1) await check(tokens[next++] as string);
    return Number(process.hrtime.bigint() - started) / count / 1000;
  };
  const rows = [];
  for (let index = 0; index < rounds; index += 1) {
    const jose = await time((token) => jwtVerify(token, key, { issuer: 'rushcart', algorithms: ['HS256'] }));
    const checked = await time((token) => service.verify(token));
    rows.push({
      round: index + 1,
      joseMicros: round(jose),
      tokenServiceMicros: round(checked),
      ratio: round(checked / jose),
    });
  }
  console.table(rows);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/tokens.json',
    `${JSON.stringify({ at: new Date().toISOString(), count, rows }, null, 2)}\n`,
  );
  process.stdout.write('wrote bench/results/tokens.json\n');
}
