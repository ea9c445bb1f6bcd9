/**
 * What the CRL bucket's policy and props depend on: the checks of a CrlBucket's props, whether a CA's Region can
 * write to a bucket's Region, and the service principals and statement ids of the statements that let AWS
 * Private CA write CRLs.
 */
import { Aws, CfnCondition, Fn, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { bucketNameProblem, hostNameProblem } from './revocation-names';
import { parseCaArn } from '../../private/contracts/arn';
import { OPT_IN_REGIONS, PCA_SERVICE_PRINCIPAL, crlServicePrincipals, pcaRegionalServicePrincipal } from '../../private/contracts/aws-strings';
import { isConcrete } from '../../private/validation';

const OPT_IN_CONDITION_ID = 'CdkPkiOptInRegion';

/** The props of a CrlBucket that are checked (CrlBucketProps, which this module does not import: no circle). */
export interface CheckedCrlBucketProps {
  readonly bucketName?: string;
  readonly domainName?: string;
  readonly certificate?: unknown;
  readonly certificateAuthorityArns?: string[];
  readonly serverAccessLogsBucket?: unknown;
  readonly serverAccessLogsPrefix?: string;
}

/** Problems with the props of a CrlBucket in `stack` (tokens are not checked). */
export function crlBucketPropsProblems(props: CheckedCrlBucketProps, stack: Stack): string[] {
  const problems: string[] = [];
  if (isConcrete(props.bucketName)) {
    const problem = bucketNameProblem(props.bucketName);
    if (problem !== undefined) {
      problems.push(`bucketName '${props.bucketName}' is not a valid CRL bucket name: ${problem}; use 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit, for example 'corp-pki-crl-111111111111'`);
    }
  }
  if (isConcrete(props.domainName)) {
    const problem = hostNameProblem(props.domainName);
    if (problem !== undefined) {
      problems.push(`domainName '${props.domainName}' is not allowed: ${problem}; for example 'crl.example.com'`);
    }
  }
  if ((props.domainName === undefined) !== (props.certificate === undefined)) {
    problems.push(props.domainName === undefined
      ? 'certificate is set without domainName; set domainName to the name the certificate covers, or leave both out'
      : `domainName '${props.domainName}' needs a certificate (in us-east-1) that covers it, since CloudFront accepts an alternate domain name only with one; set certificate`);
  }
  if (props.serverAccessLogsPrefix !== undefined && props.serverAccessLogsBucket === undefined) {
    // Without a log bucket S3 would log into the CRL bucket itself, which needs ACLs the bucket does not allow.
    problems.push('serverAccessLogsPrefix is set without serverAccessLogsBucket; set the bucket that receives the logs, or leave the prefix out');
  }
  const pinnedArns = props.certificateAuthorityArns;
  if (pinnedArns !== undefined) {
    if (pinnedArns.length === 0) {
      problems.push('certificateAuthorityArns is empty, so no CA could write CRLs; list the CA ARNs or leave it out');
    }
    for (const arn of pinnedArns.filter((a) => isConcrete(a))) {
      const parsed = parseCaArn(arn);
      if (!parsed) {
        problems.push(`certificateAuthorityArns has '${arn}', which is not a CA ARN; use arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>`);
      } else if (isConcrete(stack.account) && parsed.account !== stack.account) {
        problems.push(`certificateAuthorityArns has '${arn}' of account ${parsed.account}; a CRL bucket serves the CAs of its own account (${stack.account}) only`);
      } else {
        const pairing = pairingProblem(parsed.region, stack.region);
        if (pairing !== undefined) {
          problems.push(`certificateAuthorityArns has '${arn}': ${pairing}`);
        }
      }
    }
  }
  return problems;
}

/** Why a CA in `caRegion` cannot write to a bucket in `bucketRegion`, when both are known; undefined when it can. */
export function pairingProblem(caRegion: string, bucketRegion: string): string | undefined {
  if (!isConcrete(caRegion) || !isConcrete(bucketRegion)) {
    return undefined;
  }
  const pairing = crlServicePrincipals(caRegion, bucketRegion);
  return 'unsupported' in pairing ? `the CRL bucket is in ${bucketRegion}: ${pairing.unsupported}` : undefined;
}

/** The service principals that write the CRLs of CAs in `caRegion` to the bucket of `scope`'s stack. */
export function writerPrincipals(scope: IConstruct, caRegion: string): iam.IPrincipal[] {
  const bucketRegion = Stack.of(scope).region;
  if (isConcrete(caRegion) && isConcrete(bucketRegion)) {
    const pairing = crlServicePrincipals(caRegion, bucketRegion);
    const names = 'principals' in pairing ? pairing.principals : [PCA_SERVICE_PRINCIPAL];
    return names.map((name) => iam.ServicePrincipal.fromStaticServicePrincipleName(name));
  }
  // A stack without a known Region (the CA's is the same, or unknown): the Regional principal is added at
  // deployment when the Region is opt-in (see crlServicePrincipals).
  return [
    iam.ServicePrincipal.fromStaticServicePrincipleName(PCA_SERVICE_PRINCIPAL),
    iam.ServicePrincipal.fromStaticServicePrincipleName(
      Fn.conditionIf(optInRegionCondition(Stack.of(scope)).logicalId, pcaRegionalServicePrincipal(Aws.REGION), Aws.NO_VALUE).toString()),
  ];
}

/** A stack-wide condition: is the stack deployed to an opt-in Region? */
function optInRegionCondition(stack: Stack): CfnCondition {
  const existing = stack.node.tryFindChild(OPT_IN_CONDITION_ID) as CfnCondition | undefined;
  if (existing) {
    return existing;
  }
  const equals = [...OPT_IN_REGIONS].map((region) => Fn.conditionEquals(Aws.REGION, region));
  const groups: Array<typeof equals> = [];
  for (let i = 0; i < equals.length; i += 10) {
    groups.push(equals.slice(i, i + 10));
  }
  const ors = groups.map((g) => (g.length === 1 ? g[0] : Fn.conditionOr(...g)));
  return new CfnCondition(stack, OPT_IN_CONDITION_ID, { expression: ors.length === 1 ? ors[0] : Fn.conditionOr(...ors) });
}

/** The statement id suffix of the writers of CAs in `region`: none in the bucket's own Region, else the Region in PascalCase. */
export function writerSidSuffix(region: string, bucketRegion: string): string {
  if (!isConcrete(region) || region === bucketRegion || Token.isUnresolved(bucketRegion)) {
    return '';
  }
  return region.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}
