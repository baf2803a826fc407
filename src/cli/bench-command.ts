import { Command } from 'commander';

/** `rushcart bench flash-crowd [flags]`: the flash-crowd load generator (see bench/flash-crowd.ts). */
export function benchCommand(): Command {
  const bench = new Command('bench').description('run a benchmark against a fresh or running server');
  bench
    .command('flash-crowd')
    .description('open-loop flash crowd: --shoppers N --budget B --rate R --duration S [--url U] [--sweep]')
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false)
    .action(async (_options: unknown, command: Command) => {
      const { run } = await import('../../bench/flash-crowd.js');
      await run(command.args);
    });
  return bench;
}
