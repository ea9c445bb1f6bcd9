/**
 * aws-cdk-lib modules that only some constructs use, loaded when one of them is made: loading the library must
 * not load them (aws-eks alone costs more than the rest of the library). Modules that import these use
 * `import type` for their types and call the loaders here for values.
 */
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as eks from 'aws-cdk-lib/aws-eks';

/** `aws-cdk-lib/aws-ec2`, loaded on first use. */
export function loadEc2(): typeof ec2 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('aws-cdk-lib/aws-ec2');
}

/** `aws-cdk-lib/aws-eks`, loaded on first use. */
export function loadEks(): typeof eks {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('aws-cdk-lib/aws-eks');
}
