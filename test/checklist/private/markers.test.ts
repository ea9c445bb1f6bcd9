// Reading values of the construct tree (private/markers.ts).
import { flatten } from '../../../src/checklist/private/markers';

describe('flatten', () => {
  test('flattens joins and pseudo parameters', () => {
    expect(flatten({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':x']] },
      { account: '111111111111', region: 'eu-west-1' })).toBe('arn:aws:acm-pca:eu-west-1:111111111111:x');
    expect(flatten({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${Account}:root' })).toBe('arn:aws:iam::${?}:root');
  });
});
