/**
 * `cdk-pki import-plan`: the CloudFormation resource import that moves existing CAs under the library's constructs
 * (docs/migrating.md), from the synthesized template of the app and the CAs' ARNs and descriptions. Writes the import
 * template, the ResourcesToImport of create-change-set and the resource mapping of cdk import; exits 1 with every
 * reason when the plan must not be used.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIo } from './main';
import { CaToImport, DescribedCa, TemplateJson, planCaImport } from '../migration/ca-import';

export const IMPORT_PLAN_HELP = `Usage: cdk-pki import-plan --template <file> --ca <logicalId>=<CA ARN> [options]

Plans the CloudFormation resource import that puts existing CAs under the
library's constructs (docs/migrating.md): an import template with only the CAs
(a root with its certificate and activation), under the logical ids of the
synthesized template, and checks their create-only properties.

Options:
  --template <file>            The stack's template as cdk synth wrote it
  --ca <logicalId>=<arn>       A CA to import (repeat for each CA)
  --certificate <logicalId>=<arn>
                               A root's installed certificate ARN
  --describe <logicalId>=<file>
                               aws acm-pca describe-certificate-authority
                               --query CertificateAuthority of that CA
  --current <file>             The stack's deployed template, when it exists
  --out <dir>                  Where to write the plan (default: import)
  -h, --help                   Print this help

Writes <out>/import.template.json, <out>/resources-to-import.json and
<out>/resource-mapping.json. Exit codes: 0 planned, 1 refused (every reason
printed), 2 wrong arguments or unreadable files.
`;

interface ImportPlanArgs {
  template?: string;
  current?: string;
  out: string;
  readonly cas: Map<string, { arn?: string; certificateArn?: string; describe?: string }>;
}

/** Parses the arguments after `import-plan`; a usage error as a string. */
function parse(argv: readonly string[]): ImportPlanArgs | string | 'help' {
  const args: ImportPlanArgs = { out: 'import', cas: new Map() };
  const pair = (option: string, value: string | undefined): [string, string] | string => {
    const at = value?.indexOf('=') ?? -1;
    if (value === undefined || at < 1 || at === value.length - 1) return `${option} takes <logicalId>=<value>, for example ${option} RootAC0F3320=...`;
    return [value.slice(0, at), value.slice(at + 1)];
  };
  for (let i = 0; i < argv.length; i++) {
    const option = argv[i];
    if (option === '-h' || option === '--help') return 'help';
    const value = argv[++i];
    if (!['--template', '--current', '--out', '--ca', '--certificate', '--describe'].includes(option)) return `unknown option ${option}`;
    if (value === undefined || value.startsWith('--')) return `${option} needs a value`;
    if (option === '--template') {args.template = value;} else if (option === '--current') {args.current = value;} else if (option === '--out') {args.out = value;} else {
      const parsed = pair(option, value);
      if (typeof parsed === 'string') return parsed;
      const [logicalId, given] = parsed;
      const entry = args.cas.get(logicalId) ?? {};
      if (option === '--ca') entry.arn = given;
      else if (option === '--certificate') entry.certificateArn = given;
      else entry.describe = given;
      args.cas.set(logicalId, entry);
    }
  }
  if (!args.template) return '--template is required: the stack\'s template in cdk.out';
  if (args.cas.size === 0) return 'give at least one --ca <logicalId>=<CA ARN>';
  const noArn = [...args.cas].filter(([, e]) => !e.arn).map(([id]) => id);
  if (noArn.length > 0) return `--certificate or --describe of ${noArn.join(', ')} without its --ca`;
  return args;
}

function readJson<T>(cwd: string, file: string): T {
  try {
    return JSON.parse(fs.readFileSync(path.resolve(cwd, file), 'utf8')) as T;
  } catch (e) {
    throw new Error(`cannot read ${file} as JSON: ${(e as Error).message}`);
  }
}

/** Runs `cdk-pki import-plan` with the arguments after the command; returns the exit code. */
export function importPlanCommand(argv: readonly string[], io: CliIo): number {
  const args = parse(argv);
  if (args === 'help') {
    io.stdout.write(IMPORT_PLAN_HELP);
    return 0;
  }
  if (typeof args === 'string') {
    io.stderr.write(`cdk-pki import-plan: ${args}\nRun 'cdk-pki import-plan --help' for the options.\n`);
    return 2;
  }
  let plan: ReturnType<typeof planCaImport>;
  try {
    const full = readJson<TemplateJson>(io.cwd, args.template!);
    const current = args.current ? readJson<TemplateJson>(io.cwd, args.current) : undefined;
    const cas: CaToImport[] = [...args.cas].map(([logicalId, e]) => {
      const described = e.describe ? readJson<DescribedCa & { CertificateAuthority?: DescribedCa }>(io.cwd, e.describe) : undefined;
      // The whole describe-certificate-authority answer, or its CertificateAuthority (--query CertificateAuthority).
      return { logicalId, arn: e.arn!, certificateArn: e.certificateArn, described: described?.CertificateAuthority ?? described };
    });
    plan = planCaImport(full, cas, current);
  } catch (e) {
    io.stderr.write(`cdk-pki import-plan: ${(e as Error).message}\n`);
    return 2;
  }
  if (plan.problems.length > 0) {
    io.stderr.write(`cdk-pki import-plan: refused, nothing written:\n${plan.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  const out = path.resolve(io.cwd, args.out);
  fs.mkdirSync(out, { recursive: true });
  const write = (name: string, value: unknown) => fs.writeFileSync(path.join(out, name), `${JSON.stringify(value, null, 2)}\n`);
  write('import.template.json', plan.template);
  write('resources-to-import.json', plan.resourcesToImport);
  write('resource-mapping.json', plan.resourceMapping);
  const relative = path.relative(io.cwd, out) || '.';
  io.stdout.write(`Import of ${plan.resourcesToImport.length} resources planned:\n`
    + plan.resourcesToImport.map((r) => `  ${r.LogicalResourceId} (${r.ResourceType}) <- ${Object.values(r.ResourceIdentifier)[0]}\n`).join('')
    + `Written to ${relative}/: import.template.json, resources-to-import.json, resource-mapping.json\n`
    + `Next: aws cloudformation create-change-set --change-set-type IMPORT --template-body file://${relative}/import.template.json `
    + `--resources-to-import file://${relative}/resources-to-import.json ... (docs/migrating.md)\n`);
  return 0;
}
