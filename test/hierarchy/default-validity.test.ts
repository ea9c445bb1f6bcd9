/**
 * Default validities compose (issue 16, item 8): three levels on defaults synthesize, 10 / 5 / 2.5 years, with room to
 * renew each child before its parent ends; two levels keep their three years; a validity that is set is never changed.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IssuingCa, RootCaAccount, Validity } from '../../src';
import { PkiRule } from '../../src/checklist/pki-checks';
import { ALL_CHECKED, findingsOf, synthChecked } from '../support/checklist';

const ENV = { account: '111111111111', region: 'us-east-1' };

function threeLevels(intermediateValidity?: Validity, leafValidity?: Validity) {
  const app = new App();
  const stack = new Stack(app, 'Pki', { env: ENV });
  const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA' } });
  const intermediate = new IssuingCa(stack, 'Intermediate', { parent: root, subject: { commonName: 'Corp Intermediate CA' }, validity: intermediateValidity });
  const leaf = new IssuingCa(stack, 'Leaf', { parent: intermediate, subject: { commonName: 'Corp Issuing CA' }, validity: leafValidity });
  return { app, stack, root, intermediate, leaf };
}

function signingValidity(stack: Stack, ca: IssuingCa): [string, string] {
  const props = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(ca.certificate.node.defaultChild as never)].Properties;
  return [props.ValidityType, props.ValidityValue];
}

describe('default validities', () => {
  test('three levels on defaults: 10 / 5 / 2.5 years, in the templates too', () => {
    const { stack, root, intermediate, leaf } = threeLevels();
    expect([root.validity, intermediate.validity, leaf.validity].map(String)).toEqual(['10 years', '5 years', '30 months']);
    expect(signingValidity(stack, intermediate)).toEqual(['YEARS', '5']);
    expect(signingValidity(stack, leaf)).toEqual(['MONTHS', '30']);
  });

  test('the checklist finds no validity problem in them: each CA can be renewed once before its parent ends', () => {
    const checked = synthChecked(threeLevels().app, ALL_CHECKED);
    expect(findingsOf(checked, PkiRule.VALIDITY_EXCEEDS_PARENT.id)).toEqual([]);
    expect(findingsOf(checked, PkiRule.PARENT_VALIDITY_MARGIN.id)).toEqual([]);
  });

  test('two levels keep three years', () => {
    const app = new App();
    const stack = new Stack(app, 'Pki', { env: ENV });
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA' } });
    const issuing = new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Corp Issuing CA' } });
    expect(issuing.validity.toString()).toBe('3 years');
    expect(signingValidity(stack, issuing)).toEqual(['YEARS', '3']);
  });

  test('a validity that is set is never lengthened; the child then takes half of it', () => {
    const { intermediate, leaf } = threeLevels(Validity.years(3));
    expect(intermediate.validity.toString()).toBe('3 years');
    expect(leaf.validity.toString()).toBe('18 months');
    // Under a parent that leaves room for three years, the default stays three years, as it always was.
    expect(threeLevels(Validity.years(4)).leaf.validity.toString()).toBe('3 years');
  });

  test('a child with its own validity leaves the parent\'s default as it is', () => {
    const { intermediate, leaf } = threeLevels(undefined, Validity.years(1));
    expect(intermediate.validity.toString()).toBe('3 years');
    expect(leaf.validity.toString()).toBe('1 years');
  });
});
