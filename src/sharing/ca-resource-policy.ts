import { Annotations, CustomResource, Lazy, Resource, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { Construct } from 'constructs';
import { CertificateTemplateKind } from '../hierarchy/certificate-template';
import {
  PolicyGrantSpec, caLocationProblems, caPolicyStatements, checkRootSharing, noteCaSharing, principalProblems,
} from './private/sharing';
import { CaPolicyProvider } from './private/sharing-provider';
import { SharePermission, SharePrincipal, SharePrincipalKind } from './share-permission';
import { CROSS_ACCOUNT_TEMPLATES } from '../private/contracts/aws-strings';
import { CA_POLICY_RESOURCE_TYPE, CaPolicyProperties } from '../private/contracts/sharing';
import { ValidationErrors, isAccountId, isConcrete } from '../private/validation';

/** Who may do what with the CA, as one part of a `CaResourcePolicy`. */
export interface CaPolicyGrant {
  /** Accounts, organizations, organizational units or service principals. */
  readonly principals: SharePrincipal[];

  /**
   * What they may do: a RAM managed permission (the policy grants the same), or
   * `SharePermission.issuance([...])` for templates no managed permission covers.
   * @default SharePermission.DEFAULT (issue with EndEntityCertificate/V1, read the CA)
   */
  readonly permission?: SharePermission;

  /**
   * For service principals: the accounts on whose behalf the service may act (condition `aws:SourceAccount`).
   * @default - the CA's own account
   */
  readonly sourceAccounts?: string[];

  /**
   * For service principals: the resources on whose behalf the service may act (condition `aws:SourceArn`,
   * `ArnLike`), for example a Network Firewall proxy's ARN.
   * @default - no aws:SourceArn condition
   */
  readonly sourceArns?: string[];
}

/** Properties of a `CaResourcePolicy`. */
export interface CaResourcePolicyProps {
  /** The CA; it must be in this stack's account and Region. */
  readonly certificateAuthority: acmpca.ICertificateAuthority;

  /**
   * The grants; more can be added with `addGrant`. The policy needs at least one.
   * @default - none yet
   */
  readonly grants?: CaPolicyGrant[];

  /**
   * Allow a policy on a `RootCaAccount`. A root should only sign subordinate CAs in its own account.
   * @default false
   */
  readonly allowRootCaSharing?: boolean;
}

/**
 * The resource policy of a CA (acm-pca PutPolicy), for what AWS RAM cannot serve: templates that no RAM
 * managed permission allows (such as `EndEntityServerAuthCertificate/V1`), organizations without RAM
 * sharing turned on (`aws:PrincipalOrgID`), organizational units (`aws:PrincipalOrgPaths`), and service
 * principals that need `aws:SourceAccount` / `aws:SourceArn` against the confused deputy.
 *
 * CloudFormation has no resource for a CA's policy, so a custom resource writes it, replaces it on update
 * and deletes it with the stack. A CA has one policy: one `CaResourcePolicy` per CA, with all its grants.
 *
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/pca-rbp.html
 */
export class CaResourcePolicy extends Resource {
  /** The CA whose policy this is. */
  public readonly certificateAuthority: acmpca.ICertificateAuthority;
  /** The custom resource that writes the policy. */
  public readonly resource: CustomResource;

  private readonly grants: PolicyGrantSpec[] = [];

  constructor(scope: Construct, id: string, props: CaResourcePolicyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const ca = props.certificateAuthority;
    this.certificateAuthority = ca;

    const errors = new ValidationErrors('CaResourcePolicy', this);
    caLocationProblems(this, ca, 'CA resource policy').forEach((p) => errors.add(p));
    checkRootSharing(this, ca, props.allowRootCaSharing, errors, 'attach a resource policy to');
    const other = noteCaSharing(this, ca, 'policy');
    if (other !== undefined) {
      errors.add(`CA ${ca.node.path} already has a CaResourcePolicy ('${other}'); a CA has one resource policy and PutPolicy replaces it: add grants to that one with addGrant`);
    }
    for (const [i, grant] of (props.grants ?? []).entries()) {
      this.grantProblems(grant, `grant ${i + 1}:`).forEach((p) => errors.add(p));
    }
    errors.throwIfAny();

    const provider = CaPolicyProvider.of(this);
    provider.grantCa(ca.certificateAuthorityArn);

    const policy = Lazy.string({
      produce: () => stack.toJsonString({
        Version: '2012-10-17',
        Statement: caPolicyStatements(ca.certificateAuthorityArn, stack.account, this.grants),
      }),
    });
    const properties: CaPolicyProperties = {
      CertificateAuthorityArn: ca.certificateAuthorityArn,
      Policy: policy,
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: CA_POLICY_RESOURCE_TYPE,
      properties: { ...properties },
    });
    this.resource.node.addDependency(provider.ready);

    for (const grant of props.grants ?? []) {
      this.record(grant);
    }
    this.node.addValidation({
      validate: () => (this.grants.length === 0
        ? [`CaResourcePolicy '${this.node.path}': the policy has no grants; pass grants or call addGrant, or remove the CaResourcePolicy`]
        : []),
    });
  }

  /** Adds a grant to the policy. */
  public addGrant(grant: CaPolicyGrant): void {
    const errors = new ValidationErrors('CaResourcePolicy', this);
    this.grantProblems(grant, 'addGrant:').forEach((p) => errors.add(p));
    errors.throwIfAny();
    this.record(grant);
  }

  private record(grant: CaPolicyGrant): void {
    const permission = grant.permission ?? SharePermission.DEFAULT;
    const undocumented = permission.allowedTemplates.filter((t) => !CROSS_ACCOUNT_TEMPLATES.includes(t.templateName));
    if (undocumented.length > 0) {
      Annotations.of(this).addWarningV2('cdk-pki:templateNotDocumentedCrossAccount',
        `Permission ${permission.displayName} lets other accounts issue with ${undocumented.join(', ')}; AWS documents only `
        + `${CROSS_ACCOUNT_TEMPLATES.join(', ')} for cross-account issuers, so PutPolicy or IssueCertificate may refuse it. `
        + 'Check it against your account, or give the consumer a role in this account instead.');
    }
    this.grants.push({ principals: grant.principals, permission, sourceAccounts: grant.sourceAccounts, sourceArns: grant.sourceArns });
  }

  private grantProblems(grant: CaPolicyGrant, where: string): string[] {
    const problems: string[] = [];
    const permission = grant.permission ?? SharePermission.DEFAULT;
    if (grant.principals.length === 0) {
      problems.push(`${where} principals is empty; name at least one account, organization, OU or service principal`);
    }
    problems.push(...principalProblems(grant.principals, `${where} principal`));
    if (permission.allowedTemplates.length === 0 && !permission.allowsRevocation) {
      problems.push(`${where} permission ${permission.displayName} allows nothing; allow templates, revocation, or both`);
    }
    const rootTemplates = permission.allowedTemplates.filter((t) => t.kind === CertificateTemplateKind.ROOT_CA);
    if (rootTemplates.length > 0) {
      problems.push(`${where} permission ${permission.displayName} allows ${rootTemplates.join(', ')}, which self-signs a root CA's own certificate; no other account can use it`);
    }
    for (const account of grant.sourceAccounts ?? []) {
      if (isConcrete(account) && !isAccountId(account)) {
        problems.push(`${where} source account '${account}' is not an AWS account id; use 12 digits`);
      }
    }
    const hasService = grant.principals.some((p) => p.kind === SharePrincipalKind.SERVICE);
    if (!hasService && (grant.sourceAccounts !== undefined || grant.sourceArns !== undefined)) {
      problems.push(`${where} sourceAccounts and sourceArns apply to service principals only, and this grant has none; remove them, or add the service principal`);
    }
    return problems;
  }
}
