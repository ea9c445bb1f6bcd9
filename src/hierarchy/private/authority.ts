/**
 * The parent/child registry of the app: what the library knows of every CA that signs subordinates (its
 * validity, signing algorithm, generation, and for a CA of this app where it lives), and the subordinates
 * that registered with it, so that path lengths, the signing authority's templates and its declarations follow from the
 * app without being repeated.
 */
import type { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { MAX_HIERARCHY_DEPTH } from '../../private/contracts/aws-strings';
import type { DeclaredSubject, NameConstraintsSpec } from '../../private/contracts/signing';
import type { SigningAlgorithm } from '../algorithms';
import type { CertificateTemplate } from '../certificate-template';
import type { IParentCa } from '../parent';
import type { PemCertificates } from '../pem-certificates';
import type { Validity } from '../validity';

/** Where a subordinate in another stack than its parent is, and which role of it asks for signing. */
export interface RemoteSubordinate {
  readonly account: string;
  readonly region: string;
  /** Fixed name of the signing handler role of the subordinate's stack. */
  readonly handlerRoleName: string;
}

/** A subordinate that a parent signs, as the parent sees it: what it is and what it may get. */
export interface SubordinateRegistration {
  readonly scope: IConstruct;
  readonly caName: string;
  /** The CA's subject, as its CloudFormation resource declares it. */
  readonly subject: DeclaredSubject;
  /** Key algorithm of AWS Private CA (EC_secp384r1, ...). */
  readonly keyAlgorithm: string;
  /** Longest validity the subordinate may get (read when the app is complete: a default may still be lengthened). */
  readonly validity: () => Validity;
  readonly nameConstraints?: NameConstraintsSpec;
  /** The template the parent must allow; resolved at synthesis (path length follows from the children). */
  readonly template: () => CertificateTemplate;
  readonly pathLength: () => number;
  readonly revokeOnDelete: boolean;
  /** Present when the subordinate is in another stack than the parent (it then signs through the authority). */
  readonly remote?: RemoteSubordinate;
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

/** A parent in AWS Private CA that the library did not create (ParentCa.fromCertificateAuthorityArn). */
export interface ArnParent {
  readonly certificateAuthorityArn: string;
  readonly signerRoleArn?: string;
}

/** A parent outside AWS (ParentCa.outsideAws): its chain, the parent's certificate first. */
export interface ExternalParentDetails {
  readonly chain: PemCertificates;
}

export interface AuthorityDetails {
  readonly local?: LocalAuthority;
  readonly byArn?: ArnParent;
  readonly external?: ExternalParentDetails;
  /** How to read the validity, when known: it may still change (a default lengthened for the CA's subordinates). */
  readonly validity?: () => Validity | undefined;
  readonly signingAlgorithm?: SigningAlgorithm;
  readonly generation?: number;
}

/**
 * What the library knows of a CA that signs subordinates. In-app parents (RootCaAccount, IssuingCa)
 * collect their subordinates, so that path lengths, the signing authority's templates and its declarations
 * follow from the app without being repeated.
 */
export class SigningAuthority {
  public readonly subordinates: SubordinateRegistration[] = [];
  private readonly remoteHooks: Array<(sub: SubordinateRegistration) => void> = [];
  private readonly firstHooks: Array<() => void> = [];

  /** Present for CAs that are constructs of this app. */
  public readonly local?: LocalAuthority;
  /** Present for a parent given by ARN. */
  public readonly byArn?: ArnParent;
  /** Present for a parent outside AWS. */
  public readonly external?: ExternalParentDetails;
  /** The CA's signing algorithm, when known at synthesis. */
  public readonly signingAlgorithm?: SigningAlgorithm;
  /** The CA's generation, when known at synthesis: subordinates are signed again when it changes. */
  public readonly generation?: number;
  private readonly validitySource: () => Validity | undefined;
  private lengthen?: () => boolean;

  constructor(public readonly parent: IParentCa, details: AuthorityDetails) {
    this.local = details.local;
    this.byArn = details.byArn;
    this.external = details.external;
    this.validitySource = details.validity ?? (() => undefined);
    this.signingAlgorithm = details.signingAlgorithm;
    this.generation = details.generation;
  }

  /** The CA's validity, when known at synthesis: subordinates must end before it. */
  public get validity(): Validity | undefined {
    return this.validitySource();
  }

  /**
   * Lengthens the CA's default validity so that a subordinate with the default validity fits under it; returns
   * whether it did. Only a CA of this app whose validity was not set can (see IssuingCa).
   */
  public lengthenDefaultValidity(): boolean {
    return this.lengthen?.() ?? false;
  }

  /** How the CA lengthens its default validity (an IssuingCa without a validity prop). */
  public allowLengthening(lengthen: () => boolean): void {
    this.lengthen = lengthen;
  }

  public register(sub: SubordinateRegistration): void {
    this.subordinates.push(sub);
    this.firstHooks.splice(0).forEach((hook) => hook());
    if (sub.remote !== undefined) {
      this.remoteHooks.forEach((hook) => hook(sub));
    }
  }

  /** Called once, when the first subordinate registers (at once if one has). */
  public onFirstSubordinate(hook: () => void): void {
    if (this.subordinates.length > 0) hook();
    else this.firstHooks.push(hook);
  }

  /** Called for every subordinate in another stack (to declare it to the parent's signing authority). */
  public onRemoteSubordinate(hook: (sub: SubordinateRegistration) => void): void {
    this.remoteHooks.push(hook);
    this.subordinates.filter((s) => s.remote !== undefined).forEach(hook);
  }

  /** Path length this CA's own certificate needs: one more than its deepest subordinate's. */
  public derivedPathLength(): number {
    return this.subordinates.reduce((max, sub) => Math.max(max, sub.pathLength() + 1), 0);
  }

  /** Subordinates in other stacks: those that sign through the signing authority. */
  public get remoteSubordinates(): SubordinateRegistration[] {
    return this.subordinates.filter((s) => s.remote !== undefined);
  }
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
    throw new Error(`'${parent.hierarchyName}/${parent.caName}' is not a parent this library made; pass a RootCaAccount, an IssuingCa, ParentCa.fromAccount(...), ParentCa.fromCertificateAuthorityArn(...) or ParentCa.outsideAws(...)`);
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
