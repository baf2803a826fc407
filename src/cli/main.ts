#!/usr/bin/env node
import { Command } from 'commander';
import { adminKeyCommand } from './admin-key-command.js';
import { benchCommand } from './bench-command.js';
import { importCommand } from './import-command.js';
import { seedCommand } from './seed-command.js';
import { serveCommand } from './serve-command.js';
import { verifyCommand } from './verify-command.js';

/** The `rushcart` command line: `serve` (default) and the operator commands. */
const program = new Command()
  .name('rushcart')
  .description('AI shopping assistant and commerce backend that survives flash crowds');

program.addCommand(serveCommand(), { isDefault: true });
program.addCommand(adminKeyCommand());
program.addCommand(seedCommand());
program.addCommand(importCommand());
program.addCommand(verifyCommand());
program.addCommand(benchCommand());

await program.parseAsync(process.argv);
