/**
 * `cdk-pki`, the command line of the package (bin/cdk-pki runs `run()` from the compiled lib/cli/main.js): reads
 * the PKI report `PkiReport` writes into the cloud assembly at synthesis and prints the CA tree (`tree`), where the
 * report is with a summary (`report`), or the checklist with an exit code for CI (`check`); and plans the import of
 * existing CAs from a synthesized template (`import-plan`, import-plan.ts). Not part of the
 * library's API (src/index.ts does not export it). No dependencies: a small argument parser, Node's fs and path.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ASSEMBLY_DIR, findReports } from './assembly';
import { CommandContext, EXIT_OK, EXIT_USAGE, Writer, checkCommand, reportCommand, treeCommand } from './commands';
import { importPlanCommand } from './import-plan';

/** The streams and directory `main` runs with (the process's, from `run`). */
export interface CliIo {
  readonly stdout: Writer;
  readonly stderr: Writer;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
}

const COMMANDS = ['tree', 'report', 'check'] as const;
type Command = typeof COMMANDS[number];

/** The parsed command line. */
export interface CliArgs {
  readonly command?: Command;
  /** The cloud assembly directory (or a report JSON file), as given. */
  readonly target?: string;
  readonly json: boolean;
  readonly strict: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

export const HELP = `Usage: cdk-pki <command> [options] [assembly-dir]

Reads the PKI report that PkiReport writes into the cloud assembly at synthesis
(pki-report.json next to the templates) and prints it.

Commands:
  tree      The CA tree: each root and the CAs it signs, with account, Region,
            key, validity, and when each CA's certificate renews and expires
  report    Where the report files are (Markdown and JSON) and a summary: CAs,
            accounts, Regions, stacks, checklist counts, estimated monthly cost
  check     The best-practices checklist, item by item with its findings;
            exits 1 when an item fails (with --strict, also when one warns)
  import-plan
            The resource import that moves existing CAs under the library's
            constructs (cdk-pki import-plan --help)

Options:
  -o, --output <dir>  The cloud assembly directory (default: the "output" of
                      cdk.json, else cdk.out); also a positional argument, or
                      the path of a report JSON file
  -a, --app <dir>     The same, as \`cdk deploy --app cdk.out\` takes it
      --strict        check: fail on warnings too (acknowledged ones pass)
      --json          Print JSON for scripts instead of text
  -h, --help          Print this help
      --version       Print the version of cdk-pki

Exit codes:
  0  success; check: no item fails
  1  check: an item is FAIL (or, with --strict, WARN)
  2  wrong arguments, or no PKI report in the assembly

Examples:
  npx cdk synth && npx cdk-pki check --strict
  npx cdk-pki tree -o cdk.out
`;

type Parsed = { readonly args: CliArgs; readonly error?: undefined } | { readonly error: string; readonly args?: undefined };

const isCommand = (word: string): word is Command => (COMMANDS as readonly string[]).includes(word);

/** Parses the arguments after `cdk-pki`; returns a usage error instead of throwing. */
export function parseArgs(argv: readonly string[]): Parsed {
  let command: Command | undefined;
  let target: string | undefined;
  let json = false;
  let strict = false;
  let help = false;
  let version = false;
  const positionals: string[] = [];
  const setTarget = (value: string | undefined, option: string): string | undefined => {
    if (value === undefined || value === '') return `${option} needs a directory, for example ${option} cdk.out`;
    if (target !== undefined && target !== value) return `the assembly directory is given twice (${target} and ${value})`;
    target = value;
    return undefined;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    let problem: string | undefined;
    switch (name) {
      case '-h': case '--help': help = true; break;
      case '--version': version = true; break;
      case '--json': json = true; break;
      case '--strict': strict = true; break;
      case '-o': case '--output': case '-a': case '--app': {
        const value = inline ?? argv[++i];
        problem = inline === undefined && value?.startsWith('-') ? `${name} needs a directory, not ${value}` : setTarget(value, name);
        break;
      }
      default:
        if (name.startsWith('-') && name !== '-') problem = `unknown option ${name}`;
        else positionals.push(arg);
    }
    if (inline !== undefined && !['--output', '--app'].includes(name) && problem === undefined) problem = `${name} takes no value`;
    if (problem) return { error: problem };
  }
  if (positionals[0] === 'help') return { args: { json, strict, help: true, version } };
  if (positionals.length > 0) {
    const word = positionals.shift()!;
    if (!isCommand(word)) return { error: `unknown command '${word}'; the commands are ${COMMANDS.join(', ')}, import-plan` };
    command = word;
  }
  if (positionals.length > 1) return { error: `too many arguments: ${positionals.join(' ')}` };
  if (positionals.length === 1) {
    const problem = setTarget(positionals[0], 'the assembly directory');
    if (problem) return { error: problem };
  }
  if (strict && command !== undefined && command !== 'check') return { error: `--strict applies to check, not ${command}` };
  return { args: { command, target, json, strict, help, version } };
}

/** The version in the package's package.json (two levels above lib/cli/ and src/cli/ alike). */
export function packageVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The assembly directory when none is given: cdk.json's "output" in the working directory, else cdk.out. */
function defaultTarget(cwd: string): string {
  try {
    const output = JSON.parse(fs.readFileSync(path.join(cwd, 'cdk.json'), 'utf8')).output;
    if (typeof output === 'string' && output !== '') return output;
  } catch {
    // No cdk.json, or not JSON: the CDK CLI's default.
  }
  return DEFAULT_ASSEMBLY_DIR;
}

/** Runs the CLI with `argv` (the arguments after `cdk-pki`) and returns the exit code. Never throws for bad input. */
export function main(argv: readonly string[], io: CliIo): number {
  // A command of its own options, that reads templates, not the report.
  if (argv[0] === 'import-plan') return importPlanCommand(argv.slice(1), io);
  const parsed = parseArgs(argv);
  if (parsed.error !== undefined) {
    io.stderr.write(`cdk-pki: ${parsed.error}\nRun 'cdk-pki --help' for the commands and options.\n`);
    return EXIT_USAGE;
  }
  const args = parsed.args;
  if (args.help) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  if (args.version) {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (args.command === undefined) {
    io.stderr.write(`cdk-pki: give a command\n\n${HELP}`);
    return EXIT_USAGE;
  }
  const given = args.target ?? defaultTarget(io.cwd);
  const found = findReports(path.resolve(io.cwd, given), given);
  if (found.error !== undefined) {
    io.stderr.write(`cdk-pki: ${found.error}\n`);
    return EXIT_USAGE;
  }
  const ctx: CommandContext = { stdout: io.stdout, cwd: io.cwd, json: args.json };
  switch (args.command) {
    case 'tree': return treeCommand(ctx, found.reports);
    case 'report': return reportCommand(ctx, found.reports);
    case 'check': return checkCommand(ctx, found.reports, args.strict);
  }
}

/** The entry point of bin/cdk-pki: the process's arguments, streams and working directory; sets the exit code. */
export function run(argv: readonly string[] = process.argv.slice(2)): void {
  // Piped into `head` and the like: stop quietly, with the exit code, when the reader closes the pipe.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? EXIT_OK);
  });
  try {
    process.exitCode = main(argv, { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
  } catch (e) {
    process.stderr.write(`cdk-pki: ${(e as Error).stack ?? e}\n`);
    process.exitCode = EXIT_USAGE;
  }
}
