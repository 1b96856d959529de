// Command-line flags, Go style and GNU style alike: -config x, --config x, -config=x, -version.

export interface CliOptions {
  configPath: string | undefined;
  version: boolean;
}

export function parseCli(args: readonly string[]): CliOptions {
  const options: CliOptions = { configPath: undefined, version: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    const name = flag.replace(/^--?/, '');
    if (name === 'version' && flag !== arg.replace(/^-*/, '')) {
      options.version = true;
    } else if (name === 'config' && flag.startsWith('-')) {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') throw new Error('-config needs a file path');
      options.configPath = value;
    } else {
      throw new Error(`unknown argument: ${arg}`);
    }
  }
  return options;
}
