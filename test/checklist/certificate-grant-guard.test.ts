// CertificateGrantGuard: the deny kms:CreateGrant statement of the ACM best practices.
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { CertificateGrantGuard } from '../../src/checklist/certificate-grant-guard';
import { ROOT_ENV } from '../support/checklist';

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111122223333:certificate/b26def74-1234-4321-9876-951d4c07b197';
const OTHER_CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111122223333:certificate/00000000-1234-4321-9876-951d4c07b197';

describe('CertificateGrantGuard', () => {
  test('is the statement of the ACM best practices', () => {
    const statement = CertificateGrantGuard.denyCreateGrant({ certificateArns: [CERTIFICATE_ARN] });
    expect(statement.toStatementJson()).toEqual({
      Sid: 'DenyCertificateKeyGrants',
      Effect: 'Deny',
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:aws:acm:arn': CERTIFICATE_ARN } },
    });
  });

  test('takes certificates of the app, several ARNs, and principals that may still use them', () => {
    const stack = new Stack(new App(), 'Web', { env: ROOT_ENV });
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Imported', CERTIFICATE_ARN);
    const document = CertificateGrantGuard.denyCreateGrantDocument({
      certificates: [certificate],
      certificateArns: [OTHER_CERTIFICATE_ARN],
      exceptPrincipalArns: ['arn:aws:iam::111122223333:role/deployer-*'],
      sid: 'ProductionCertificates',
    });
    expect(stack.resolve(document.toJSON()).Statement).toEqual([{
      Sid: 'ProductionCertificates',
      Effect: 'Deny',
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:EncryptionContext:aws:acm:arn': [CERTIFICATE_ARN, OTHER_CERTIFICATE_ARN] },
        ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/deployer-*' },
      },
    }]);
  });

  // Not simulated: @cloud-copilot/iam-simulate ignores every kms:EncryptionContext:<key> context key (it reports
  // them as ignored), so it cannot show the deny at work; the statement is checked against the AWS page instead.

  test('throws when no certificate is given, or an ARN is not one', () => {
    expect(() => CertificateGrantGuard.denyCreateGrant({})).toThrow('CertificateGrantGuard: no certificate is given; pass certificates or certificateArns');
    expect(() => CertificateGrantGuard.denyCreateGrant({ certificateArns: ['arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/x'], exceptPrincipalArns: ['deployer'] }))
      .toThrow(/CertificateGrantGuard has 2 problems:\n {2}- certificateArns has 'arn:aws:acm-pca.*', which is not an ACM certificate ARN.*\n {2}- exceptPrincipalArns has 'deployer'/);
  });

  test('does not throw when the ARNs are tokens', () => {
    const stack = new Stack(new App(), 'Web');
    const arn = new CfnParameter(stack, 'CertificateArn').valueAsString;
    const principal = new CfnParameter(stack, 'DeployerArn').valueAsString;
    expect(() => CertificateGrantGuard.denyCreateGrant({ certificateArns: [arn], exceptPrincipalArns: [principal] })).not.toThrow();
  });
});
