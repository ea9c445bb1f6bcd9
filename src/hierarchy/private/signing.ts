import { Aws, CfnOutput, IResolvable, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IConstruct } from 'constructs';
import {
  MAX_HIERARCHY_DEPTH, PRINCIPAL_ARN_CONDITION_KEY, PRINCIPAL_ORG_ID_CONDITION_KEY, TEMPLATE_ARN_CONDITION_KEY,
} from '../../private/contracts/aws-strings';
import { isAccountId, isOrganizationId } from '../../private/validation';
import type { SigningAlgorithm } from '../algorithms';
import { CertificateTemplate, CertificateTemplateKind } from '../certificate-template';
import type { IParentCa } from '../parent';
import type { Validity } from '../validity';

/** Longest hierarchy and CA names: `cdk-pki-signer-<hierarchy>-<ca>` must fit IAM's 64 characters. */
export const MAX_HIERARCHY_NAME_LENGTH = 24;
export const MAX_CA_NAME_LENGTH = 24;

/**
 * IAM path of the roles of the library's signing handlers. Signer roles trust only roles under it, so
 * that, in a trusted account, only the signing handlers (not every principal allowed sts:AssumeRole)
 * can reach a parent CA.
 */
export const SIGNING_HANDLER_ROLE_PATH = '/cdk-pki/';

/** Fixed, documented name of the role that signs subordinates of a CA. */
export function signerRoleName(hierarchyName: string, caName: string): string {
  return `cdk-pki-signer-${hierarchyName}-${caName}`;
}

/** SSM parameter (in the CA's account and Region) that publishes the CA's ARN. */
export function arnParameterName(hierarchyName: string, caName: string): string {
  return `/cdk-pki/${hierarchyName}/${caName}/certificate-authority-arn`;
}

export function signerRoleArn(partition: string, account: string, hierarchyName: string, caName: string): string {
  return `arn:${partition}:iam::${account}:role/${signerRoleName(hierarchyName, caName)}`;
}

/** A subordinate that a parent signs, as the parent sees it. */
export interface SubordinateRegistration {
  readonly scope: IConstruct;
  /** The template the parent must allow; resolved at synthesis (path length follows from the children). */
  readonly template: () => CertificateTemplate;
  readonly pathLength: () => number;
  readonly revokeOnDelete: boolean;
  /** Account of the subordinate when it is in another stack than the parent. */
  readonly remoteAccount?: string;
}

/**
 * What the library knows of a CA that signs subordinates. In-app parents (RootCaAccount, IssuingCa)
 * collect their subordinates, so that path lengths, the signer role's templates and its trust follow
 * from the app without being repeated.
 */
export class SigningAuthority {
  public readonly subordinates: SubordinateRegistration[] = [];
  private readonly remoteHooks: Array<(sub: SubordinateRegistration) => void> = [];

  /** Present for CAs that are constructs of this app. */
  public readonly local?: LocalAuthority;
  /** The CA's validity, when known at synthesis: subordinates must end before it. */
  public readonly validity?: Validity;
  /** The CA's signing algorithm, when known at synthesis. */
  public readonly signingAlgorithm?: SigningAlgorithm;
  /** The CA's generation, when known at synthesis: subordinates are signed again when it changes. */
  public readonly generation?: number;

  constructor(public readonly parent: IParentCa, details: AuthorityDetails) {
    this.local = details.local;
    this.validity = details.validity;
    this.signingAlgorithm = details.signingAlgorithm;
    this.generation = details.generation;
  }

  public register(sub: SubordinateRegistration): void {
    this.subordinates.push(sub);
    if (sub.remoteAccount !== undefined) {
      this.remoteHooks.forEach((hook) => hook(sub));
    }
  }

  /** Called for every subordinate in another stack (for example to create the signer role and trust it). */
  public onRemoteSubordinate(hook: (sub: SubordinateRegistration) => void): void {
    this.remoteHooks.push(hook);
    this.subordinates.filter((s) => s.remoteAccount !== undefined).forEach(hook);
  }

  /** Path length this CA's own certificate needs: one more than its deepest subordinate's. */
  public derivedPathLength(): number {
    return this.subordinates.reduce((max, sub) => Math.max(max, sub.pathLength() + 1), 0);
  }

  /** Subordinates in other stacks: those that sign through the signer role. */
  public get remoteSubordinates(): SubordinateRegistration[] {
    return this.subordinates.filter((s) => s.remoteAccount !== undefined);
  }
}

/** The parts of an in-app CA that its subordinates in the same stack use. */
export interface LocalAuthority {
  readonly stack: Stack;
  /**
   * The CA resource's own ARN. Signing grants in the same stack use it rather than the construct's
   * public ARN, which comes from the signing resource and would make the provider's policy depend on it.
   */
  readonly certificateAuthorityArn: string;
  /** What must exist before a subordinate can be signed (the CA's activation). */
  readonly ready: IConstruct;
}

export interface AuthorityDetails {
  readonly local?: LocalAuthority;
  readonly validity?: Validity;
  readonly signingAlgorithm?: SigningAlgorithm;
  readonly generation?: number;
}

const authorities = new WeakMap<object, SigningAuthority>();

export function registerAuthority(parent: IParentCa, details: AuthorityDetails): SigningAuthority {
  const authority = new SigningAuthority(parent, details);
  authorities.set(parent, authority);
  return authority;
}

export function authorityOf(parent: IParentCa): SigningAuthority {
  const authority = authorities.get(parent);
  if (!authority) {
    throw new Error(`'${parent.hierarchyName}/${parent.caName}' is not a parent this library made; pass a RootCaAccount, an IssuingCa, or ParentCa.fromAccount(...)`);
  }
  return authority;
}

/** Checks a depth against AWS's limit; returns the problem or undefined. */
export function depthProblem(depth: number): string | undefined {
  if (depth > MAX_HIERARCHY_DEPTH) {
    return `it would be level ${depth} of its hierarchy, but AWS Private CA allows at most ${MAX_HIERARCHY_DEPTH} levels; attach it to a CA closer to the root`;
  }
  return undefined;
}

export interface SignerTrust {
  readonly trustedAccountIds?: string[];
  readonly trustedOrganizationId?: string;
}

/** Validates the trust props of a signer. */
export function trustProblems(trust: SignerOptions): string[] {
  const problems: string[] = [];
  // The signer role must never let anyone issue anything but subordinate CA certificates.
  for (const template of trust.additionalSubordinateTemplates ?? []) {
    if (template.kind !== CertificateTemplateKind.SUBORDINATE_CA) {
      problems.push(`additionalSubordinateTemplates has ${template.templateName}, which does not issue subordinate CA certificates; `
        + 'the signer role may only sign subordinate CAs: use CertificateTemplate.subordinateCa(pathLength)');
    }
  }
  for (const account of trust.trustedAccountIds ?? []) {
    if (!Token.isUnresolved(account) && !isAccountId(account)) {
      problems.push(`trustedAccountIds has '${account}', which is not a 12-digit AWS account id`);
    }
  }
  const org = trust.trustedOrganizationId;
  if (org !== undefined && !Token.isUnresolved(org) && !isOrganizationId(org)) {
    problems.push(`trustedOrganizationId '${org}' is not an AWS Organizations id; it looks like 'o-a1b2c3d4e5'`);
  }
  return problems;
}

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

    new CfnOutput(this, 'RoleArnOutput', { value: this.roleArn, description: `Signer role of ${props.hierarchyName}/${props.caName}` });
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

/** The partition-aware ARN of a signer role, as seen from `scope`'s stack. */
export function signerRoleArnFor(parent: IParentCa): string {
  return signerRoleArn(Aws.PARTITION, parent.env.account, parent.hierarchyName, parent.caName);
}

/** Props of a CA that may sign subordinates in other stacks or apps. */
export interface SignerOptions extends SignerTrust {
  readonly additionalSubordinateTemplates?: CertificateTemplate[];
  readonly allowSubordinateRevocation?: boolean;
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
