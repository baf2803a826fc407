import { Command } from 'commander';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';

/** `rushcart serve`: starts the server and shuts it down gracefully on SIGINT or SIGTERM. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('start the HTTP server (the default command)')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 3000)')
    .option('--host <host>', 'interface to bind (env HOST, default 127.0.0.1)')
    .action(async (flags: { port?: string; host?: string }) => {
      const env = { ...process.env, ...(flags.port === undefined ? {} : { PORT: flags.port }) };
      const config = loadConfig(env, flags.host === undefined ? {} : { host: flags.host });
      const app = await createApp(config);
      if (app.secrets.adminKeyCreated) {
        process.stdout.write(
          `\nAdmin key (printed once; also stored in ${config.dataDir}/admin-key):\n  ${app.secrets.adminKey}\n\n`,
        );
      }
      // A crowd opens thousands of connections at once, and claims held in the waiting room keep
      // theirs open: with node's default accept backlog (511) the kernel dropped connection
      // attempts, and clients waited out SYN retransmits (1, 3, 7, 15 s). The kernel caps the
      // backlog at net.core.somaxconn.
      await app.server.listen({ port: config.port, host: config.host, backlog: 4096 });
      process.stdout.write(`Rushcart listening on http://${config.host}:${config.port}\n`);

      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        app.server.log.info({ signal }, 'shutting down: finishing in-flight requests');
        app.close().then(
          () => process.exit(0),
          (error: unknown) => {
            app.server.log.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}
