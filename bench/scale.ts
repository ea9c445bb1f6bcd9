// The organization both benchmark apps build, and how big it is. The library app (library-app.ts) and the
// L1 baseline (baseline-app.ts) read the same plan, so that they deploy the same accounts, Regions, CAs and
// shares, and differ only in how the resources are written.

/** How big the organization is. */
export interface OrganizationScale {
  /** Accounts that hold an issuing CA in every Region of `regions` (the issue: 20). */
  readonly issuingAccounts: number;
  /** Regions of the issuing CAs (the issue: 3). */
  readonly regions: readonly string[];
  /** Workload accounts that receive a RAM share of an issuing CA (the issue: 200). */
  readonly workloadAccounts: number;
}

/** The organization: 3 Regions x 20 accounts of issuing CAs, RAM shares to 200 accounts. */
export const FULL_SCALE: OrganizationScale = {
  issuingAccounts: 20,
  regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
  workloadAccounts: 200,
};

/** A small organization of the same shape, for the fast test. */
export const SMALL_SCALE: OrganizationScale = {
  issuingAccounts: 2,
  regions: ['us-east-1', 'eu-west-1'],
  workloadAccounts: 5,
};

/** What both benchmark apps take. */
export interface BenchAppProps {
  readonly scale: OrganizationScale;
  /** Where the cloud assembly goes. */
  readonly outdir?: string;
  /** Context of the app; the benchmark passes what the CDK CLI passes to an app (see CLI_CONTEXT). */
  readonly context?: Record<string, unknown>;
}

/**
 * The context the CDK CLI gives an app by default (`cdk synth` without --debug): resource path and asset
 * metadata, version reporting (AWS::CDK::Metadata), and no stack traces in metadata.
 */
export const CLI_CONTEXT: Record<string, unknown> = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': true,
  'aws:cdk:disable-stack-trace': true,
};

export interface Environment {
  readonly account: string;
  readonly region: string;
}

/** An account id: a two-digit prefix for the kind of account and the index. */
function accountId(prefix: number, index: number): string {
  return `${prefix}${String(index).padStart(10, '0')}`;
}

export const HIERARCHY_NAME = 'bench';
export const ROOT_ENV: Environment = { account: accountId(10, 1), region: 'us-east-1' };
/** The three-level branch: root -> intermediate (its own account) -> issuing CA with name constraints. */
export const INTERMEDIATE_ENV: Environment = { account: accountId(30, 1), region: 'us-east-1' };
export const BRANCH_ISSUING_ENV: Environment = { account: accountId(30, 2), region: 'eu-west-1' };

/** Subject fields every CA of the organization shares; each CA adds its common name. */
export const ORGANIZATION = {
  organization: 'Bench Corp',
  organizationalUnit: 'Platform Security',
  country: 'US',
} as const;

/** Name constraints of the branch's issuing CA. */
export const BRANCH_NAME_CONSTRAINTS = {
  permittedDnsNames: ['.bench.internal'],
  permittedIpRanges: ['10.20.0.0/16'],
};

/** One issuing CA directly under the root, and the workload accounts it is shared with. */
export interface IssuingCaPlan {
  readonly env: Environment;
  /** Name of the CA in the hierarchy (at most 24 characters). */
  readonly caName: string;
  readonly commonName: string;
  readonly stackName: string;
  /** Workload accounts of the CA's Region that receive a RAM share of it (maybe none at small scales). */
  readonly shareWith: string[];
}

/** A workload account: it receives a share of an issuing CA of its Region, and has its own ExpiryAlarms. */
export interface WorkloadPlan {
  readonly env: Environment;
  readonly stackName: string;
}

export interface OrganizationPlan {
  readonly issuing: IssuingCaPlan[];
  readonly workloads: WorkloadPlan[];
}

function stackName(role: string, env: Environment): string {
  return `Bench-${role}-${env.account}-${env.region}`;
}

export const ROOT_STACK_NAME = stackName('Root', ROOT_ENV);
export const INTERMEDIATE_STACK_NAME = stackName('Intermediate', INTERMEDIATE_ENV);
export const BRANCH_ISSUING_STACK_NAME = stackName('Issuing', BRANCH_ISSUING_ENV);

/**
 * The accounts, Regions and shares of an organization of this scale. Workload account `w` lives in Region
 * `w mod R` and receives a share of the CA of issuing account `floor(w / R) mod A` in that Region, so the
 * shares spread evenly over the issuing CAs (200 accounts over 60 CAs: 3 or 4 each).
 */
export function planOrganization(scale: OrganizationScale): OrganizationPlan {
  const regions = scale.regions;
  const issuing: IssuingCaPlan[] = [];
  const byKey = new Map<string, IssuingCaPlan>();
  for (let a = 0; a < scale.issuingAccounts; a++) {
    for (const region of regions) {
      const env = { account: accountId(20, a + 1), region };
      const plan: IssuingCaPlan = {
        env,
        caName: `i${String(a + 1).padStart(2, '0')}-${region}`,
        commonName: `Bench Corp Issuing CA ${a + 1} ${region}`,
        stackName: stackName('Issuing', env),
        shareWith: [],
      };
      issuing.push(plan);
      byKey.set(`${a}/${region}`, plan);
    }
  }
  const workloads: WorkloadPlan[] = [];
  for (let w = 0; w < scale.workloadAccounts; w++) {
    const region = regions[w % regions.length];
    const env = { account: accountId(40, w + 1), region };
    workloads.push({ env, stackName: stackName('Workload', env) });
    byKey.get(`${Math.floor(w / regions.length) % scale.issuingAccounts}/${region}`)!.shareWith.push(env.account);
  }
  return { issuing, workloads };
}

/** The scale named on the command line or in BENCH_SCALE: `full` (default) or `small`. */
export function scaleNamed(name: string | undefined): OrganizationScale {
  switch (name ?? 'full') {
    case 'full':
      return FULL_SCALE;
    case 'small':
      return SMALL_SCALE;
    default:
      throw new Error(`unknown scale '${name}'; use 'full' or 'small'`);
  }
}
