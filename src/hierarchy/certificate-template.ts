import { Aws } from 'aws-cdk-lib';
import { MAX_SUBORDINATE_PATH_LENGTH, templateArn } from '../private/contracts/aws-strings';

/** What a certificate template issues. */
export enum CertificateTemplateKind {
  /** An end-entity (leaf) certificate: TLS server or client, or general purpose. */
  END_ENTITY = 'END_ENTITY',
  /** A code-signing certificate. */
  CODE_SIGNING = 'CODE_SIGNING',
  /** A certificate for an OCSP responder. */
  OCSP_SIGNING = 'OCSP_SIGNING',
  /** The self-signed certificate of a root CA. */
  ROOT_CA = 'ROOT_CA',
  /** The certificate of a subordinate CA. */
  SUBORDINATE_CA = 'SUBORDINATE_CA',
  /** A template this library does not know (made with the public constructor). */
  OTHER = 'OTHER',
}

/**
 * Which extensions a template takes from the request besides its own.
 *
 * Template definition > API passthrough > CSR passthrough.
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/UsingTemplates.html#template-order-of-operations
 */
export enum TemplatePassthrough {
  /** Only the template's own extensions. */
  NONE = 'NONE',
  /** Extensions from the CSR (`_CSRPassthrough`). */
  CSR = 'CSR',
  /** Extensions from the IssueCertificate `ApiPassthrough` parameter (`_APIPassthrough`). */
  API = 'API',
  /** Extensions from both the API and the CSR (`_APICSRPassthrough`). */
  API_CSR = 'API_CSR',
}

const SUFFIX: Record<TemplatePassthrough, string> = {
  [TemplatePassthrough.NONE]: '',
  [TemplatePassthrough.CSR]: '_CSRPassthrough',
  [TemplatePassthrough.API]: '_APIPassthrough',
  [TemplatePassthrough.API_CSR]: '_APICSRPassthrough',
};

const BASE_KINDS: Record<string, CertificateTemplateKind> = {
  EndEntityCertificate: CertificateTemplateKind.END_ENTITY,
  EndEntityClientAuthCertificate: CertificateTemplateKind.END_ENTITY,
  EndEntityServerAuthCertificate: CertificateTemplateKind.END_ENTITY,
  CodeSigningCertificate: CertificateTemplateKind.CODE_SIGNING,
  OCSPSigningCertificate: CertificateTemplateKind.OCSP_SIGNING,
  RootCACertificate: CertificateTemplateKind.ROOT_CA,
  SubordinateCACertificate: CertificateTemplateKind.SUBORDINATE_CA,
};

const NAME = /^(Blank)?([A-Za-z]+)(?:_PathLen(\d))?(?:_(CSRPassthrough|APIPassthrough|APICSRPassthrough))?\/V(\d+)$/;

/**
 * An AWS Private CA certificate template, such as `EndEntityCertificate/V1`.
 *
 * Every template AWS documents is available through the static members and methods; the public
 * constructor is an escape hatch for templates AWS adds later.
 *
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/UsingTemplates.html
 */
export class CertificateTemplate {
  /** `EndEntityCertificate/V1`: TLS server and client authentication. */
  public static readonly END_ENTITY = new CertificateTemplate('EndEntityCertificate/V1');
  /** `EndEntityClientAuthCertificate/V1`: TLS client authentication. */
  public static readonly END_ENTITY_CLIENT_AUTH = new CertificateTemplate('EndEntityClientAuthCertificate/V1');
  /** `EndEntityServerAuthCertificate/V1`: TLS server authentication. */
  public static readonly END_ENTITY_SERVER_AUTH = new CertificateTemplate('EndEntityServerAuthCertificate/V1');
  /** `CodeSigningCertificate/V1`. */
  public static readonly CODE_SIGNING = new CertificateTemplate('CodeSigningCertificate/V1');
  /** `OCSPSigningCertificate/V1`. */
  public static readonly OCSP_SIGNING = new CertificateTemplate('OCSPSigningCertificate/V1');
  /** `RootCACertificate/V1`: the self-signed certificate of a root CA. */
  public static readonly ROOT_CA = new CertificateTemplate('RootCACertificate/V1');
  /** `RootCACertificate_APIPassthrough/V1`. */
  public static readonly ROOT_CA_API_PASSTHROUGH = new CertificateTemplate('RootCACertificate_APIPassthrough/V1');

  /**
   * A subordinate CA template, `SubordinateCACertificate_PathLen<n>[_<passthrough>]/V1`.
   *
   * @param pathLength how many CA levels may follow the subordinate (0 to 3)
   * @param passthrough which request extensions the template accepts
   */
  public static subordinateCa(pathLength: number, passthrough: TemplatePassthrough = TemplatePassthrough.NONE): CertificateTemplate {
    assertPathLength(pathLength);
    return new CertificateTemplate(`SubordinateCACertificate_PathLen${pathLength}${SUFFIX[passthrough]}/V1`);
  }

  /**
   * A blank subordinate CA template, `BlankSubordinateCACertificate_PathLen<n>_<passthrough>/V1`: only
   * basic constraints come from the template, everything else from the passthrough.
   */
  public static blankSubordinateCa(pathLength: number, passthrough: TemplatePassthrough): CertificateTemplate {
    assertPathLength(pathLength);
    assertNotNone(passthrough, 'blank subordinate CA');
    return new CertificateTemplate(`BlankSubordinateCACertificate_PathLen${pathLength}${SUFFIX[passthrough]}/V1`);
  }

  /** A blank end-entity template, `BlankEndEntityCertificate_<passthrough>/V1`. */
  public static blankEndEntity(passthrough: TemplatePassthrough): CertificateTemplate {
    assertNotNone(passthrough, 'blank end-entity');
    return new CertificateTemplate(`BlankEndEntityCertificate${SUFFIX[passthrough]}/V1`);
  }

  /** Every template AWS documents (53 in all). */
  public static all(): CertificateTemplate[] {
    const variants = [TemplatePassthrough.NONE, TemplatePassthrough.CSR, TemplatePassthrough.API, TemplatePassthrough.API_CSR];
    const result: CertificateTemplate[] = [];
    for (const base of [
      CertificateTemplate.END_ENTITY,
      CertificateTemplate.END_ENTITY_CLIENT_AUTH,
      CertificateTemplate.END_ENTITY_SERVER_AUTH,
      CertificateTemplate.CODE_SIGNING,
      CertificateTemplate.OCSP_SIGNING,
    ]) {
      result.push(...variants.map((v) => base.withPassthrough(v)));
    }
    result.push(...variants.slice(1).map((v) => CertificateTemplate.blankEndEntity(v)));
    result.push(CertificateTemplate.ROOT_CA, CertificateTemplate.ROOT_CA_API_PASSTHROUGH);
    for (let n = 0; n <= MAX_SUBORDINATE_PATH_LENGTH; n++) {
      result.push(...variants.map((v) => CertificateTemplate.subordinateCa(n, v)));
      result.push(...variants.slice(1).map((v) => CertificateTemplate.blankSubordinateCa(n, v)));
    }
    return result;
  }

  /** Name and version, as in the ARN after `template/`: `EndEntityCertificate/V1`. */
  public readonly templateName: string;
  /** What the template issues. */
  public readonly kind: CertificateTemplateKind;
  /** Which request extensions it accepts. */
  public readonly passthrough: TemplatePassthrough;
  /** Whether it is a `Blank...` template. */
  public readonly blank: boolean;
  /** Path length of a subordinate CA template; undefined for other kinds. */
  public readonly pathLength?: number;

  /**
   * @param templateName name and version, as in the ARN after `template/`, for example `EndEntityCertificate/V1`
   */
  public constructor(templateName: string) {
    const match = NAME.exec(templateName);
    if (!match) {
      throw new Error(`CertificateTemplate: '${templateName}' is not a template name; expected '<Name>/V<version>', for example 'EndEntityCertificate/V1'`);
    }
    const [, blank, base, pathLength, passthrough] = match;
    this.templateName = templateName;
    this.blank = blank !== undefined;
    const baseName = base === 'SubordinateCACertificate' && pathLength === undefined ? '' : base;
    this.kind = BASE_KINDS[baseName] ?? CertificateTemplateKind.OTHER;
    this.pathLength = pathLength !== undefined && this.kind === CertificateTemplateKind.SUBORDINATE_CA ? Number(pathLength) : undefined;
    this.passthrough = passthrough === undefined ? TemplatePassthrough.NONE
      : passthrough === 'CSRPassthrough' ? TemplatePassthrough.CSR
        : passthrough === 'APIPassthrough' ? TemplatePassthrough.API
          : TemplatePassthrough.API_CSR;
  }

  /** The template ARN in the deploying stack's partition (`arn:${AWS::Partition}:acm-pca:::template/...`). */
  public get templateArn(): string {
    return this.arnForPartition(Aws.PARTITION);
  }

  /** The template ARN in the given partition, for example `aws` or `aws-us-gov`. */
  public arnForPartition(partition: string): string {
    return templateArn(partition, this.templateName);
  }

  /** Whether an `ApiPassthrough` (custom extensions such as name constraints) is honoured by this template. */
  public get acceptsApiPassthrough(): boolean {
    return this.passthrough === TemplatePassthrough.API || this.passthrough === TemplatePassthrough.API_CSR;
  }

  /** Whether it issues CA certificates (root or subordinate). */
  public get issuesCaCertificates(): boolean {
    return this.kind === CertificateTemplateKind.ROOT_CA || this.kind === CertificateTemplateKind.SUBORDINATE_CA;
  }

  /**
   * The same template with another passthrough variant, for example
   * `CertificateTemplate.END_ENTITY.withPassthrough(TemplatePassthrough.API)`.
   */
  public withPassthrough(passthrough: TemplatePassthrough): CertificateTemplate {
    const version = this.templateName.slice(this.templateName.lastIndexOf('/'));
    const stem = this.templateName.slice(0, this.templateName.lastIndexOf('/')).replace(/_(CSRPassthrough|APIPassthrough|APICSRPassthrough)$/, '');
    return new CertificateTemplate(`${stem}${SUFFIX[passthrough]}${version}`);
  }

  /** Whether two templates are the same. */
  public isSameAs(other: CertificateTemplate): boolean {
    return this.templateName === other.templateName;
  }

  public toString(): string {
    return this.templateName;
  }
}

function assertPathLength(pathLength: number): void {
  if (!Number.isInteger(pathLength) || pathLength < 0 || pathLength > MAX_SUBORDINATE_PATH_LENGTH) {
    throw new Error(`CertificateTemplate: path length ${pathLength} is not available; AWS Private CA has subordinate CA templates for path lengths 0 to ${MAX_SUBORDINATE_PATH_LENGTH}`);
  }
}

function assertNotNone(passthrough: TemplatePassthrough, what: string): void {
  if (passthrough === TemplatePassthrough.NONE) {
    throw new Error(`CertificateTemplate: a ${what} template exists only with a passthrough (CSR, API or API_CSR)`);
  }
}
