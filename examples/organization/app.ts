// A multi-account PKI: an isolated root CA account, issuing CAs in two Regions of two accounts, a
// three-level branch (root -> intermediate -> issuing CA with name constraints), a workload account
// that receives a share of an issuing CA, and, from the management account, a StackSet that gives every
// account of an OU expiry alarms that forward to one central event bus.
//
// Deploy with `cdk deploy --all` from this folder: the stacks depend on the stacks of their parents, so
// CloudFormation deploys the root first. Replace the account ids with yours.
//
// In your own app, import from 'cdk-pki' instead of '../../src'.
import { App, CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import {
  CertificateTemplate, DistinguishedName, ExpiryAlarms, ImportedCertRenewal, IParentCa, IssuingCa, IssuingCaProps, KubernetesIdentity, PkiEventBus,
  PkiMemberBaseline, PkiReport, PrivateCaIssuerRole, RamCaShare, RenewalSource, Revocation, RootCaAccount, RootCaDisabledRule, SharedCa,
  SharePermission, SharePrincipal, Validity,
} from '../../src';

/** Options of `buildOrganizationApp`. */
export interface OrganizationAppProps {
  /** Where the cloud assembly goes. @default - the CDK CLI's choice (cdk.out) */
  readonly outdir?: string;
}

/** The subject every CA of the example shares; each CA adds its common name. */
const ORGANIZATION: Omit<DistinguishedName, 'commonName'> = {
  organization: 'Example Corp',
  organizationalUnit: 'Platform Security',
  country: 'US',
};

interface Environment {
  readonly account: string;
  readonly region: string;
}

const ROOT_ENV: Environment = { account: '111111111111', region: 'us-east-1' };

/** The root CA account: nothing but the root CA and the role that signs subordinate CAs. */
class RootStack extends Stack {
  public readonly root: RootCaAccount;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.root = new RootCaAccount(this, 'RootCa', {
      hierarchyName: 'example',
      subject: { ...ORGANIZATION, commonName: 'Example Corp Root CA' },
      // The default validity of a root: ten years.
    });
    // The library's constructs emit no outputs; the app chooses what its stacks show.
    new CfnOutput(this, 'CertificateAuthorityArnOutput', {
      value: this.root.certificateAuthorityArn,
      description: 'Root CA of hierarchy example',
    });
  }
}

interface IssuingStackProps extends StackProps {
  readonly ca: Omit<IssuingCaProps, 'parent'>;
  readonly parent: IParentCa;
}

/** An account that holds one subordinate CA, signed by its parent in another account. */
class IssuingStack extends Stack {
  public readonly ca: IssuingCa;

  constructor(scope: Construct, id: string, props: IssuingStackProps) {
    super(scope, id, props);
    this.ca = new IssuingCa(this, 'IssuingCa', { ...props.ca, parent: props.parent });
    // What a workload account needs to use the CA once it is shared (see the workload stack below).
    new CfnOutput(this, 'CertificateAuthorityArnOutput', {
      value: this.ca.certificateAuthorityArn,
      description: `Issuing CA ${this.ca.hierarchyName}/${this.ca.caName}`,
    });
  }
}

function stackName(role: string, env: Environment): string {
  return `Pki-${role}-${env.account}-${env.region}`;
}

/** Builds the organization's app; `cdk synth` / `cdk deploy --all` run it through cdk.json. */
export function buildOrganizationApp(props: OrganizationAppProps = {}): App {
  const app = new App({ outdir: props.outdir });

  const rootStack = new RootStack(app, stackName('Root', ROOT_ENV), {
    env: ROOT_ENV,
    description: 'cdk-pki example: the root CA of hierarchy example',
  });
  const root = rootStack.root;

  const issuing = (role: string, env: Environment, parent: IParentCa, ca: IssuingStackProps['ca']) =>
    new IssuingStack(app, stackName(role, env), {
      env,
      description: `cdk-pki example: ${ca.subject.commonName}`,
      parent,
      ca,
    }).ca;

  // Issuing CAs directly under the root, in two accounts and Regions.
  const issuingEuWest1 = issuing('Issuing', { account: '222222222222', region: 'eu-west-1' }, root, {
    caName: 'issuing-eu-west-1',
    subject: { ...ORGANIZATION, commonName: 'Example Corp Issuing CA eu-west-1' },
    validity: Validity.years(3),
    // Revoke the CA's certificate if the CA is ever replaced or removed from the stack.
    revokeOnDelete: true,
  });
  // Every CA publishes CRLs by default, to a CloudFront-fronted CrlBucket of its stack. This one also
  // answers OCSP, and its CRLs are valid for two days instead of seven.
  issuing('Issuing', { account: '333333333333', region: 'ap-southeast-2' }, root, {
    caName: 'issuing-ap-southeast-2',
    subject: { ...ORGANIZATION, commonName: 'Example Corp Issuing CA ap-southeast-2' },
    validity: Validity.years(3),
    revocation: Revocation.crlAndOcsp({ expiration: Duration.days(2) }),
  });

  // A three-level branch: an intermediate CA under the root, and an issuing CA under it that may only
  // issue for names in example.internal and addresses in 10.20.0.0/16.
  const intermediate = issuing('Intermediate', { account: '444444444444', region: 'us-east-1' }, root, {
    caName: 'intermediate',
    subject: { ...ORGANIZATION, commonName: 'Example Corp Intermediate CA' },
    validity: Validity.years(5),
  });
  issuing('Issuing', { account: '555555555555', region: 'eu-central-1' }, intermediate, {
    caName: 'internal-eu-central-1',
    subject: { ...ORGANIZATION, commonName: 'Example Corp Internal Issuing CA eu-central-1' },
    validity: Validity.years(2),
    nameConstraints: {
      permittedDnsNames: ['.example.internal'],
      permittedIpRanges: ['10.20.0.0/16'],
    },
  });

  // A workload account gets certificates from the eu-west-1 issuing CA through AWS RAM. The share lives with
  // the CA; its permission (EndEntityCertificate/V1) is what ACM private certificates need. The workload
  // stack names the CA by owner account, hierarchy and CA name: at deployment, a lookup in the workload
  // account finds the ARN among the CAs shared with it, so no ARN is copied by hand.
  const workloadEnv: Environment = { account: '666666666666', region: 'eu-west-1' };
  new RamCaShare(Stack.of(issuingEuWest1), 'WorkloadShare', {
    certificateAuthority: issuingEuWest1,
    principals: [SharePrincipal.account(workloadEnv.account)],
    permission: SharePermission.DEFAULT,
  });
  const workload = new Stack(app, stackName('Workload', workloadEnv), {
    env: workloadEnv,
    description: 'cdk-pki example: a workload account that requests private certificates from a shared issuing CA',
  });
  // The CA must be shared before the workload uses it: the workload stack deploys after the issuing CA's.
  workload.node.addDependency(Stack.of(issuingEuWest1));
  const sharedCa = SharedCa.fromHierarchy(workload, 'SharedCa', {
    account: Stack.of(issuingEuWest1).account,
    hierarchyName: issuingEuWest1.hierarchyName,
    caName: issuingEuWest1.caName,
    permission: SharePermission.DEFAULT,
  });
  const serviceCertificate = new acm.PrivateCertificate(workload, 'ServiceCertificate', {
    domainName: 'service.example.internal',
    certificateAuthority: sharedCa,
  });

  // Every account gets expiry notifications: ACM's events, the Config rule and its DaysBeforeExpiry, to a
  // topic of its own. The CAs of a stack are watched too (AWS sends no event before a CA certificate
  // expires), and the workload's certificate gets alarms.
  const alarms = new Map<Stack, ExpiryAlarms>();
  for (const stack of app.node.children.filter(Stack.isStack)) {
    const cas = stack.node.findAll().filter((c): c is RootCaAccount | IssuingCa => c instanceof RootCaAccount || c instanceof IssuingCa);
    alarms.set(stack, new ExpiryAlarms(stack, 'ExpiryAlarms', {
      emailAddresses: ['pki-team@example.com'],
      certificates: stack === workload ? [serviceCertificate] : undefined,
      certificateAuthorities: cas.length > 0 ? cas : undefined,
    }));
  }

  // Certificates imported into the workload's ACM renew themselves from the shared CA once they carry the
  // tags cdk-pki:renewal-source=private-ca and cdk-pki:ca-arn=<the shared CA's ARN>. The share's permission
  // allows EndEntityCertificate/V1, so that is the only template the renewal may use. It reacts to the
  // expiration Config rule the workload's ExpiryAlarms already has.
  new ImportedCertRenewal(workload, 'ImportedCertRenewal', {
    sources: [RenewalSource.privateCa({ certificateAuthorities: [sharedCa], templates: [CertificateTemplate.END_ENTITY] })],
    existingConfigRule: alarms.get(workload)!.configRule,
  });

  // Kubernetes in the workload account: aws-privateca-issuer on EKS cluster 'workloads' gets certificates from the
  // shared CA through EKS Pod Identity. Its Certificates ask for client auth and server auth together, so the issuer
  // requests EndEntityCertificate/V1, the template the share's permission allows (any other is a synthesis error).
  new PrivateCaIssuerRole(workload, 'PrivateCaIssuer', {
    certificateAuthority: sharedCa,
    identity: KubernetesIdentity.podIdentity('workloads'),
    certificates: [{ name: 'apps/service', usages: ['client auth', 'server auth'] }],
  });

  // The root stays ACTIVE so that issuing stacks have their CAs signed as they deploy: the AWS Config rule
  // ACM_PCA_ROOT_CA_DISABLED exempts it, and reports any other root CA enabled in the root's account.
  new RootCaDisabledRule(rootStack, 'RootCaDisabledRule');

  // Every account of the workloads OU, and each account that joins it later, gets ExpiryAlarms in three Regions,
  // from a StackSet that the management account deploys once (service-managed permissions: enable trusted access for
  // StackSets first). The baseline adds two small stacks per Region to the app (the bucket its handlers are read
  // from, and their publication) and the member template to the cloud assembly. Each account forwards its expiry
  // events to one bus, here in the management account's stack: one team sees the whole organization.
  const managementEnv: Environment = { account: '777777777777', region: 'us-east-1' };
  const organizationId = 'o-a1b2c3d4e5';
  const management = new Stack(app, stackName('Management', managementEnv), {
    env: managementEnv,
    description: 'cdk-pki example: the member baseline of the organization\'s accounts and their central event bus',
  });
  new PkiEventBus(management, 'PkiEvents', { organizationId, emailAddresses: ['pki-team@example.com'] });
  new PkiMemberBaseline(management, 'MemberBaseline', {
    organizationId,
    organizationalUnits: ['ou-ab12-cd34ef56'],
    regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
    expiryAlarms: {
      // The bus's ARN by name: the member template names no account of its own, and no stack output crosses into it.
      centralEventBusArn: PkiEventBus.eventBusArnOf(managementEnv.account, managementEnv.region),
    },
    // A CA that a member account makes itself (a team's own CA) is watched there and forwarded to the bus; this role
    // also lets a CaExpiryMonitor of the PKI team, in this account, read it (made once per account, in us-east-1).
    caExpiryReadRole: { monitoringAccounts: [managementEnv.account] },
  });

  // The best-practices checklist (warnings and errors on the constructs) and the PKI report, written next to
  // the templates at synthesis (pki-report.md and pki-report.json). The organization's trail, in its management
  // account, records every account here.
  // Its timeline of the CA certificates starts on a fixed day, so that the committed report stays the same; in your
  // app leave timelineStart out (the day of synthesis) or give the day the PKI was deployed.
  new PkiReport(app, 'PkiReport', {
    title: 'PKI report: example organization',
    checks: { cloudTrailElsewhere: true },
    timelineStart: '2025-01-01',
  });

  return app;
}

if (require.main === module) {
  buildOrganizationApp().synth();
}
