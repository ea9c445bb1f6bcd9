// The policy evaluator of the checks (private/checks-iam.ts): what identity-policy statements allow on a CA.
import { CaIdentity, accessTo, statementsOf } from '../../../src/checklist/private/checks-iam';

describe('the policy evaluator of the checks', () => {
  const ca: CaIdentity = { markers: new Set(['@@cdk-pki:ca:0@@']), patternTarget: 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/@@cdk-pki:ca:0@@' };
  const admin = ['acm-pca:UpdateCertificateAuthority', 'acm-pca:DeleteCertificateAuthority'];
  const evaluate = (statements: unknown[]) => accessTo(statementsOf({ Statement: statements }, {}), ca, admin, 'acm-pca:IssueCertificate', 'acm-pca:RevokeCertificate');
  const template = (name: string) => `arn:aws:acm-pca:::template/${name}`;

  test('reads wildcard actions and resources', () => {
    const access = evaluate([{ Effect: 'Allow', Action: 'acm-pca:*', Resource: 'arn:aws:acm-pca:*:111111111111:certificate-authority/*' }]);
    expect(access.administration).toEqual(admin.slice().sort());
    expect(access.issue.describe()).toBe('any template');
    expect(access.revoke).toBe(true);
  });

  test('narrows issuance to the templates of the condition, with patterns', () => {
    const access = evaluate([{
      Effect: 'Allow',
      Action: 'acm-pca:IssueCertificate',
      Resource: '@@cdk-pki:ca:0@@',
      Condition: { StringLike: { 'acm-pca:TemplateArn': template('SubordinateCACertificate_PathLen?/V1') } },
    }]);
    expect(access.issue.toList()).toEqual([0, 1, 2, 3].map((n) => `SubordinateCACertificate_PathLen${n}/V1`));
    expect(access.issue.allowsEndEntity).toBe(false);
  });

  test('applies a deny of other templates, as the signer roles have it', () => {
    const access = evaluate([
      { Effect: 'Allow', Action: 'acm-pca:IssueCertificate', Resource: '*' },
      { Effect: 'Deny', Action: 'acm-pca:IssueCertificate', Resource: '*', Condition: { StringNotEquals: { 'acm-pca:TemplateArn': template('SubordinateCACertificate_PathLen0/V1') } } },
    ]);
    expect(access.issue.toList()).toEqual(['SubordinateCACertificate_PathLen0/V1']);
  });

  test('applies a deny of named templates, and an unconditional deny', () => {
    const denied = evaluate([
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'acm-pca:IssueCertificate', Resource: '*', Condition: { StringEquals: { 'acm-pca:TemplateArn': template('EndEntityCertificate/V1') } } },
      { Effect: 'Deny', Action: 'acm-pca:Delete*', Resource: '*' },
    ]);
    expect(denied.issue.describe()).toBe('any template but EndEntityCertificate/V1');
    expect(denied.administration).toEqual(['acm-pca:UpdateCertificateAuthority']);
  });

  test('reads NotAction and NotResource', () => {
    const access = evaluate([{ Effect: 'Allow', NotAction: ['iam:*', 'acm-pca:IssueCertificate'], NotResource: 'arn:aws:s3:::*' }]);
    expect(access.administration).toHaveLength(2);
    expect(access.issue.isEmpty).toBe(true);
  });
});
