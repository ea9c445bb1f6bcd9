import { Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CertificateTemplate } from '../hierarchy/certificate-template';
import { IssuingCa } from '../hierarchy/issuing-ca';
import { isCaArn } from '../private/contracts/arn';
import {
  IAM_ROLE_ARN_PATTERN, RESOURCE_TAG_CONDITION_KEY_PREFIX, TEMPLATE_ARN_CONDITION_KEY, certificateAuthorityArnPattern,
} from '../private/contracts/aws-strings';
import { PRIVATE_CA_SOURCE_NAME, successorEntry } from '../private/contracts/renewal';
import { CA_TAGS } from '../private/contracts/signing';
import { ValidationErrors, isConcrete } from '../private/validation';
import { SharedCa } from '../sharing/ram-ca-share';
import { SharePermission } from '../sharing/share-permission';

/** What a source hands the renewal when it is bound. */
export interface RenewalSourceConfig {
  /** Value of the `cdk-pki:renewal-source` tag that selects the source; the handler has a module of this name. */
  readonly sourceName: string;
  /** Settings of the handler's module, such as the CA ARNs it may issue from. Tokens are resolved at deployment. */
  readonly settings: { [setting: string]: string[] };
}

/**
 * Where renewed certificates come from: the extension point of `ImportedCertRenewal`. A source grants
 * the renewal function what it needs and tells the handler's module of the same name its settings.
 */
export interface IRenewalSource {
  /**
   * Grants `grantee` (the renewal function) what issuing needs and returns the source's configuration.
   * Throws when the source's options are invalid.
   */
  bind(scope: Construct, grantee: iam.IGrantable): RenewalSourceConfig;
}

/** Options of `RenewalSource.privateCa`. */
export interface PrivateCaRenewalSourceOptions {
  /**
   * CAs the renewal may issue from: CAs of this library, CAs of this account, shared through AWS RAM, or of
   * another account reached through a role (`acmpca.CertificateAuthority.fromCertificateAuthorityArn`).
   * A certificate's `cdk-pki:ca-arn` must name one of them.
   */
  readonly certificateAuthorities: acmpca.ICertificateAuthority[];

  /**
   * Templates the renewal may issue with; the function's role may call IssueCertificate with these only
   * (condition `acm-pca:TemplateArn`). The first is used for a certificate without `cdk-pki:template-arn`.
   * CA templates are refused. Every template is granted on every CA of the source, so each must be one that
   * every `SharedCa` among them allows (its share's permission).
   * @default - CertificateTemplate.END_ENTITY, END_ENTITY_SERVER_AUTH and END_ENTITY_CLIENT_AUTH; with
   * `SharedCa`s among the CAs, the end-entity templates every one of their shares allows
   */
  readonly templates?: CertificateTemplate[];

  /**
   * Roles in the CAs' accounts that the renewal may assume (`cdk-pki:role-arn`), for CAs it cannot reach
   * with its own role. Each must trust the renewal function's role and allow acm-pca:IssueCertificate,
   * GetCertificate and DescribeCertificateAuthority on its CA.
   * @default - none: the function calls every CA with its own role
   */
  readonly roleArns?: string[];
}

/** Sources of renewed certificates. */
export abstract class RenewalSource implements IRenewalSource {
  /** AWS Private CA, through IssueCertificate: tags `cdk-pki:renewal-source=private-ca` and `cdk-pki:ca-arn=<CA ARN>`. */
  public static privateCa(options: PrivateCaRenewalSourceOptions): RenewalSource {
    return new PrivateCaRenewalSource(options);
  }

  public abstract bind(scope: Construct, grantee: iam.IGrantable): RenewalSourceConfig;
}

const DEFAULT_RENEWAL_TEMPLATES = [
  CertificateTemplate.END_ENTITY,
  CertificateTemplate.END_ENTITY_SERVER_AUTH,
  CertificateTemplate.END_ENTITY_CLIENT_AUTH,
];

/** AWS Private CA as the source of renewed certificates (`RenewalSource.privateCa`). */
export class PrivateCaRenewalSource extends RenewalSource {
  /** Value of the `cdk-pki:renewal-source` tag for this source. */
  public static readonly SOURCE_NAME = PRIVATE_CA_SOURCE_NAME;

  constructor(private readonly options: PrivateCaRenewalSourceOptions) {
    super();
  }

  public bind(scope: Construct, grantee: iam.IGrantable): RenewalSourceConfig {
    const errors = new ValidationErrors('ImportedCertRenewal', scope);
    const cas = this.options.certificateAuthorities ?? [];
    const templates = this.options.templates ?? defaultTemplates(cas, errors);
    const roleArns = this.options.roleArns ?? [];
    errors.check(cas.length === 0, 'RenewalSource.privateCa has no certificateAuthorities; name the CAs that issue the renewed certificates');
    for (const ca of cas) {
      const arn = ca.certificateAuthorityArn;
      errors.check(isConcrete(arn) && !isCaArn(arn),
        `certificate authority '${arn}' is not an AWS Private CA ARN (arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>); fix the ARN`);
    }
    errors.check(templates.length === 0, 'RenewalSource.privateCa has an empty templates list; leave it out for the end-entity templates, or name some');
    const caTemplates = templates.filter((t) => t.issuesCaCertificates);
    errors.check(caTemplates.length > 0, `RenewalSource.privateCa templates include CA templates (${caTemplates.join(', ')}); `
      + 'a renewal issues end-entity certificates only: use END_ENTITY, END_ENTITY_SERVER_AUTH, END_ENTITY_CLIENT_AUTH or a passthrough variant');
    for (const ca of cas) {
      if (!(ca instanceof SharedCa) || this.options.templates === undefined) continue;
      const allowed = ca.permission.allowedTemplates.filter((t) => !t.issuesCaCertificates);
      for (const template of templates.filter((t) => !t.issuesCaCertificates)) {
        const problem = ca.permission._problemWith(template, `RenewalSource.privateCa (CA SharedCa '${ca.node.path}')`);
        errors.check(problem !== undefined, `${problem}; every template is granted on every CA of the source, so for this CA the templates may name only `
          + `${allowed.length > 0 ? allowed.join(', ') : 'what an issuance share allows (this share allows none)'}`);
      }
    }
    for (const roleArn of roleArns) {
      errors.check(isConcrete(roleArn) && !IAM_ROLE_ARN_PATTERN.test(roleArn),
        `role '${roleArn}' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); fix the ARN`);
    }
    errors.throwIfAny();

    const caArns = cas.map((ca) => ca.certificateAuthorityArn);
    const templateArns = templates.map((t) => t.templateArn);
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['acm-pca:IssueCertificate'],
      resourceArns: caArns,
      conditions: { StringEquals: { [TEMPLATE_ARN_CONDITION_KEY]: templateArns } },
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['acm-pca:GetCertificate', 'acm-pca:DescribeCertificateAuthority'],
      resourceArns: caArns,
    });
    if (roleArns.length > 0) {
      iam.Grant.addToPrincipal({ grantee, actions: ['sts:AssumeRole'], resourceArns: roleArns });
    }
    // A certificate tagged with an earlier generation of one of the library's CAs renews from the current one: the
    // function reads the tags (hierarchy and name) of CAs of those hierarchies in the CAs' accounts and Regions.
    const successors = cas.filter((ca): ca is IssuingCa => ca instanceof IssuingCa)
      .map((ca) => ({ arn: ca.certificateAuthorityArn, hierarchyName: ca.hierarchyName, caName: ca.caName }));
    const entries = successors.map((c) => successorEntry(c.hierarchyName, c.caName, c.arn));
    if (successors.length > 0) {
      const places = [...new Set(cas.filter((ca) => ca instanceof IssuingCa).map((ca) => Stack.of(ca)))]
        .map((stack) => certificateAuthorityArnPattern(stack.partition, stack.region, stack.account));
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['acm-pca:ListTags'],
        resourceArns: [...new Set(places)],
        conditions: { StringEquals: { [`${RESOURCE_TAG_CONDITION_KEY_PREFIX}${CA_TAGS.hierarchy}`]: [...new Set(successors.map((s) => s.hierarchyName))] } },
      });
    }
    return {
      sourceName: PrivateCaRenewalSource.SOURCE_NAME,
      settings: { certificateAuthorityArns: caArns, templateArns, roleArns, ...(entries.length > 0 ? { successors: entries } : {}) },
    };
  }
}

/**
 * The templates of a source that names none: the three end-entity templates, or with SharedCas among the CAs,
 * the end-entity templates every one of their shares allows (in the order of the first share's permission).
 */
function defaultTemplates(cas: acmpca.ICertificateAuthority[], errors: ValidationErrors): CertificateTemplate[] {
  const shared = cas.filter((ca): ca is SharedCa => ca instanceof SharedCa);
  if (shared.length === 0) return DEFAULT_RENEWAL_TEMPLATES;
  const common = shared[0].permission.allowedTemplates.filter((t) => !t.issuesCaCertificates && shared.every((ca) => ca.permission.allows(t)));
  if (common.length === 0) {
    const what = shared.map((ca) => `SharedCa '${ca.node.path}' ${ca.permission.allowedTemplates.length > 0
      ? `allows ${ca.permission.allowedTemplates.join(', ')}` : `allows no issuance (${ca.permission.displayName})`}`);
    errors.add(`RenewalSource.privateCa has no template that every shared CA allows (${what.join(', ')}); share each CA with an issuance permission `
      + `such as ${SharePermission.DEFAULT.displayName} (the same one for every CA of the source: a renewal issues end-entity certificates, with every template on every CA)`);
    // Still a list, so that the other checks run; the errors are thrown before anything is granted.
    return DEFAULT_RENEWAL_TEMPLATES;
  }
  return common;
}
