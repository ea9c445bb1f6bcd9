/**
 * Where a root's certificate is published for trust stores: an SSM parameter in its account and Region, and a stack
 * output. Both follow the installed certificate: a renewal (RootCaAccount `certificateRenewal`) updates them.
 */
import { CfnOutput } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { HierarchyCaBase } from './hierarchy-ca-base';
import { rootCertificateParameterName } from './names';

/** Publishes the root certificate; returns the parameter's name. */
export function publishRootCertificate(root: HierarchyCaBase, certificatePem: string, renewal: number): string {
  const name = rootCertificateParameterName(root.hierarchyName);
  const description = `cdk-pki: root CA certificate (PEM) of hierarchy ${root.hierarchyName}, renewal ${renewal}: add it to trust stores`;
  new ssm.CfnParameter(root, 'CertificateParameter', {
    name,
    type: 'String',
    // A PEM certificate of a 4096-bit RSA key with a long subject can exceed the standard tier's 4 KB.
    tier: 'Intelligent-Tiering',
    description,
    value: certificatePem,
  });
  new CfnOutput(root, 'CertificateOutput', { value: certificatePem, description });
  return name;
}
