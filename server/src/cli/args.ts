/** Wrong arguments: the command says why, prints its usage and exits 2. */
export class UsageError extends Error {}

export interface OptionReader {
  /** Other spellings of the option, as `-o` for `--output`. */
  aliases?: string[];
  /**
   * For an option that takes a value (`--name VALUE` or `--name=VALUE`), what it needs, said
   * as `--name needs …` when the value is missing. An option without it is a flag.
   */
  needs?: string;
  /** An empty value counts as missing. */
  nonEmpty?: boolean;
  /** Called for each use of the option, in the order given, with its value (`''` for a flag). */
  read: (value: string) => void;
}

/**
 * Reads a command's arguments: each option, by its name, to its reader; everything else is a
 * path. `--` ends the options, so a path may start with `-`; a lone `-` is a path. Throws
 * {@link UsageError} for an unknown option or a missing value. Returns the paths.
 */
export function readArgs(args: readonly string[], options: Record<string, OptionReader>): string[] {
  const byName = new Map<string, [string, OptionReader]>();
  for (const [name, option] of Object.entries(options)) {
    for (const spelling of [name, ...(option.aliases ?? [])]) byName.set(spelling, [name, option]);
  }
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      paths.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const found = byName.get(equals < 0 ? arg : arg.slice(0, equals));
    if (!found || (equals >= 0 && found[1].needs === undefined)) throw new UsageError(`unknown option "${arg}"`);
    const [name, option] = found;
    if (option.needs === undefined) {
      option.read('');
      continue;
    }
    const value = equals < 0 ? args[++i] : arg.slice(equals + 1);
    // `--config --no-config` lacks its file: an option of the command is never taken as the
    // value before it (`--config=--no-config` names such a file).
    const isOption = equals < 0 && value !== undefined && byName.has(value.includes('=') ? value.slice(0, value.indexOf('=')) : value);
    if (value === undefined || isOption || (option.nonEmpty && value === '')) throw new UsageError(`${name} needs ${option.needs}`);
    option.read(value);
  }
  return paths;
}

/**
 * `--config FILE` and `--no-config`, which exclude each other; `read` is given the file, or
 * false for none. `needs` is what a `--config` without its value is told it needs.
 */
export function configOptions(needs: string, read: (config: string | false) => void): Record<string, OptionReader> {
  let given: string | false | undefined;
  const choose = (config: string | false) => {
    if (given !== undefined && typeof given !== typeof config) throw new UsageError('--config and --no-config cannot be used together');
    given = config;
    read(config);
  };
  return {
    '--config': {
      needs,
      read: (value) => {
        if (!value) throw new UsageError('--config needs a file');
        choose(value);
      },
    },
    '--no-config': { read: () => choose(false) },
  };
}
