/**
 * How an IssuingCa whose parent is in AWS is signed (its Custom::PkiSubordinateCaCertificate), and how the signing handler
 * of its stack reaches the parent, with the rights that takes: a parent in the
 * same stack (signed in the handler, with the handler's own role), a parent of another stack of the library (through
 * its signing authority, via the subordinate's invoker role there), or a parent given by ARN (called directly, through
 * the role given for it, or with the handler's own role in the same account and Region).
 */
import { Aws, CustomResource, Lazy, Stack, Tokenization } from 'aws-cdk-lib';
import type { Construct, IConstruct } from 'constructs';
import type { RemoteSubordinate, SigningAuthority } from './authority';
import { authorityAddress, signingHandlerRoleNameOf } from './authority-function';
import { restorationDaysText } from './ca-lifecycle';
import type { CaRemoval } from './ca-lifecycle';
import { csrReaderRole } from './reader-role';
import { SigningProvider } from './signing-provider';
import { CaCertificateRenewal } from '../../lifecycle/ca-certificate-renewal';
import { applyCaRenewal } from '../../lifecycle/private/ca-renewal';
import { parseCaArn } from '../../private/contracts/arn';
import { SUBORDINATE_CERTIFICATE_RESOURCE_TYPE } from '../../private/contracts/signing';
import type { DeclaredSubject, NameConstraintsSpec, ParentReference, SubordinateCertificateProperties } from '../../private/contracts/signing';
import { addStackDependency } from '../../private/stack-dependency';
import { isConcrete } from '../../private/validation';
import type { CertificateTemplate } from '../certificate-template';
import type { IssuingCa, IssuingCaProps } from '../issuing-ca';
import type { IParentCa } from '../parent';

/** What the signing resource needs to reach its parent. */
export interface ParentSigning {
  readonly reference: ParentReference;
  /**
   * Whether the parent signs in the handler (the CSR is then checked there against the declared subject and key); a
   * signing authority checks its own declaration.
   */
  readonly inProcess: boolean;
  /** Present when the parent signs through its signing authority. */
  readonly remote?: RemoteSubordinate;
  /** What the signing resource waits for. */
  readonly dependsOn: IConstruct[];
}

export interface ParentSigningArgs {
  readonly ca: Construct & { readonly caName: string };
  readonly parent: IParentCa;
  readonly authority: SigningAuthority;
  readonly provider: SigningProvider;
  /** The subordinate CA's own ARN. */
  readonly caArn: string;
  readonly template: () => CertificateTemplate;
  readonly revokeOnDelete: boolean;
}

/** Whether the parent is a CA of this app in the subordinate's own stack. */
export function parentInStack(ca: IConstruct, authority: SigningAuthority): boolean {
  return authority.local !== undefined && authority.local.stack === Stack.of(ca);
}

/** Problems of where the parent and the subordinate are, for the handler to reach the parent. */
export function reachProblems(ca: IConstruct, parent: IParentCa, authority: SigningAuthority): string[] {
  const stack = Stack.of(ca);
  const byArn = authority.byArn;
  if (byArn) {
    const arn = parseCaArn(byArn.certificateAuthorityArn);
    if (byArn.signerRoleArn !== undefined || !arn) return [];
    return stack.account === arn.account && stack.region === arn.region ? [] : [
      `its parent ${arn.arn} is not in this stack's account and Region (${stack.account}/${stack.region}), and ParentCa.fromCertificateAuthorityArn `
      + 'was given no signerRoleArn; give the role in the parent\'s account that the signing handler assumes',
    ];
  }
  if (parentInStack(ca, authority)) return [];
  const problems: string[] = [];
  if (!isConcrete(parent.env.account) || !isConcrete(parent.env.region)) {
    problems.push(`its parent '${parent.hierarchyName}/${parent.caName}' is in another stack whose account or Region is not known at synthesis; give that stack an env with account and region`);
  }
  if (!isConcrete(stack.account) || !isConcrete(stack.region)) {
    problems.push(`its parent is in another stack, whose signing authority must know this stack's account and Region; give stack '${stack.stackName}' an env with account and region`);
  }
  return problems;
}

/** The parent reference of the signing resource, with the rights and dependencies it takes. */
export function parentSigning(args: ParentSigningArgs): ParentSigning {
  const { ca, parent, authority, provider } = args;
  const templateArn = Lazy.string({ produce: () => args.template().templateArn });
  const local = authority.local;
  if (local !== undefined && parentInStack(ca, authority)) {
    provider.grantParent(local.certificateAuthorityArn, parent.caName, templateArn, args.revokeOnDelete);
    return { reference: { Region: Aws.REGION, CertificateAuthorityArn: local.certificateAuthorityArn }, inProcess: true, dependsOn: [local.ready] };
  }
  const byArn = authority.byArn;
  if (byArn) {
    const arn = parseCaArn(byArn.certificateAuthorityArn)!;
    if (byArn.signerRoleArn !== undefined) {
      provider.grantAssumeRole(byArn.signerRoleArn);
    } else {
      provider.grantParent(arn.arn, parent.caName, templateArn, args.revokeOnDelete);
    }
    return {
      reference: { Region: arn.region, CertificateAuthorityArn: arn.arn, RoleArn: byArn.signerRoleArn },
      inProcess: true,
      dependsOn: [],
    };
  }
  // The parent's signing authority signs it: the handler assumes this CA's invoker role in the parent's account and
  // invokes this CA's alias of the authority, which reads the CSR through the reader role.
  const stack = Stack.of(ca);
  const name = { hierarchyName: parent.hierarchyName, caName: ca.caName, account: stack.account, region: stack.region };
  const address = authorityAddress(Aws.PARTITION, parent.env.account, parent.env.region, name);
  provider.grantAssumeRole(address.invokerRoleArn);
  const reader = csrReaderRole(ca, { ...name, parentAccount: parent.env.account, authorityRoleArn: address.authorityRoleArn });
  if (local !== undefined) {
    addStackDependency(stack, local.stack, `IssuingCa ${ca.node.path} is signed by ${parent.hierarchyName}/${parent.caName}`);
  }
  return {
    reference: { Region: parent.env.region, AuthorityFunctionArn: address.functionArn, InvokerRoleArn: address.invokerRoleArn },
    inProcess: false,
    remote: { account: stack.account, region: stack.region, handlerRoleName: signingHandlerRoleNameOf(stack) },
    dependsOn: [reader],
  };
}

/** The signing resource of a CA whose parent is in AWS: the parent signs the CSR, and the handler installs the certificate. */
export function signedByParent(ca: IssuingCa, props: IssuingCaProps, a: {
  parent: IParentCa;
  parentAuthority: SigningAuthority;
  caArn: string;
  csr: string;
  template: () => CertificateTemplate;
  subject: DeclaredSubject;
  nameConstraints?: NameConstraintsSpec;
  removal: CaRemoval;
  retireAfter: string;
}): CustomResource {
  const revokeOnDelete = props.revokeOnDelete ?? false;
  const provider = SigningProvider.of(ca);
  provider.grantSubordinate(a.caArn);
  if (a.removal.policy === 'DESTROY') provider.grantDeleteSubordinates();
  const signing = parentSigning({
    ca, parent: a.parent, authority: a.parentAuthority, provider, caArn: a.caArn, template: a.template, revokeOnDelete,
  });
  a.parentAuthority.register({
    scope: ca,
    caName: ca.caName,
    subject: a.subject,
    keyAlgorithm: ca.keyAlgorithm.name,
    validity: () => ca.validity,
    nameConstraints: a.nameConstraints,
    template: a.template,
    pathLength: () => ca.pathLength,
    revokeOnDelete,
    remote: signing.remote,
  });
  const properties: SubordinateCertificateProperties = {
    CertificateAuthorityArn: a.caArn,
    CertificateSigningRequest: a.csr,
    Parent: signing.reference,
    TemplateArn: Lazy.string({ produce: () => a.template().templateArn }),
    // Lazy: a CA whose validity is the default is lengthened when a subordinate with the default validity comes.
    ValidityType: Lazy.string({ produce: () => ca.validity.unit }),
    ValidityValue: Lazy.string({ produce: () => Tokenization.stringifyNumber(ca.validity.value) }),
    SigningAlgorithm: a.parentAuthority.signingAlgorithm?.name,
    NameConstraints: a.nameConstraints,
    RevokeOnDelete: String(revokeOnDelete),
    RemovalPolicy: a.removal.policy,
    RestorationDays: restorationDaysText(a.removal),
    ParentGeneration: a.parentAuthority.generation === undefined ? undefined : String(a.parentAuthority.generation),
    // A parent that signs in the handler: it checks the CSR against these, as the authority does.
    Subject: signing.inProcess ? a.subject : undefined,
    KeyAlgorithm: signing.inProcess ? ca.keyAlgorithm.name : undefined,
    RetireAfterDays: a.retireAfter,
  };
  const certificate = provider.lifecycleResource(ca, 'Certificate', SUBORDINATE_CERTIFICATE_RESOURCE_TYPE, properties);
  signing.dependsOn.forEach((d) => certificate.node.addDependency(d));
  const { CertificateSigningRequest: _csr, ...renewalProperties } = properties;
  applyCaRenewal({
    ca,
    renewal: props.renewal ?? CaCertificateRenewal.automatic(),
    hierarchyName: ca.hierarchyName,
    caName: ca.caName,
    depth: ca.depth,
    validity: () => ca.validity,
    parent: a.parent,
    signingResource: certificate,
    properties: renewalProperties,
    defaultAlarmTopic: () => ca.crlAlarmTopic,
  });
  return certificate;
}
