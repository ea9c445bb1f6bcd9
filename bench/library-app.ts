// The benchmark's organization, built with the library's public API: one root, an issuing CA in every
// Region of every issuing account, a three-level branch, RAM shares to the workload accounts, the CRL
// buckets the CAs create by default (one per stack), and ExpiryAlarms in every account and Region.
import { App, Stack } from 'aws-cdk-lib';
import {
  ExpiryAlarms, IssuingCa, RamCaShare, RootCaAccount, SharePermission, SharePrincipal, Validity,
} from '../src';
import {
  BRANCH_ISSUING_ENV, BRANCH_ISSUING_STACK_NAME, BRANCH_NAME_CONSTRAINTS, HIERARCHY_NAME, INTERMEDIATE_ENV, INTERMEDIATE_STACK_NAME, ORGANIZATION,
  BenchAppProps, ROOT_ENV, ROOT_STACK_NAME, planOrganization,
} from './scale';

export function buildLibraryApp(props: BenchAppProps): App {
  const app = new App({ outdir: props.outdir, context: props.context });
  const plan = planOrganization(props.scale);

  const rootStack = new Stack(app, ROOT_STACK_NAME, { env: ROOT_ENV });
  const root = new RootCaAccount(rootStack, 'RootCa', {
    hierarchyName: HIERARCHY_NAME,
    subject: { ...ORGANIZATION, commonName: 'Bench Corp Root CA' },
  });

  for (const ca of plan.issuing) {
    const stack = new Stack(app, ca.stackName, { env: ca.env });
    const issuing = new IssuingCa(stack, 'IssuingCa', {
      parent: root,
      caName: ca.caName,
      subject: { ...ORGANIZATION, commonName: ca.commonName },
      validity: Validity.years(3),
    });
    if (ca.shareWith.length > 0) {
      new RamCaShare(stack, 'WorkloadShare', {
        certificateAuthority: issuing,
        principals: ca.shareWith.map((account) => SharePrincipal.account(account)),
        permission: SharePermission.DEFAULT,
      });
    }
  }

  const intermediateStack = new Stack(app, INTERMEDIATE_STACK_NAME, { env: INTERMEDIATE_ENV });
  const intermediate = new IssuingCa(intermediateStack, 'IssuingCa', {
    parent: root,
    caName: 'intermediate',
    subject: { ...ORGANIZATION, commonName: 'Bench Corp Intermediate CA' },
    validity: Validity.years(5),
  });
  const branchStack = new Stack(app, BRANCH_ISSUING_STACK_NAME, { env: BRANCH_ISSUING_ENV });
  new IssuingCa(branchStack, 'IssuingCa', {
    parent: intermediate,
    caName: 'internal',
    subject: { ...ORGANIZATION, commonName: 'Bench Corp Internal Issuing CA' },
    validity: Validity.years(2),
    nameConstraints: BRANCH_NAME_CONSTRAINTS,
  });

  for (const workload of plan.workloads) {
    new Stack(app, workload.stackName, { env: workload.env });
  }

  // Every account and Region gets expiry notifications; the CAs of a stack are watched too.
  for (const stack of app.node.children.filter(Stack.isStack)) {
    const cas = stack.node.children.filter((c): c is RootCaAccount | IssuingCa => c instanceof RootCaAccount || c instanceof IssuingCa);
    new ExpiryAlarms(stack, 'ExpiryAlarms', {
      emailAddresses: ['pki-team@example.com'],
      certificateAuthorities: cas.length > 0 ? cas : undefined,
    });
  }
  return app;
}

/**
 * How the Lambda functions of a stack grow with its CAs: a root stack that also holds `caCount` issuing CAs
 * signed in the stack, and a stack of another account with `caCount` issuing CAs signed across accounts.
 */
export function buildProviderScalingApp(props: { readonly caCount: number; readonly outdir?: string }): App {
  const app = new App({ outdir: props.outdir });
  const rootStack = new Stack(app, 'Scaling-Root', { env: ROOT_ENV });
  const root = new RootCaAccount(rootStack, 'RootCa', {
    hierarchyName: HIERARCHY_NAME,
    subject: { ...ORGANIZATION, commonName: 'Bench Corp Root CA' },
  });
  const remoteStack = new Stack(app, 'Scaling-Remote', { env: { account: '209999999999', region: 'eu-west-1' } });
  for (const stack of [rootStack, remoteStack]) {
    for (let i = 1; i <= props.caCount; i++) {
      new IssuingCa(stack, `IssuingCa${i}`, { parent: root, subject: { ...ORGANIZATION, commonName: `Bench Corp Issuing CA ${i}` } });
    }
  }
  return app;
}
