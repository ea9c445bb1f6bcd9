import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { parseCaArn } from '../private/contracts/arn';
import { PRINCIPAL_ARN_CONDITION_KEY, certificateAuthorityArnPattern } from '../private/contracts/aws-strings';
import { CA_EXPIRY_ROLE_PATH } from '../private/contracts/expiry';
import { acknowledgeNag, nagArn } from '../private/nag';
import { ValidationErrors, isAccountId, isConcrete } from '../private/validation';

/** Properties of a `CaExpiryReadRole`. */
export interface CaExpiryReadRoleProps {
  /** Accounts whose CA-expiry check (`CaExpiryMonitor`, or `ExpiryAlarms`) reads these CAs' certificates. */
  readonly monitoringAccounts: string[];
  /**
   * CAs of this account (any Region) that they may read.
   * @default - none: give them, or `allCertificateAuthorities`
   */
  readonly certificateAuthorities?: acmpca.ICertificateAuthority[];
  /**
   * Let them read every CA of this account, in every Region, including CAs created later (a CA's next generation, a
   * CA of another app): for an account whose CAs the role's stack does not know, such as the member accounts of a
   * `PkiMemberBaseline`. The role still reads CA certificates only.
   * @default false - the CAs in `certificateAuthorities` only
   */
  readonly allCertificateAuthorities?: boolean;
  /**
   * Name of the role; the monitoring side names it in `crossAccountCertificateAuthorities`.
   * @default CaExpiryReadRole.DEFAULT_ROLE_NAME ('cdk-pki-ca-expiry-reader')
   */
  readonly roleName?: string;
}

/**
 * A role in a CA's account that the CA-expiry function of `CaExpiryMonitor` (or `ExpiryAlarms`) in other
 * accounts assumes to read the CA certificates (`acm-pca:GetCertificateAuthorityCertificate` on the named CAs, or
 * on every CA of the account with `allCertificateAuthorities`, nothing else). It trusts only the CA-expiry functions'
 * roles (IAM path `/cdk-pki-ca-expiry/`) of the monitoring accounts.
 */
export class CaExpiryReadRole extends Construct {
  /** Name of the role unless `roleName` says otherwise. */
  public static readonly DEFAULT_ROLE_NAME = 'cdk-pki-ca-expiry-reader';

  /** ARN of the read role in `account`, for `crossAccountCertificateAuthorities`. */
  public static roleArnOf(account: string, roleName?: string): string {
    return `arn:${Aws.PARTITION}:iam::${account}:role/${roleName ?? CaExpiryReadRole.DEFAULT_ROLE_NAME}`;
  }

  /** The role. */
  public readonly role: iam.Role;
  /** ARN of the role, for the monitoring side's `crossAccountCertificateAuthorities`. */
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: CaExpiryReadRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const errors = new ValidationErrors('CaExpiryReadRole', this);
    const roleName = props.roleName ?? CaExpiryReadRole.DEFAULT_ROLE_NAME;
    if (isConcrete(roleName) && !/^[\w+=,.@-]{1,64}$/.test(roleName)) {
      errors.add(`roleName '${roleName}' is not an IAM role name; use 1 to 64 letters, digits and +=,.@_-`);
    }
    if (props.monitoringAccounts.length === 0) {
      errors.add('monitoringAccounts is empty; name the accounts whose CA-expiry checks (ExpiryAlarms, CaExpiryMonitor) read these CAs');
    }
    for (const account of props.monitoringAccounts) {
      if (isConcrete(account) && !isAccountId(account)) {
        errors.add(`monitoringAccounts: '${account}' is not an account id; use 12 digits`);
      }
    }
    const named = props.certificateAuthorities ?? [];
    if (props.allCertificateAuthorities && props.certificateAuthorities !== undefined) {
      errors.add('certificateAuthorities and allCertificateAuthorities are both set; give one: allCertificateAuthorities already covers every CA of the account');
    } else if (!props.allCertificateAuthorities && named.length === 0) {
      errors.add('certificateAuthorities is empty; name the CAs the monitoring accounts may read, or set allCertificateAuthorities');
    }
    for (const ca of named) {
      const arn = ca.certificateAuthorityArn;
      const parts = parseCaArn(arn);
      if (isConcrete(arn) && parts === undefined) {
        errors.add(`certificateAuthorities: '${arn}' is not a certificate authority ARN (arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>)`);
      } else if (parts && isConcrete(stack.account) && parts.account !== stack.account) {
        errors.add(`CA ${arn} is in account ${parts.account}, not ${stack.account}; make the read role in the CA's own account`);
      }
    }
    errors.throwIfAny();

    const monitoringRoles = props.monitoringAccounts.map((a) => `arn:${Aws.PARTITION}:iam::${a}:role${CA_EXPIRY_ROLE_PATH}*`);
    this.role = new iam.Role(this, 'Resource', {
      roleName,
      description: 'cdk-pki: lets the CA-expiry function of ExpiryAlarms in the monitoring accounts read these CA certificates',
      assumedBy: new iam.CompositePrincipal(...props.monitoringAccounts.map((a) => new iam.AccountPrincipal(a)))
        .withConditions({ ArnLike: { [PRINCIPAL_ARN_CONDITION_KEY]: monitoringRoles } }),
      maxSessionDuration: Duration.hours(1),
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['acm-pca:GetCertificateAuthorityCertificate'],
      resources: props.allCertificateAuthorities
        ? [certificateAuthorityArnPattern(Aws.PARTITION, '*', stack.account)]
        : named.map((ca) => ca.certificateAuthorityArn),
    }));
    if (props.allCertificateAuthorities) {
      acknowledgeNag(this.role, `AwsSolutions-IAM5[Resource::${nagArn(this, 'acm-pca', 'certificate-authority/*', '*')}]`,
        'Every CA of this account, including those created later (a CA\'s next generation), is to be watched; the role reads CA '
        + 'certificates only (GetCertificateAuthorityCertificate) and trusts only the monitoring accounts\' CA-expiry roles.');
    }
    this.roleArn = this.role.roleArn;
  }
}
