// The smallest useful PKI: one account, one stack, a root CA and an issuing CA it signs, a private TLS
// certificate from the issuing CA through ACM, and a role that may issue certificates from it.
//
// In your own app, import from 'cdk-pki' instead of '../../src'.
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ExpiryAlarms, IssuingCa, RootCaAccount, Validity } from '../../src';

/** Options of `buildQuickStartApp`. */
export interface QuickStartAppProps {
  /** Where the cloud assembly goes. @default - the CDK CLI's choice (cdk.out) */
  readonly outdir?: string;
}

/** Builds the quick-start app; `cdk synth` / `cdk deploy` run it through cdk.json. */
export function buildQuickStartApp(props: QuickStartAppProps = {}): App {
  const app = new App({ outdir: props.outdir });
  // Replace with your account and Region.
  const stack = new Stack(app, 'PkiQuickStart', {
    env: { account: '123456789012', region: 'us-east-1' },
    description: 'cdk-pki example: a root CA and an issuing CA in one account',
  });

  const root = new RootCaAccount(stack, 'RootCa', {
    hierarchyName: 'quickstart',
    subject: { commonName: 'Quick Start Root CA', organization: 'Example Corp', country: 'US' },
  });
  const issuing = new IssuingCa(stack, 'IssuingCa', {
    parent: root,
    subject: { commonName: 'Quick Start Issuing CA', organization: 'Example Corp', country: 'US' },
    validity: Validity.years(3),
  });

  // Any CDK code that takes an acmpca.ICertificateAuthority takes the issuing CA. Its ARN comes from
  // the signing resource, so ACM requests the certificate once the CA is signed and ACTIVE.
  const certificate = new acm.PrivateCertificate(stack, 'ServiceCertificate', {
    domainName: 'service.example.internal',
    subjectAlternativeNames: ['api.example.internal'],
    certificateAuthority: issuing,
  });

  // A workload role that may issue end-entity certificates from the issuing CA, and nothing else.
  const workload = new iam.Role(stack, 'WorkloadRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    description: 'cdk-pki example: may issue end-entity certificates from the issuing CA',
  });
  issuing.grantIssue(workload);

  // The constructs emit no outputs of their own: the app shows what its users need, here the CA to request
  // certificates from (aws acm request-certificate --certificate-authority-arn <IssuingCaArn>).
  new CfnOutput(stack, 'IssuingCaArn', { value: issuing.certificateAuthorityArn, description: 'The issuing CA of the quick start' });

  // Expiry notifications for the account: ACM's events, the Config rule, alarms for the certificate, and
  // the CA certificates' own expiry (AWS sends no event for those).
  new ExpiryAlarms(stack, 'ExpiryAlarms', {
    emailAddresses: ['pki-team@example.com'],
    certificates: [certificate],
    certificateAuthorities: [root, issuing],
  });

  return app;
}

if (require.main === module) {
  buildQuickStartApp().synth();
}
