// CLI entry: flags, configuration, listeners, signals (SPEC §1).
import { ConfigError, DEFAULT_CONFIG_YAML, loadConfig, parseConfig } from './config/index.ts';
import type { MortConfig } from './config/index.ts';
import { createLogger, setLogger } from './monitoring/log.ts';
import { parseCli } from './cli.ts';
import { seedDemoData } from './demo.ts';
import { startServer } from './server/start.ts';
import { versionLine } from './version.ts';

async function readConfig(path: string | undefined): Promise<MortConfig> {
  if (path !== undefined) return loadConfig(path);
  await seedDemoData('./data');
  return parseConfig(DEFAULT_CONFIG_YAML);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (err) {
    fail(`mort: ${(err as Error).message}\nusage: mort [-config path/to/mort.yml] [-version]`);
  }
  if (options.version) {
    process.stdout.write(`${versionLine()}\n`);
    return;
  }

  let config: MortConfig;
  try {
    config = await readConfig(options.configPath);
  } catch (err) {
    if (err instanceof ConfigError) fail(`mort: invalid configuration\n${err.message}`);
    fail(`mort: cannot read configuration: ${(err as Error).message}`);
  }

  const logger = createLogger(config.server.logLevel);
  setLogger(logger);
  let server;
  try {
    server = await startServer(config);
  } catch (err) {
    fail(`mort: cannot start: ${(err as Error).message}`);
  }
  logger.info({
    version: versionLine(),
    config: options.configPath ?? '(embedded default)',
    listen: server.publicListeners.map((l) => l.url),
    internal: server.internalListener.url,
  }, 'mort started');

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    process.stdout.write('Bye...\n');
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

await main();
