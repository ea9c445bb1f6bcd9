/**
 * The signer role of a CA: the role that issuing stacks in other accounts or Regions assume to have their
 * CSR signed, and the SSM parameter that publishes the CA's ARN to them.
 */
import { Aws, IResolvable, Lazy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { SigningAuthority } from './authority';
import { SIGNING_HANDLER_ROLE_PATH, arnParameterName, signerRoleName } from './names';
import type { SignerOptions, SignerTrust } from './trust';
import { PRINCIPAL_ARN_CONDITION_KEY, PRINCIPAL_ORG_ID_CONDITION_KEY, TEMPLATE_ARN_CONDITION_KEY } from '../../private/contracts/aws-strings';
import { CertificateTemplate } from '../certificate-template';

export interface SignerRoleProps extends SignerTrust {
  readonly authority: SigningAuthority;
  /** Templates allowed besides those of the in-app subordinates (for subordinates in other apps). */
  readonly additionalTemplates?: CertificateTemplate[];
  /** Allow revocation even when no in-app subordinate asks for it. */
  readonly allowRevocation?: boolean;
  readonly certificateAuthorityArn: string;
  readonly hierarchyName: string;
  readonly caName: string;
}

/**
 * The role that issuing stacks in other accounts or Regions assume to have their CSR signed. It may
 * call IssueCertificate on this one CA only with the subordinate templates the hierarchy uses, read
 * what signing needs, read the CA's ARN parameter, and (when a subordinate asks for it) revoke; any
 * other template is explicitly denied.
 */
export class SignerRole extends Construct {
  public readonly roleName: string;
  public readonly roleArn: string;
  public readonly parameter: ssm.StringParameter;
  private readonly accounts = new Set<string>();
  private readonly organizationId?: string;

  constructor(scope: Construct, id: string, private readonly props: SignerRoleProps) {
    super(scope, id);
    (props.trustedAccountIds ?? []).forEach((a) => this.accounts.add(a));
    this.organizationId = props.trustedOrganizationId;
    this.roleName = signerRoleName(props.hierarchyName, props.caName);

    this.parameter = new ssm.StringParameter(this, 'ArnParameter', {
      parameterName: arnParameterName(props.hierarchyName, props.caName),
      // The name starts with '/', so its ARN is 'parameter' + name even while the name is a token.
      simpleName: false,
      stringValue: props.certificateAuthorityArn,
      description: `ARN of the ${props.hierarchyName}/${props.caName} CA, read by issuing stacks through ${this.roleName}`,
    });

    const role = new iam.CfnRole(this, 'Resource', {
      roleName: this.roleName,
      description: `Signs subordinate CAs of ${props.hierarchyName}/${props.caName}: IssueCertificate with subordinate CA templates only`,
      maxSessionDuration: 3600,
      assumeRolePolicyDocument: Lazy.any({ produce: () => this.trustPolicy() }),
      policies: [{
        policyName: 'SignSubordinateCAs',
        policyDocument: Lazy.any({ produce: () => this.permissionsPolicy() }),
      }],
    });
    this.roleArn = role.attrArn;

    this.node.addValidation({
      validate: () => this.accounts.size === 0 && this.organizationId === undefined
        ? [`nobody may assume the signer role ${this.roleName}; set trustedAccountIds or trustedOrganizationId, or add an IssuingCa in another stack`]
        : [],
    });
  }

  /** Trusts one more account (an in-app subordinate in another stack). */
  public trustAccount(account: string): void {
    this.accounts.add(account);
  }

  /**
   * Templates the role may issue with: those of the subordinates in other stacks of the app (those in
   * the CA's own stack sign through the stack's provider, not this role) and the additional ones, or a
   * path-length-0 subordinate when there are neither (a two-level hierarchy signed from another app).
   * Without duplicates and sorted, for stable templates.
   */
  public allowedTemplates(): CertificateTemplate[] {
    const byName = new Map<string, CertificateTemplate>();
    for (const t of [...this.props.authority.remoteSubordinates.map((s) => s.template()), ...(this.props.additionalTemplates ?? [])]) {
      byName.set(t.templateName, t);
    }
    if (byName.size === 0) {
      const pathLen0 = CertificateTemplate.subordinateCa(0);
      byName.set(pathLen0.templateName, pathLen0);
    }
    return [...byName.values()].sort((a, b) => a.templateName.localeCompare(b.templateName));
  }

  private trustPolicy(): IResolvable | object {
    const statements: iam.PolicyStatement[] = [];
    const accounts = [...this.accounts].sort();
    // Only the library's signing handlers: roles under its IAM path, in any trusted account.
    const signingHandlers = { ArnLike: { [PRINCIPAL_ARN_CONDITION_KEY]: `arn:${Aws.PARTITION}:iam::*:role${SIGNING_HANDLER_ROLE_PATH}*` } };
    if (accounts.length > 0) {
      statements.push(new iam.PolicyStatement({
        sid: 'TrustedAccounts',
        actions: ['sts:AssumeRole'],
        principals: accounts.map((a) => new iam.AccountPrincipal(a)),
        conditions: signingHandlers,
      }));
    }
    if (this.organizationId !== undefined) {
      statements.push(new iam.PolicyStatement({
        sid: 'TrustedOrganization',
        actions: ['sts:AssumeRole'],
        principals: [new iam.AnyPrincipal()],
        conditions: { StringEquals: { [PRINCIPAL_ORG_ID_CONDITION_KEY]: this.organizationId }, ...signingHandlers },
      }));
    }
    return new iam.PolicyDocument({ statements });
  }

  private permissionsPolicy(): iam.PolicyDocument {
    const ca = this.props.certificateAuthorityArn;
    const templates = this.allowedTemplates().map((t) => t.templateArn);
    const statements = [
      new iam.PolicyStatement({
        sid: 'IssueSubordinateOnly',
        actions: ['acm-pca:IssueCertificate'],
        resources: [ca],
        conditions: { StringEquals: { [TEMPLATE_ARN_CONDITION_KEY]: templates } },
      }),
      new iam.PolicyStatement({
        sid: 'ReadIssued',
        actions: ['acm-pca:GetCertificate', 'acm-pca:GetCertificateAuthorityCertificate', 'acm-pca:DescribeCertificateAuthority'],
        resources: [ca],
      }),
      new iam.PolicyStatement({
        sid: 'ReadCaArn',
        actions: ['ssm:GetParameter'],
        resources: [this.parameter.parameterArn],
      }),
      new iam.PolicyStatement({
        sid: 'DenyOtherTemplates',
        effect: iam.Effect.DENY,
        actions: ['acm-pca:IssueCertificate'],
        resources: ['*'],
        conditions: { StringNotEquals: { [TEMPLATE_ARN_CONDITION_KEY]: templates } },
      }),
    ];
    if (this.props.allowRevocation || this.props.authority.remoteSubordinates.some((s) => s.revokeOnDelete)) {
      statements.splice(2, 0, new iam.PolicyStatement({
        sid: 'RevokeSubordinates',
        actions: ['acm-pca:RevokeCertificate'],
        resources: [ca],
      }));
    }
    return new iam.PolicyDocument({ statements });
  }
}

/**
 * Gives an in-app CA its signer role: created at once when trust is configured, or when the first
 * subordinate in another stack registers (whose account it then trusts). Returns a getter for it.
 */
export function attachSigner(owner: Construct, authority: SigningAuthority, options: SignerOptions): () => SignerRole | undefined {
  let signer: SignerRole | undefined;
  const ensure = () => signer ??= new SignerRole(owner, 'Signer', {
    authority,
    certificateAuthorityArn: authority.local!.certificateAuthorityArn,
    hierarchyName: authority.parent.hierarchyName,
    caName: authority.parent.caName,
    trustedAccountIds: options.trustedAccountIds,
    trustedOrganizationId: options.trustedOrganizationId,
    additionalTemplates: options.additionalSubordinateTemplates,
    allowRevocation: options.allowSubordinateRevocation,
  });
  if (options.trustedAccountIds?.length || options.trustedOrganizationId !== undefined) {
    ensure();
  }
  authority.onRemoteSubordinate((sub) => ensure().trustAccount(sub.remoteAccount!));
  return () => signer;
}
