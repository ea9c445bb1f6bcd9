/**
 * ACM certificates of the app issued by an IssuingCa (`acm.PrivateCertificate`, or any `AWS::CertificateManager::
 * Certificate` that names the CA's ARN): in the CA's stack they wait for the CA's `AWS::ACMPCA::Permission` for ACM,
 * which ACM needs to issue from a CA of its own account too; and none may be issued by a short-lived CA, from which
 * ACM cannot issue.
 */
import { Aspects, IAspect, Stack } from 'aws-cdk-lib';
import type * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type { IConstruct } from 'constructs';

export interface AcmIssuanceOptions {
  /** The CA's ARN as the construct hands it out (what an acm.PrivateCertificate of it names). */
  readonly certificateAuthorityArn: string;
  /** The permission for ACM, when the CA has one. */
  readonly permission?: acmpca.CfnPermission;
  /** Whether the CA is a short-lived one. */
  readonly shortLived: boolean;
}

/** Finds the ACM certificates of `ca` when the app is prepared; returns those found (complete at validation). */
export function watchAcmCertificates(ca: IConstruct, options: AcmIssuanceOptions): acm.CfnCertificate[] {
  const found: acm.CfnCertificate[] = [];
  const aspect: IAspect = {
    visit(node: IConstruct): void {
      if (!(node instanceof acm.CfnCertificate) || node.certificateAuthorityArn !== options.certificateAuthorityArn || found.includes(node)) return;
      found.push(node);
      if (options.permission && Stack.of(node) === Stack.of(options.permission)) {
        node.addDependency(options.permission);
      }
    },
  };
  Aspects.of(ca.node.root).add(aspect);
  return found;
}

/** Why ACM certificates of a short-lived CA cannot be, one message. */
export function shortLivedAcmProblem(caPath: string, certificates: acm.CfnCertificate[]): string | undefined {
  if (certificates.length === 0) return undefined;
  const paths = certificates.map((c) => `'${c.node.scope?.node.path ?? c.node.path}'`).join(', ');
  return `IssuingCa '${caPath}' is a short-lived CA (CaUsageMode.SHORT_LIVED_CERTIFICATE), from which ACM cannot issue, but ACM certificates `
    + `name it: ${paths}; issue them from a general-purpose IssuingCa, or issue short-lived certificates with grantIssue and IssueCertificate`;
}
