/**
 * The AWS Private CA and ACM best-practices checklist, as data: the items of the checklist and the rules
 * that check them. `PkiRule` (public) and the report are built from it; the rules themselves are in rules/,
 * one file per item, run by checks-rules.ts.
 */

/** How bad a finding is: an error stops `cdk deploy`; a warning can be acknowledged. */
export type FindingLevel = 'ERROR' | 'WARNING';

/** One item of the checklist, as the report lists it. */
export interface ChecklistItemSpec {
  readonly key: string;
  readonly title: string;
  /** What AWS recommends, in one sentence. */
  readonly practice: string;
  /** The AWS page the practice comes from. */
  readonly source: string;
}

/** One rule: a stable id, its level, the item it belongs to and what it checks. */
export interface RuleSpec {
  readonly id: string;
  readonly level: FindingLevel;
  readonly item: string;
  readonly description: string;
}

const PCA_BEST_PRACTICES = 'https://docs.aws.amazon.com/privateca/latest/userguide/ca-best-practices.html';
const ACM_BEST_PRACTICES = 'https://docs.aws.amazon.com/acm/latest/userguide/acm-bestpractices.html';

export const CHECKLIST_ITEMS: readonly ChecklistItemSpec[] = [
  {
    key: 'root-signs-ca-only',
    title: 'The root CA signs only CA certificates',
    practice: 'A root CA issues certificates for subordinate CAs only; end-entity certificates come from issuing CAs.',
    source: `${PCA_BEST_PRACTICES}#minimize-root-use`,
  },
  {
    key: 'hierarchy-depth',
    title: 'Hierarchy of two or three levels (five at most)',
    practice: 'Two or three levels of CAs; AWS Private CA allows at most five.',
    source: 'https://docs.aws.amazon.com/privateca/latest/userguide/ca-hierarchy.html',
  },
  {
    key: 'root-isolated',
    title: 'The root CA is alone in its account',
    practice: 'The root CA lives in an account of its own, with no issuing CA and no workloads.',
    source: `${PCA_BEST_PRACTICES}#isolate-root-account`,
  },
  {
    key: 'separation-of-duties',
    title: 'CA administration and certificate issuance are separate duties',
    practice: 'The principals that administer a CA (state changes, deletion, policies) are not the ones that issue from it.',
    source: `${PCA_BEST_PRACTICES}#role-separation`,
  },
  {
    key: 'revocation',
    title: 'Every CA publishes revocation; CRL buckets are private',
    practice: 'Every general-purpose CA has CRLs or OCSP; CRL buckets block public access and are served through CloudFront.',
    source: 'https://docs.aws.amazon.com/privateca/latest/userguide/crl-planning.html',
  },
  {
    key: 'validity',
    title: 'Each CA ends before its parent, with room to renew its children',
    practice: 'A CA certificate cannot outlive its issuer; a CA needs more than its children\'s lifetime left to renew them.',
    source: 'https://docs.aws.amazon.com/privateca/latest/userguide/ca-hierarchy.html',
  },
  {
    key: 'cloudtrail',
    title: 'CloudTrail records the PKI accounts',
    practice: 'Turn on CloudTrail logging before creating a private CA, so that every call to AWS Private CA and ACM is recorded.',
    source: `${PCA_BEST_PRACTICES}#use-cloudtrail`,
  },
  {
    key: 'root-disabled-when-idle',
    title: 'Root CAs are watched by the ACM_PCA_ROOT_CA_DISABLED Config rule',
    practice: 'Keep root CAs disabled when idle; the Config rule (Security Hub PCA.1) flags enabled roots that are not exempted.',
    source: 'https://docs.aws.amazon.com/config/latest/developerguide/acm-pca-root-ca-disabled.html',
  },
  {
    key: 'ca-removal',
    title: 'CAs are replaced on purpose and retired by the recommended process',
    practice: 'No CA is replaced by an unrelated edit; a CA no longer used has its certificate revoked, is disabled, then deleted with a '
      + 'restoration period; a root is deleted only with its whole hierarchy.',
    source: 'https://docs.aws.amazon.com/privateca/latest/userguide/PCADeleteCA.html',
  },
  {
    key: 'acm-validation',
    title: 'ACM certificates use DNS validation that CloudFormation can complete',
    practice: 'Prefer DNS validation to email; give CloudFormation the Route 53 hosted zone so that it can create the records.',
    source: ACM_BEST_PRACTICES,
  },
  {
    key: 'cloudfront-region',
    title: 'CloudFront certificates are in us-east-1',
    practice: 'CloudFront uses ACM certificates from us-east-1 only.',
    source: 'https://docs.aws.amazon.com/acm/latest/userguide/acm-services.html',
  },
  {
    key: 'wildcard-for-test-environments',
    title: 'Many test environments share a wildcard certificate',
    practice: 'Rather than one ACM certificate per short-lived test environment, use one wildcard certificate.',
    source: ACM_BEST_PRACTICES,
  },
  {
    key: 'transparency-logging',
    title: 'Certificate transparency logging is opted out only where asked',
    practice: 'Keep certificate transparency logging on unless a domain must stay out of the public logs.',
    source: ACM_BEST_PRACTICES,
  },
  {
    key: 'ca-signers-sign-ca-only',
    title: 'A CA that signs CAs issues no end-entity certificates',
    practice: 'An intermediate CA signs only subordinate CA certificates; end-entity certificates come from the CAs at the bottom of the hierarchy.',
    source: 'https://docs.aws.amazon.com/privateca/latest/userguide/ca-hierarchy.html',
  },
  {
    key: 'ca-expiry-watched',
    title: 'Every CA\'s certificate expiry is watched',
    practice: 'Renew a CA certificate well before it expires; AWS sends no event before a CA certificate expires, so check each CA\'s expiry and alarm on it.',
    source: 'https://docs.aws.amazon.com/privateca/latest/userguide/ca-lifecycle.html',
  },
  {
    key: 'distinct-ca-names',
    title: 'Each CA of a hierarchy has its own name',
    practice: 'Name and tag CAs so that each can be told apart, across accounts and Regions.',
    source: 'https://docs.aws.amazon.com/privateca/latest/userguide/PcaCaTagging.html',
  },
];

export const RULES: readonly RuleSpec[] = [
  {
    id: 'cdk-pki:RootSignsEndEntity',
    level: 'ERROR',
    item: 'root-signs-ca-only',
    description: 'An end-entity certificate, an ACM permission, a share, a resource policy or an IAM principal issues (or may issue) end-entity certificates from a root CA.',
  },
  {
    id: 'cdk-pki:HierarchyTooDeep',
    level: 'ERROR',
    item: 'hierarchy-depth',
    description: 'A CA is below level five, the most AWS Private CA allows.',
  },
  {
    id: 'cdk-pki:HierarchyDepth',
    level: 'WARNING',
    item: 'hierarchy-depth',
    description: 'A CA is at level four or five; AWS recommends two or three levels.',
  },
  {
    id: 'cdk-pki:RootAccountShared',
    level: 'WARNING',
    item: 'root-isolated',
    description: 'An issuing CA or a workload resource is in the account (or stack) of a root CA.',
  },
  {
    id: 'cdk-pki:AdminAndIssuer',
    level: 'WARNING',
    item: 'separation-of-duties',
    description: 'One IAM principal may both administer a CA and issue end-entity certificates from it.',
  },
  {
    id: 'cdk-pki:NoRevocation',
    level: 'WARNING',
    item: 'revocation',
    description: 'A general-purpose CA has neither CRLs nor OCSP.',
  },
  {
    id: 'cdk-pki:CrlBucketPublic',
    level: 'ERROR',
    item: 'revocation',
    description: 'A CRL bucket does not block public access, or a CA writes its CRLs with a public ACL.',
  },
  {
    id: 'cdk-pki:ValidityExceedsParent',
    level: 'ERROR',
    item: 'validity',
    description: 'A CA\'s validity does not end before its parent\'s.',
  },
  {
    id: 'cdk-pki:ParentValidityMargin',
    level: 'WARNING',
    item: 'validity',
    description: 'A CA\'s validity is more than half of its parent\'s, so after one lifetime of the child the parent has less than a child\'s lifetime left.',
  },
  {
    id: 'cdk-pki:RootDeletable',
    level: 'WARNING',
    item: 'ca-removal',
    description: 'A root CA of the app is deleted when it leaves its stack or a new generation replaces it (removalPolicy DESTROY): every certificate below it stops validating.',
  },
  {
    id: 'cdk-pki:NoCloudTrail',
    level: 'WARNING',
    item: 'cloudtrail',
    description: 'An account with CAs has no CloudTrail trail in the app, and the checks were not told that one exists elsewhere.',
  },
  {
    id: 'cdk-pki:RootCaDisabledRuleMissing',
    level: 'WARNING',
    item: 'root-disabled-when-idle',
    description: 'The account and Region of a root CA have no ACM_PCA_ROOT_CA_DISABLED Config rule in the app.',
  },
  {
    id: 'cdk-pki:RootCaDisabledRuleAlwaysRed',
    level: 'WARNING',
    item: 'root-disabled-when-idle',
    description: 'An ACM_PCA_ROOT_CA_DISABLED Config rule does not exempt the ACTIVE root CA of its account and Region, so it is NON_COMPLIANT for good.',
  },
  {
    id: 'cdk-pki:AcmEmailValidation',
    level: 'WARNING',
    item: 'acm-validation',
    description: 'A public ACM certificate is validated by email.',
  },
  {
    id: 'cdk-pki:AcmDnsValidationWithoutHostedZone',
    level: 'WARNING',
    item: 'acm-validation',
    description: 'A DNS-validated public certificate names a domain for which CloudFormation has no hosted zone, so the stack waits in CREATE_IN_PROGRESS until someone creates the record.',
  },
  {
    id: 'cdk-pki:CloudFrontCertificateRegion',
    level: 'ERROR',
    item: 'cloudfront-region',
    description: 'A CloudFront distribution uses an ACM certificate outside us-east-1.',
  },
  {
    id: 'cdk-pki:AcmWildcardForTestEnvironments',
    level: 'WARNING',
    item: 'wildcard-for-test-environments',
    description: 'Several public certificates differ only in a first label that looks like a test environment or version.',
  },
  {
    id: 'cdk-pki:AcmTransparencyLoggingOptOut',
    level: 'WARNING',
    item: 'transparency-logging',
    description: 'A certificate opts out of certificate transparency logging for a domain not listed in transparencyLoggingOptOutDomains.',
  },
  {
    id: 'cdk-pki:CaSignerIssuesEndEntity',
    level: 'WARNING',
    item: 'ca-signers-sign-ca-only',
    description: 'An ACM permission or certificate, a share, a resource policy or an IAM principal issues (or may issue) end-entity certificates from a '
      + 'CA below the root that signs CAs.',
  },
  {
    id: 'cdk-pki:CaExpiryUnwatched',
    level: 'WARNING',
    item: 'ca-expiry-watched',
    description: 'No CaExpiryMonitor (alone or in an ExpiryAlarms) checks the certificate of a CA of the app, by name or by discovering the CAs of its '
      + 'account and Region, and AWS sends no event before a CA certificate expires.',
  },
  {
    id: 'cdk-pki:DuplicateCaName',
    level: 'WARNING',
    item: 'distinct-ca-names',
    description: 'Two CAs of the library have the same hierarchy name and CA name (in different accounts or Regions).',
  },
];

export function ruleSpec(id: string): RuleSpec {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) {
    throw new Error(`no PKI rule '${id}'; the rules are ${RULES.map((r) => r.id).join(', ')}`);
  }
  return rule;
}

export function itemSpec(key: string): ChecklistItemSpec {
  return CHECKLIST_ITEMS.find((i) => i.key === key)!;
}
