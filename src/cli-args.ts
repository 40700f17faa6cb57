import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The command line of a script or of `npm start`, parsed strictly. `--help` (or `-h`) prints the usage on stdout
 * and exits 0; an unknown option or a missing value prints what is wrong and the usage on stderr and exits 2.
 *
 * @example
 * const { values } = parseCommandLine(USAGE, { options: { json: { type: 'boolean', default: false } } });
 */
export function parseCommandLine<T extends Omit<ParseArgsConfig, 'args' | 'strict'>>(
  usage: string,
  config: T,
  args = process.argv.slice(2),
): ReturnType<typeof parseArgs<T>> {
  const ownArgs = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (ownArgs.includes('--help') || ownArgs.includes('-h')) {
    process.stdout.write(`${usage.trim()}\n`);
    process.exit(0);
  }
  try {
    // Strict by default: an unknown option throws.
    return parseArgs<T>({ ...config, args });
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${usage.trim()}\n`);
    process.exit(2);
  }
}
