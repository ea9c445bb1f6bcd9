import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { CaCertificateRenewal } from '../lifecycle/ca-certificate-renewal';

/** What happens to an `IssuingCa` over its life: renewal, replacement on purpose, removal. */
export interface IssuingCaLifecycleOptions {
  /**
   * How the CA's certificate is renewed before it expires: automatically (the parent signs the same key again and
   * the certificate is installed into the same CA), or only by a deployment.
   * @default CaCertificateRenewal.automatic() - when a third of the validity is left
   */
  readonly renewal?: CaCertificateRenewal;

  /**
   * What happens to the CA when it leaves the stack, or when a new generation replaces it: kept
   * (`RemovalPolicy.RETAIN`), or disabled and deleted with a restoration period (`RemovalPolicy.DESTROY`),
   * during which `aws acm-pca restore-certificate-authority` brings it back. CloudFormation itself never
   * deletes the CA; the signing resource, which always receives its Delete, carries the policy out.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * How long a CA deleted by the library (removalPolicy DESTROY) stays restorable: 7 to 30 whole days.
   * @default Duration.days(30)
   * @see https://docs.aws.amazon.com/privateca/latest/userguide/PCADeleteCA.html
   */
  readonly restorationPeriod?: Duration;

  /**
   * Generation of the CA. A change to a property that AWS cannot change on a CA (subject, key,
   * algorithms, key storage, usage mode) or a construct moved to another path would make CloudFormation
   * create a new CA; the deployment refuses it unless the generation is raised by one in the same change.
   * Raising it replaces the CA on purpose: a new CA is created and signed, what uses this construct moves to
   * it, and the old CA is handled as `revokeOnDelete` and `removalPolicy` say.
   * @default 1
   */
  readonly generation?: number;

  /**
   * The longest validity of the end-entity certificates this CA issues. A generation replaced on purpose keeps
   * serving what it issued (CRLs, revocation) this long after the replacement, or until its own certificate ends if
   * sooner, issuing nothing new; then it retires as `removalPolicy` and `revokeOnDelete` say.
   * @default - for a CA without subordinates in this app, 395 days (ACM's 13-month private certificates); for a CA
   *   that signs CAs, the longest validity of its subordinates
   */
  readonly issuedCertificateValidity?: Duration;
}
