/**
 * Loading the library loads neither aws-eks nor aws-ec2 (aws-eks alone costs more than the rest of the library):
 * the connectors that use them load them when they are made.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a fresh module registry is filled with require() */
/** The aws-cdk-lib submodules that `load` brings into a fresh module registry. */
function submodulesLoadedBy(load: () => void): Set<string> {
  let keys: string[] = [];
  jest.isolateModules(() => {
    load();
    keys = Object.keys(require.cache);
  });
  return new Set(keys.map((k) => /aws-cdk-lib[\\/](aws-[a-z0-9-]+)[\\/]/.exec(k)?.[1]).filter((m): m is string => m !== undefined));
}

test('requiring the package index loads neither aws-cdk-lib/aws-eks nor aws-cdk-lib/aws-ec2', () => {
  const loaded = submodulesLoadedBy(() => require('../../src'));
  // The check sees what the index does load.
  expect(loaded).toContain('aws-acmpca');
  expect(loaded).not.toContain('aws-eks');
  expect(loaded).not.toContain('aws-ec2');
});

test('making a PrivateCaIssuerRole with EKS Pod Identity loads aws-eks', () => {
  const loaded = submodulesLoadedBy(() => {
    const cdk = require('aws-cdk-lib');
    const pki = require('../../src');
    const stack = new cdk.Stack(new cdk.App(), 'Workload', { env: { account: '111111111111', region: 'eu-west-1' } });
    const ca = pki.IssuingCa.fromCertificateAuthorityArn(stack, 'Ca',
      'arn:aws:acm-pca:eu-west-1:111111111111:certificate-authority/11111111-1111-4111-8111-111111111111');
    new pki.PrivateCaIssuerRole(stack, 'Issuer', { certificateAuthority: ca, identity: pki.KubernetesIdentity.podIdentity('workloads') });
  });
  expect(loaded).toContain('aws-eks');
});
