// RootCaDisabledRule: the ACM_PCA_ROOT_CA_DISABLED Config rule with the root exempted.
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RootCaDisabledRule } from '../../src/checklist/root-ca-disabled-rule';
import { SharedCa } from '../../src/sharing/ram-ca-share';
import { ISSUING_ENV, rootStack } from '../support/checklist';

describe('RootCaDisabledRule', () => {
  test('is the managed rule with the stack\'s root in exemptedCAArns', () => {
    const app = new App();
    const { stack, root } = rootStack(app);
    new RootCaDisabledRule(stack, 'RootCaDisabled');
    Template.fromStack(stack).hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { Owner: 'AWS', SourceIdentifier: 'ACM_PCA_ROOT_CA_DISABLED' },
      MaximumExecutionFrequency: 'TwentyFour_Hours',
      InputParameters: { exemptedCAArns: { Ref: stack.resolve((root.activation).logicalId) } },
    });
  });

  test('joins several exempted CAs with commas', () => {
    const app = new App();
    const { stack } = rootStack(app);
    const arn = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/00000000-0000-4000-8000-000000000000';
    const other = SharedCa.fromShare(stack, 'Other', { certificateAuthorityArn: arn });
    new RootCaDisabledRule(stack, 'RootCaDisabled', { exemptedCertificateAuthorities: [app.node.findAll().find((c) => c.node.id === 'RootCa') as never, other] });
    Template.fromStack(stack).hasResourceProperties('AWS::Config::ConfigRule', {
      InputParameters: { exemptedCAArns: { 'Fn::Join': [',', [Match.objectLike({ Ref: Match.anyValue() }), arn]] } },
    });
  });

  test('has no exemption in a stack without a root (any enabled root there is reported)', () => {
    const stack = new Stack(new App(), 'Workload', { env: ISSUING_ENV });
    new RootCaDisabledRule(stack, 'RootCaDisabled');
    const rules = Template.fromStack(stack).findResources('AWS::Config::ConfigRule');
    expect(Object.values(rules).map((r) => r.Properties.InputParameters)).toEqual([undefined]);
  });

  test('throws when an exempted CA is in another account or Region', () => {
    const app = new App();
    const { root } = rootStack(app);
    const stack = new Stack(app, 'Elsewhere', { env: ISSUING_ENV });
    expect(() => new RootCaDisabledRule(stack, 'RootCaDisabled', { exemptedCertificateAuthorities: [root] })).toThrow(
      'RootCaDisabledRule \'Elsewhere/RootCaDisabled\': exempted CA \'Root/RootCa\' is in account 111111111111, but the rule evaluates the CAs of account 222222222222');
  });

  test('does not throw when the exempted CA\'s ARN is a token', () => {
    const stack = new Stack(new App(), 'Workload', { env: ISSUING_ENV });
    const shared = SharedCa.fromShare(stack, 'Shared', { certificateAuthorityArn: new CfnParameter(stack, 'Arn').valueAsString });
    expect(() => new RootCaDisabledRule(stack, 'RootCaDisabled', { exemptedCertificateAuthorities: [shared] })).not.toThrow();
  });
});
