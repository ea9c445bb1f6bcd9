/**
 * ACM certificates of the app issued by an IssuingCa (`acm.PrivateCertificate`, or any `AWS::CertificateManager::
 * Certificate` that names the CA's ARN): in the CA's stack they wait for the CA's `AWS::ACMPCA::Permission` for ACM,
 * which ACM needs to issue from a CA of its own account too; and none may be issued by a short-lived CA, from which
 * ACM cannot issue.
 */
import { Aspects, IAspect, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type { Construct, IConstruct } from 'constructs';
import { ACM_RENEWAL_PERMISSION_ACTIONS, ACM_SERVICE_PRINCIPAL } from '../../private/contracts/aws-strings';

const PERMISSION_ID = 'AcmRenewalPermission';

export interface AcmIssuanceProps {
  /** The CA's ARN as the construct hands it out (what an acm.PrivateCertificate of it names). */
  readonly certificateAuthorityArn: string;
  /** `acmRenewalPermission` as the user gave it. */
  readonly asked?: boolean;
  readonly shortLived: boolean;
  /** The CA waits for a certificate signed outside AWS: ACM can neither be granted nor issue from it yet. */
  readonly pending?: boolean;
}

/** What acmIssuance set up. */
export interface AcmIssuance {
  /** The ACM certificates of the app that name the CA (complete once the app is prepared). */
  readonly certificates: acm.CfnCertificate[];
  /** The CA signs CAs: a default permission for ACM goes (an asked one stays). */
  signsCas(): void;
}

/**
 * The CA's `AWS::ACMPCA::Permission` for ACM (construct id `AcmRenewalPermission`): made unless the CA is short-lived
 * or `asked` is false; a default one goes when the CA gets a subordinate. The app's ACM certificates that name the CA
 * wait for it, and fail synthesis on a short-lived CA or, in the CA's account, without it.
 */
export function acmIssuance(ca: Construct, props: AcmIssuanceProps): AcmIssuance {
  let permission: acmpca.CfnPermission | undefined;
  if (!props.pending && (props.asked ?? !props.shortLived)) {
    permission = new acmpca.CfnPermission(ca, PERMISSION_ID, {
      certificateAuthorityArn: props.certificateAuthorityArn,
      principal: ACM_SERVICE_PRINCIPAL,
      actions: ACM_RENEWAL_PERMISSION_ACTIONS,
      sourceAccount: Stack.of(ca).account,
    });
  }
  const certificates = watchAcmCertificates(ca, {
    certificateAuthorityArn: props.certificateAuthorityArn, permission: () => permission,
  });
  ca.node.addValidation({
    validate: () => {
      let problem: string | undefined;
      if (props.shortLived) problem = shortLivedAcmProblem(ca.node.path, certificates);
      else if (props.pending) problem = pendingAcmProblem(ca.node.path, certificates);
      else problem = missingPermissionProblem(ca, certificates, permission !== undefined);
      return problem === undefined ? [] : [problem];
    },
  });
  return {
    certificates,
    signsCas: () => {
      if (props.asked === undefined && permission !== undefined) {
        ca.node.tryRemoveChild(PERMISSION_ID);
        permission = undefined;
      }
    },
  };
}

interface AcmIssuanceOptions {
  /** The CA's ARN as the construct hands it out (what an acm.PrivateCertificate of it names). */
  readonly certificateAuthorityArn: string;
  /** The permission for ACM, when the CA has one (read when the app is prepared: a CA that signs CAs loses its default one). */
  readonly permission: () => acmpca.CfnPermission | undefined;
}

/** The CAs watched in an app, by the ARN (token) an ACM certificate of each names: one aspect per app visits them all. */
const watchedByApp = new WeakMap<IConstruct, Map<string, Array<{ options: AcmIssuanceOptions; found: acm.CfnCertificate[] }>>>();

/**
 * Finds the ACM certificates of `ca` when the app is prepared; returns those found (complete at validation). One
 * aspect at the app's root serves every CA of the app, so that the app's tree is visited once, whatever the number
 * of CAs.
 */
function watchAcmCertificates(ca: IConstruct, options: AcmIssuanceOptions): acm.CfnCertificate[] {
  const root = ca.node.root;
  let watched = watchedByApp.get(root);
  if (watched === undefined) {
    const byArn = new Map<string, Array<{ options: AcmIssuanceOptions; found: acm.CfnCertificate[] }>>();
    watched = byArn;
    watchedByApp.set(root, byArn);
    const aspect: IAspect = {
      visit(node: IConstruct): void {
        if (!(node instanceof acm.CfnCertificate)) return;
        for (const watch of byArn.get(node.certificateAuthorityArn ?? '') ?? []) {
          if (watch.found.includes(node)) continue;
          watch.found.push(node);
          const permission = watch.options.permission();
          if (permission && Stack.of(node) === Stack.of(permission)) {
            // (The construct's dependency, which renders the same DependsOn: CfnResource#addDependency is deprecated in
            // newer aws-cdk-lib, and its successor addResourceDependency is missing in the oldest of the peer range.)
            node.node.addDependency(permission);
          }
        }
      },
    };
    Aspects.of(root).add(aspect);
  }
  const found: acm.CfnCertificate[] = [];
  const list = watched.get(options.certificateAuthorityArn) ?? [];
  list.push({ options, found });
  watched.set(options.certificateAuthorityArn, list);
  return found;
}

/** Why ACM certificates of a short-lived CA cannot be, one message. */
function shortLivedAcmProblem(caPath: string, certificates: acm.CfnCertificate[]): string | undefined {
  if (certificates.length === 0) return undefined;
  const paths = pathsOf(certificates);
  return `IssuingCa '${caPath}' is a short-lived CA (CaUsageMode.SHORT_LIVED_CERTIFICATE), from which ACM cannot issue, but ACM certificates `
    + `name it: ${paths}; issue them from a general-purpose IssuingCa, or issue short-lived certificates with grantIssue and IssueCertificate`;
}

/** Why ACM certificates of a CA still waiting for its certificate cannot be, one message. */
function pendingAcmProblem(caPath: string, certificates: acm.CfnCertificate[]): string | undefined {
  if (certificates.length === 0) return undefined;
  return `IssuingCa '${caPath}' has no certificate yet (its parent is outside AWS and signedCertificate is not given), so ACM cannot issue from it, `
    + `but ACM certificates name it: ${pathsOf(certificates)}; give signedCertificate first, or add them in a later deployment`;
}

/**
 * ACM certificates of the CA's own account that no permission for ACM lets ACM issue (the CA signs CAs, so it has
 * none by default), one message.
 */
function missingPermissionProblem(ca: IConstruct, certificates: acm.CfnCertificate[], hasPermission: boolean): string | undefined {
  const account = Stack.of(ca).account;
  const mine = certificates.filter((c) => Stack.of(c).account === account);
  if (hasPermission || mine.length === 0) return undefined;
  const paths = pathsOf(mine);
  return `IssuingCa '${ca.node.path}' signs CAs, so it has no AWS::ACMPCA::Permission for ACM by default (a CA that signs CAs should not issue `
    + `end-entity certificates), but ACM certificates of its account name it: ${paths}; issue them from an IssuingCa without subordinates, `
    + 'or set acmRenewalPermission: true on this one';
}

/** The certificates as messages name them: the construct around each resource (an acm.PrivateCertificate). */
function pathsOf(certificates: acm.CfnCertificate[]): string {
  return certificates.map((c) => `'${c.node.scope?.node.path ?? c.node.path}'`).join(', ');
}
