/**
 * Validities given as tokens (a CfnParameter's value) are accepted and passed to CloudFormation, and compared at
 * deployment by the signing handler instead of at synthesis (issue 16, item 7); the validity hint is computed from
 * the parent's validity (item 8).
 */
import { App, CfnParameter, Duration, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CaCertificateRenewal, IssuingCa, RootCaAccount, Validity } from '../../src';

const ENV = { account: '111111111111', region: 'us-east-1' };

describe('Validity with tokens', () => {
  test('Validity.years of a parameter is a validity known at deployment', () => {
    const app = new App();
    const stack = new Stack(app, 'Pki', { env: ENV });
    const years = new CfnParameter(stack, 'Years', { type: 'Number', default: 3 });
    const validity = Validity.years(years.valueAsNumber);
    expect(validity.isResolved).toBe(false);
    expect(validity.toString()).toBe('a number of years known at deployment');
    expect(validity.endsBefore(Validity.years(10))).toBe(true);
  });

  test('an IssuingCa and a RootCaAccount take it, and CloudFormation gets the parameter', () => {
    const app = new App();
    const stack = new Stack(app, 'Pki', { env: ENV });
    const rootYears = new CfnParameter(stack, 'RootYears', { type: 'Number', default: 10 });
    const years = new CfnParameter(stack, 'Years', { type: 'Number', default: 3 });
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA' }, validity: Validity.years(rootYears.valueAsNumber) });
    // A third of a validity known only at deployment cannot be computed at synthesis: the renewal says when.
    const issuing = new IssuingCa(stack, 'Issuing', {
      parent: root,
      subject: { commonName: 'Corp Issuing CA' },
      validity: Validity.years(years.valueAsNumber),
      renewal: CaCertificateRenewal.automatic({ renewBefore: Duration.days(365) }),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ACMPCA::Certificate', { Validity: { Type: 'YEARS', Value: { Ref: 'RootYears' } } });
    const signing = template.toJSON().Resources[stack.getLogicalId(issuing.certificate.node.defaultChild as never)];
    expect(signing.Properties.ValidityType).toBe('YEARS');
    expect(JSON.stringify(signing.Properties.ValidityValue)).toContain('"Ref":"Years"');
  });

  test('a number that is not a validity names the call and the fix', () => {
    expect(() => Validity.months(0)).toThrow(/Validity.months\(0\): 0 months is not a validity; use a whole number of at least 1, for example Validity.months\(1\)/);
    expect(() => Validity.years(1.5)).toThrow(/Validity.years\(1.5\)/);
    expect(Token.isUnresolved(Validity.days(Token.asNumber({ Ref: 'Days' })).value)).toBe(true);
  });

  test('the hint of a validity past the parent is computed from the parent\'s validity', () => {
    const app = new App();
    const stack = new Stack(app, 'Pki', { env: ENV });
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA' }, validity: Validity.years(4) });
    expect(() => new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Corp Issuing CA' }, validity: Validity.years(4) }))
      .toThrow(/validity 4 years does not end before the parent's 4 years; set validity to less than 4 years, for example Validity.years\(2\)/);
    const monthly = new RootCaAccount(new Stack(app, 'Other', { env: ENV }), 'Root', {
      hierarchyName: 'other', subject: { commonName: 'Other Root CA' }, validity: Validity.months(15),
    });
    expect(() => new IssuingCa(monthly.stack, 'Issuing', { parent: monthly, subject: { commonName: 'I' }, validity: Validity.years(2) }))
      .toThrow(/for example Validity.months\(7\)/);
  });
});
