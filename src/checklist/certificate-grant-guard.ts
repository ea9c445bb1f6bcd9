import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ACM_CERTIFICATE_ARN_PATTERN, ACM_ENCRYPTION_CONTEXT_CONDITION_KEY, KMS_CREATE_GRANT_ACTION, PRINCIPAL_ARN_CONDITION_KEY,
} from '../private/contracts/aws-strings';
import { isConcrete } from '../private/validation';

/** Which certificates `CertificateGrantGuard` protects, and who may still use them. */
export interface CertificateGrantGuardProps {
  /**
   * Certificates whose private keys no integrated service may be given.
   * @default - none; give certificates, certificateArns or both
   */
  readonly certificates?: acm.ICertificate[];

  /**
   * ARNs of certificates whose private keys no integrated service may be given
   * (`arn:<partition>:acm:<region>:<account>:certificate/<id>`), for certificates outside the app.
   * @default - none; give certificates, certificateArns or both
   */
  readonly certificateArns?: string[];

  /**
   * Principals that may still associate the certificates with services (condition `ArnNotLike aws:PrincipalArn`),
   * for example the deployment role of the one stack that uses them. Patterns with `*` are allowed.
   * @default - nobody: the certificates cannot be associated with any integrated service
   */
  readonly exceptPrincipalArns?: string[];

  /**
   * Statement id.
   * @default 'DenyCertificateKeyGrants'
   */
  readonly sid?: string;
}

const PRINCIPAL_ARN = /^arn:aws[a-z-]*:(iam|sts)::(\d{12}|\*):[\w+=,.@/*-]+$/;

/**
 * The statement from the ACM best practices ("Account-level separation") that keeps the private keys of chosen
 * certificates from being handed to integrated services: it denies `kms:CreateGrant` when the encryption context
 * `aws:acm:arn` is one of the certificates (`kms:EncryptionContext:aws:acm:arn`). ACM creates such a grant when a
 * certificate is associated with a load balancer, a distribution or an API, so the association fails.
 *
 * Use it in a service control policy (`denyCreateGrantDocument`), a permissions boundary, or the identity
 * policies of the roles that must not use the certificates.
 *
 * @see https://docs.aws.amazon.com/acm/latest/userguide/acm-bestpractices.html
 */
export class CertificateGrantGuard {
  /** The deny statement. */
  public static denyCreateGrant(props: CertificateGrantGuardProps): iam.PolicyStatement {
    const arns = [...(props.certificates ?? []).map((c) => c.certificateArn), ...(props.certificateArns ?? [])];
    const problems: string[] = [];
    if (arns.length === 0) {
      problems.push('no certificate is given; pass certificates or certificateArns');
    }
    for (const arn of props.certificateArns ?? []) {
      if (isConcrete(arn) && !ACM_CERTIFICATE_ARN_PATTERN.test(arn)) {
        problems.push(`certificateArns has '${arn}', which is not an ACM certificate ARN; use arn:<partition>:acm:<region>:<account>:certificate/<id>`);
      }
    }
    for (const arn of props.exceptPrincipalArns ?? []) {
      if (isConcrete(arn) && !PRINCIPAL_ARN.test(arn)) {
        problems.push(`exceptPrincipalArns has '${arn}', which is not an IAM principal ARN; use arn:<partition>:iam::<account>:role/<name> (patterns with * are allowed)`);
      }
    }
    if (problems.length > 0) {
      throw new Error(problems.length === 1
        ? `CertificateGrantGuard: ${problems[0]}`
        : `CertificateGrantGuard has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    }
    const single = (values: string[]) => (values.length === 1 ? values[0] : values);
    const conditions: Record<string, Record<string, string | string[]>> = {
      StringEquals: { [ACM_ENCRYPTION_CONTEXT_CONDITION_KEY]: single(arns) },
    };
    if (props.exceptPrincipalArns && props.exceptPrincipalArns.length > 0) {
      conditions.ArnNotLike = { [PRINCIPAL_ARN_CONDITION_KEY]: single(props.exceptPrincipalArns) };
    }
    return new iam.PolicyStatement({
      sid: props.sid ?? 'DenyCertificateKeyGrants',
      effect: iam.Effect.DENY,
      actions: [KMS_CREATE_GRANT_ACTION],
      resources: ['*'],
      conditions,
    });
  }

  /** A policy document with the deny statement alone, for a service control policy or a permissions boundary. */
  public static denyCreateGrantDocument(props: CertificateGrantGuardProps): iam.PolicyDocument {
    return new iam.PolicyDocument({ statements: [CertificateGrantGuard.denyCreateGrant(props)] });
  }

  private constructor() {}
}
