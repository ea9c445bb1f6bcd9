/**
 * Moving an existing CA (an `AWS::ACMPCA::CertificateAuthority` of a template written by hand, or a
 * `CfnCertificateAuthority` of a CDK app) under a `RootCaAccount` or `IssuingCa` without replacing it: a CloudFormation
 * resource import. CloudFormation imports only into a template that adds nothing else, so the plan takes the stack's
 * full template (what `cdk synth` wrote for the app with the library's construct) and keeps of it only the CA (for a
 * root, with its self-signed certificate and activation), under the same logical ids and with the same properties, less
 * those that update in place (the CRL configuration and tags, which the next deployment sets). It checks
 * the CA's create-only properties against the CA as AWS describes it: a difference would make the next deployment
 * replace the CA. docs/migrating.md walks through it; `npx cdk-pki import-plan` runs it.
 *
 * Pure functions on template JSON: nothing of aws-cdk-lib.
 */
import { CA_CREATE_ONLY_PROPERTIES, CA_PROPERTY_DEFAULTS, CFN_IMPORT_IDENTIFIERS } from '../private/contracts/aws-hierarchy';

/** A CloudFormation resource of a template, as JSON. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Condition?: string;
  readonly Metadata?: unknown;
}

/** A CloudFormation template, as JSON. */
export interface TemplateJson {
  readonly Resources?: Record<string, TemplateResource>;
  readonly Parameters?: Record<string, unknown>;
  readonly Rules?: Record<string, unknown>;
  readonly Conditions?: Record<string, unknown>;
  readonly Mappings?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** A CA to import, and what exists of it in AWS. */
export interface CaToImport {
  /** Logical id of its AWS::ACMPCA::CertificateAuthority in the full template. */
  readonly logicalId: string;
  /** ARN of the existing CA. */
  readonly arn: string;
  /** For a root: ARN of its installed self-signed certificate (the physical id of its AWS::ACMPCA::Certificate). */
  readonly certificateArn?: string;
  /** `aws acm-pca describe-certificate-authority` of the CA (its CertificateAuthority), to compare create-only properties. */
  readonly described?: DescribedCa;
}

/** What the plan reads of DescribeCertificateAuthority's CertificateAuthority. */
export interface DescribedCa {
  readonly Type?: string;
  readonly KeyStorageSecurityStandard?: string;
  readonly UsageMode?: string;
  readonly CertificateAuthorityConfiguration?: {
    readonly KeyAlgorithm?: string;
    readonly SigningAlgorithm?: string;
    readonly Subject?: Record<string, unknown>;
    readonly CsrExtensions?: unknown;
  };
}

/** One entry of `ResourcesToImport` (create-change-set --resources-to-import; the same shape as cdk import's mapping values). */
export interface ResourceToImport {
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly ResourceIdentifier: Record<string, string>;
}

export interface ImportPlan {
  /** The template of the import change set. */
  readonly template: TemplateJson;
  readonly resourcesToImport: ResourceToImport[];
  /** `cdk import --resource-mapping` file content: logical id to identifier. */
  readonly resourceMapping: Record<string, Record<string, string>>;
  /** Why the plan must not be used, in words; empty when it may. */
  readonly problems: string[];
}

const CA_TYPE = 'AWS::ACMPCA::CertificateAuthority';
const CERTIFICATE_TYPE = 'AWS::ACMPCA::Certificate';
const ACTIVATION_TYPE = 'AWS::ACMPCA::CertificateAuthorityActivation';
const CA_ARN_PATTERN = /^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[0-9a-zA-Z-]+$/;

/** The logical ids a value references (Ref, Fn::GetAtt, Fn::Sub ${X}), pseudo parameters left out. */
export function referencesOf(value: unknown): Set<string> {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(visit);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    for (const [key, inner] of Object.entries(v)) {
      if (key === 'Ref' && typeof inner === 'string' && !inner.startsWith('AWS::')) {found.add(inner);} else if (key === 'Fn::GetAtt') {found.add(Array.isArray(inner) ? String(inner[0]) : String(inner).split('.')[0]);} else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? String(inner[0]) : String(inner);
        for (const m of text.matchAll(/\$\{([^}!.]+)[^}]*\}/g)) if (!m[1].startsWith('AWS::')) found.add(m[1]);
      }
      visit(inner);
    }
  };
  visit(value);
  return found;
}

/** The resources of `resources` whose `property` is a GetAtt or Ref of `logicalId`, of a type. */
function dependentsOf(resources: Record<string, TemplateResource>, type: string, logicalId: string): string[] {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === type && referencesOf(r.Properties?.CertificateAuthorityArn).has(logicalId))
    .map(([id]) => id);
}

/**
 * Properties of a CA that update in place, left out of the import: the next deployment then sets them (the CRL
 * configuration names the CRL bucket it creates; the tags scope the library's rights to the stack's CAs). Kept, they
 * would match the template and never reach the CA.
 */
const SET_AFTER_IMPORT: Readonly<Record<string, readonly string[]>> = { [CA_TYPE]: ['RevocationConfiguration', 'Tags'] };

/** A resource as the import template holds it: no DependsOn, and no property that names a resource not imported. */
function importable(resource: TemplateResource, kept: Set<string>, parameters: Set<string>, logicalId: string, problems: string[]): TemplateResource {
  const properties: Record<string, unknown> = {};
  const later = SET_AFTER_IMPORT[resource.Type] ?? [];
  for (const [name, value] of Object.entries(resource.Properties ?? {})) {
    if (later.includes(name)) continue;
    const missing = [...referencesOf(value)].filter((id) => !kept.has(id) && !parameters.has(id));
    if (missing.length === 0) {
      properties[name] = value;
    } else {
      problems.push(`${logicalId}: property ${name} names ${missing.join(', ')}, which the import cannot hold; it must not depend on other resources`);
    }
  }
  const { DependsOn: _dependsOn, Metadata: _metadata, ...rest } = resource;
  if (!resource.DeletionPolicy?.startsWith('Retain')) {
    problems.push(`${logicalId}: its DeletionPolicy is ${resource.DeletionPolicy ?? 'Delete'}: a stack deletion would delete the CA; the library's CAs keep theirs`);
  }
  // CloudFormation imports only resources with a DeletionPolicy; Retain is what the library's RetainExceptOnCreate means
  // for a resource the stack did not create. The next deployment sets the template's own.
  return { ...rest, Properties: properties, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' };
}

/** Differences between the template's create-only properties of a CA and the CA as described. */
export function createOnlyDifferences(properties: Record<string, unknown>, described: DescribedCa): string[] {
  const config = described.CertificateAuthorityConfiguration ?? {};
  const actual: Record<string, unknown> = {
    Type: described.Type,
    KeyAlgorithm: config.KeyAlgorithm,
    SigningAlgorithm: config.SigningAlgorithm,
    Subject: config.Subject,
    CsrExtensions: config.CsrExtensions,
    KeyStorageSecurityStandard: described.KeyStorageSecurityStandard,
    UsageMode: described.UsageMode,
  };
  const normalize = (name: string, value: unknown): string => {
    const v = value ?? CA_PROPERTY_DEFAULTS[name];
    if (v === undefined) return 'none';
    if (typeof v !== 'object') return JSON.stringify(v);
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && x !== '').sort(([a], [b]) => a.localeCompare(b));
    return JSON.stringify(Object.fromEntries(entries));
  };
  return CA_CREATE_ONLY_PROPERTIES
    .filter((name) => normalize(name, properties[name]) !== normalize(name, actual[name]))
    .map((name) => `${name}: the template has ${normalize(name, properties[name])}, the CA has ${normalize(name, actual[name])}`);
}

/**
 * The import change set that puts existing CAs under the full template's logical ids. With `current` (the stack's
 * deployed template, when it exists), the import template is that template plus the imported resources.
 */
export function planCaImport(full: TemplateJson, cas: readonly CaToImport[], current?: TemplateJson): ImportPlan {
  const problems: string[] = [];
  const resources = full.Resources ?? {};
  const imported: Record<string, TemplateResource> = {};
  const resourcesToImport: ResourceToImport[] = [];
  const add = (logicalId: string, type: keyof typeof CFN_IMPORT_IDENTIFIERS, identifier: Record<string, string>) => {
    imported[logicalId] = resources[logicalId];
    resourcesToImport.push({ ResourceType: type, LogicalResourceId: logicalId, ResourceIdentifier: identifier });
  };
  for (const ca of cas) {
    const resource = resources[ca.logicalId];
    if (resource?.Type !== CA_TYPE) {
      const found = Object.entries(resources).filter(([, r]) => r.Type === CA_TYPE).map(([id]) => id);
      problems.push(`${ca.logicalId} is not an ${CA_TYPE} of the template; its CAs are ${found.join(', ') || 'none'}`);
      continue;
    }
    if (!CA_ARN_PATTERN.test(ca.arn)) problems.push(`${ca.logicalId}: '${ca.arn}' is not a certificate authority ARN`);
    add(ca.logicalId, CA_TYPE, { Arn: ca.arn });
    if (ca.described) {
      createOnlyDifferences(resource.Properties ?? {}, ca.described)
        .forEach((d) => problems.push(`${ca.logicalId}: ${d}; the next deployment would replace the CA: give the construct the CA's own value`));
    }
    if (resource.Properties?.Type !== 'ROOT') continue;
    const certificates = dependentsOf(resources, CERTIFICATE_TYPE, ca.logicalId);
    const activations = dependentsOf(resources, ACTIVATION_TYPE, ca.logicalId);
    if (certificates.length !== 1 || activations.length !== 1) {
      problems.push(`${ca.logicalId}: a root needs exactly one certificate and one activation in the template, found ${certificates.length} and ${activations.length}`);
      continue;
    }
    if (!ca.certificateArn?.startsWith(`${ca.arn}/certificate/`)) {
      problems.push(`${ca.logicalId}: give the ARN of the root's installed certificate (${ca.arn}/certificate/<serial>: the physical id of its `
        + 'AWS::ACMPCA::Certificate in the old stack)');
      continue;
    }
    add(certificates[0], CERTIFICATE_TYPE, { Arn: ca.certificateArn, CertificateAuthorityArn: ca.arn });
    add(activations[0], ACTIVATION_TYPE, { CertificateAuthorityArn: ca.arn });
  }
  const kept = new Set([...Object.keys(imported), ...Object.keys(current?.Resources ?? {})]);
  const parameters = new Set([...Object.keys(full.Parameters ?? {}), ...Object.keys(current?.Parameters ?? {})]);
  const importTemplate: TemplateJson = {
    ...(current ?? {}),
    Parameters: { ...full.Parameters, ...current?.Parameters },
    ...(full.Rules || current?.Rules ? { Rules: { ...full.Rules, ...current?.Rules } } : {}),
    ...(full.Conditions || current?.Conditions ? { Conditions: { ...full.Conditions, ...current?.Conditions } } : {}),
    ...(full.Mappings || current?.Mappings ? { Mappings: { ...full.Mappings, ...current?.Mappings } } : {}),
    Resources: {
      ...current?.Resources,
      ...Object.fromEntries(Object.entries(imported).map(([id, r]) => [id, importable(r, kept, parameters, id, problems)])),
    },
  };
  const resourceMapping = Object.fromEntries(resourcesToImport.map((r) => [r.LogicalResourceId, r.ResourceIdentifier]));
  return { template: importTemplate, resourcesToImport, resourceMapping, problems };
}
