import { Annotations, AspectPriority, Aspects, IAspect } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import {
  ANALYSES, Analysis, acknowledgementOf, assemblyRootOf, isUnder, toCheckOptions, validationsAcknowledgement,
} from './private/checks-analysis';
import { RULES, itemSpec, ruleSpec } from './private/checks-catalog';
import { buildModel } from './private/checks-model';
import { evaluate } from './private/checks-rules';
import { CheckOptions, RawFinding } from './private/findings';

/** How bad a finding is. */
export enum PkiFindingLevel {
  /** An error annotation: `cdk deploy` and `cdk synth` refuse the app. It cannot be acknowledged. */
  ERROR = 'ERROR',
  /** A warning annotation, which can be acknowledged where you know better. */
  WARNING = 'WARNING',
}

/**
 * One rule of the PKI checklist, with a stable id (for acknowledgements and `disabledRules`).
 *
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/ca-best-practices.html
 */
export class PkiRule {
  /** An end-entity certificate, ACM permission, share, resource policy or IAM principal issues end-entity certificates from a root CA. Error. */
  public static readonly ROOT_SIGNS_END_ENTITY = new PkiRule('cdk-pki:RootSignsEndEntity');
  /** A CA is deeper than the five levels AWS Private CA allows. Error. */
  public static readonly HIERARCHY_TOO_DEEP = new PkiRule('cdk-pki:HierarchyTooDeep');
  /** A CA is at level four or five; AWS recommends two or three. Warning. */
  public static readonly HIERARCHY_DEPTH = new PkiRule('cdk-pki:HierarchyDepth');
  /** An issuing CA or workload resource shares an account (or stack) with a root CA. Warning. */
  public static readonly ROOT_ACCOUNT_SHARED = new PkiRule('cdk-pki:RootAccountShared');
  /** One IAM principal may administer a CA and issue end-entity certificates from it. Warning. */
  public static readonly ADMIN_AND_ISSUER = new PkiRule('cdk-pki:AdminAndIssuer');
  /** A general-purpose CA has neither CRLs nor OCSP. Warning. */
  public static readonly NO_REVOCATION = new PkiRule('cdk-pki:NoRevocation');
  /** A CRL bucket does not block public access, or CRLs are written with a public ACL. Error. */
  public static readonly CRL_BUCKET_PUBLIC = new PkiRule('cdk-pki:CrlBucketPublic');
  /** A CA does not end before its parent. Error. */
  public static readonly VALIDITY_EXCEEDS_PARENT = new PkiRule('cdk-pki:ValidityExceedsParent');
  /** A CA's validity is more than half its parent's, so it cannot be renewed for the same term. Warning. */
  public static readonly PARENT_VALIDITY_MARGIN = new PkiRule('cdk-pki:ParentValidityMargin');
  /** No CloudTrail trail records an account with CAs. Warning. */
  public static readonly NO_CLOUDTRAIL = new PkiRule('cdk-pki:NoCloudTrail');
  /** No ACM_PCA_ROOT_CA_DISABLED Config rule watches a root CA's account and Region. Warning. */
  public static readonly ROOT_CA_DISABLED_RULE_MISSING = new PkiRule('cdk-pki:RootCaDisabledRuleMissing');
  /** An ACM_PCA_ROOT_CA_DISABLED Config rule does not exempt the ACTIVE root of its account. Warning. */
  public static readonly ROOT_CA_DISABLED_RULE_ALWAYS_RED = new PkiRule('cdk-pki:RootCaDisabledRuleAlwaysRed');
  /** A public ACM certificate is validated by email. Warning. */
  public static readonly ACM_EMAIL_VALIDATION = new PkiRule('cdk-pki:AcmEmailValidation');
  /** A DNS-validated certificate has no hosted zone CloudFormation could validate it in. Warning. */
  public static readonly ACM_DNS_VALIDATION_WITHOUT_HOSTED_ZONE = new PkiRule('cdk-pki:AcmDnsValidationWithoutHostedZone');
  /** A CloudFront distribution uses a certificate outside us-east-1. Error. */
  public static readonly CLOUDFRONT_CERTIFICATE_REGION = new PkiRule('cdk-pki:CloudFrontCertificateRegion');
  /** Several public certificates name test environments that one wildcard would cover. Warning. */
  public static readonly ACM_WILDCARD_FOR_TEST_ENVIRONMENTS = new PkiRule('cdk-pki:AcmWildcardForTestEnvironments');
  /** A certificate opts out of certificate transparency logging where it was not asked to. Warning. */
  public static readonly ACM_TRANSPARENCY_LOGGING_OPT_OUT = new PkiRule('cdk-pki:AcmTransparencyLoggingOptOut');
  /** An ACM permission or certificate, a share, a resource policy or an IAM principal may issue end-entity certificates from a CA below the root that signs CAs. Warning. */
  public static readonly CA_SIGNER_ISSUES_END_ENTITY = new PkiRule('cdk-pki:CaSignerIssuesEndEntity');
  /** No CaExpiryMonitor (alone or in an ExpiryAlarms) checks the certificate of a CA of the app. Warning. */
  public static readonly CA_EXPIRY_UNWATCHED = new PkiRule('cdk-pki:CaExpiryUnwatched');
  /** Two CAs of the library have the same hierarchy name and CA name, in different accounts or Regions. Warning. */
  public static readonly DUPLICATE_CA_NAME = new PkiRule('cdk-pki:DuplicateCaName');

  /** Every rule, in checklist order. */
  public static all(): PkiRule[] {
    return RULES.map((r) => new PkiRule(r.id));
  }

  /** The stable id, for example `cdk-pki:RootSignsEndEntity`. */
  public readonly id: string;
  /** Whether a finding is an error or a warning. */
  public readonly level: PkiFindingLevel;
  /** The checklist item the rule belongs to. */
  public readonly checklistItem: string;
  /** What the rule finds. */
  public readonly description: string;

  private constructor(id: string) {
    const spec = ruleSpec(id);
    this.id = spec.id;
    this.level = spec.level === 'ERROR' ? PkiFindingLevel.ERROR : PkiFindingLevel.WARNING;
    this.checklistItem = itemSpec(spec.item).title;
    this.description = spec.description;
  }

  public toString(): string {
    return this.id;
  }
}

/** A finding of the PKI checks. */
export interface PkiFinding {
  /** The rule's id, for example `cdk-pki:RootSignsEndEntity`. */
  readonly ruleId: string;
  /** Error or warning. */
  readonly level: PkiFindingLevel;
  /** Construct path of what the finding is about. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** Whether the warning was acknowledged (errors never are). */
  readonly acknowledged: boolean;
  /**
   * Why, when it was acknowledged with `Validations.of(scope).acknowledge({ id, reason })`.
   * @default - not acknowledged, or acknowledged without a reason
   */
  readonly acknowledgementReason?: string;
}

/** Properties of `PkiChecks`. */
export interface PkiChecksProps {
  /**
   * A CloudTrail trail outside the app (for example the organization trail of the management account) records
   * the accounts of the app's CAs, so the CloudTrail check passes without a trail in the app.
   * @default false - the app must declare a trail (AWS::CloudTrail::Trail) in every account with a CA, or an organization trail
   */
  readonly cloudTrailElsewhere?: boolean;

  /**
   * Domains whose DNS validation records are managed outside the app (another app's hosted zone, another DNS
   * provider): public certificates for them and their subdomains are not reported for lacking a hosted zone.
   * @default - none
   */
  readonly externallyValidatedDomains?: string[];

  /**
   * Domains (and their subdomains) whose certificates are meant to opt out of certificate transparency logging.
   * @default - none: every opt-out is reported
   */
  readonly transparencyLoggingOptOutDomains?: string[];

  /**
   * How many public certificates naming test environments (first labels such as `dev`, `test2`, `pr-42`, `v3`)
   * under one parent domain make the checks suggest a wildcard certificate instead. At least 2.
   * @default 3
   */
  readonly testEnvironmentCertificateThreshold?: number;

  /**
   * Rules that report nothing. Prefer acknowledging a warning on the construct it is about.
   * @default - every rule runs
   */
  readonly disabledRules?: PkiRule[];
}

/**
 * The AWS Private CA and ACM best-practices checklist as an Aspect: at synthesis it reads the whole app (CAs,
 * IAM policies, shares, certificates, distributions, trails, Config rules) and adds an error or warning
 * annotation, with a stable rule id, to each construct that breaks a rule. It works without cdk-nag.
 *
 * Warnings can be acknowledged where you know better, with a reason that the PKI report shows:
 * `Validations.of(construct).acknowledge({ id: 'cdk-pki:RootAccountShared', reason: '...' })`, or
 * `Annotations.of(construct).acknowledgeWarning('cdk-pki:RootAccountShared')`. Errors cannot.
 *
 * @example
 * import { App } from 'aws-cdk-lib';
 * import { PkiChecks } from 'cdk-pki';
 *
 * const app = new App();
 * PkiChecks.applyTo(app, { cloudTrailElsewhere: true });
 */
export class PkiChecks implements IAspect {
  /**
   * Adds the checks to `scope` (usually the App) as a read-only Aspect, which runs after every Aspect that
   * changes the app.
   */
  public static applyTo(scope: IConstruct, props: PkiChecksProps = {}): PkiChecks {
    const checks = new PkiChecks(props);
    Aspects.of(scope).add(checks, { priority: AspectPriority.READONLY });
    return checks;
  }

  private readonly options: CheckOptions;
  private analysis?: Analysis;

  constructor(props: PkiChecksProps = {}) {
    this.options = toCheckOptions(props);
  }

  public visit(node: IConstruct): void {
    if (this.analysis !== undefined) return;
    const root = assemblyRootOf(node);
    const model = buildModel(root);
    const items = evaluate(model, this.options);
    const emitted = new Set<RawFinding>();
    for (const f of items.flatMap((i) => i.findings)) {
      if (!isUnder(f.scope, node)) continue;
      if (f.level === 'ERROR') {
        Annotations.of(f.scope).addError(`${f.message} [${f.ruleId}]`);
      } else if (!f.ownWarningId && validationsAcknowledgement(f.scope, [f.ruleId]) === undefined) {
        Annotations.of(f.scope).addWarningV2(f.ruleId, f.message);
        emitted.add(f);
      }
    }
    this.analysis = { model, items, emitted, annotated: true };
    ANALYSES.set(root, this.analysis);
  }

  /** The findings, once the app has been synthesized (empty before). */
  public get findings(): PkiFinding[] {
    const analysis = this.analysis;
    if (!analysis) return [];
    return analysis.items.flatMap((i) => i.findings).map((f) => {
      const ack = acknowledgementOf(f, analysis);
      return {
        ruleId: f.ruleId,
        level: f.level === 'ERROR' ? PkiFindingLevel.ERROR : PkiFindingLevel.WARNING,
        path: f.scope.node.path,
        message: f.message,
        acknowledged: ack.acknowledged,
        acknowledgementReason: ack.reason,
      };
    });
  }

  /**
   * The analysis of the last synthesis, or a fresh one of `root` with these options.
   * @internal
   */
  public _analysisOf(root: IConstruct): Analysis {
    if (this.analysis) return this.analysis;
    const model = buildModel(root);
    return { model, items: evaluate(model, this.options), emitted: new Set(), annotated: false };
  }

  /** @internal */
  public _settings(): Record<string, unknown> {
    return {
      cloudTrailElsewhere: this.options.cloudTrailElsewhere,
      externallyValidatedDomains: this.options.externallyValidatedDomains,
      transparencyLoggingOptOutDomains: this.options.transparencyLoggingOptOutDomains,
      testEnvironmentCertificateThreshold: this.options.testEnvironmentCertificateThreshold,
      disabledRules: [...this.options.disabledRules].sort(),
    };
  }
}
