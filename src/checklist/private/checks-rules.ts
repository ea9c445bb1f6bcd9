/**
 * The rules of the checklist, over a `PkiModel`: each item gives its findings, whether it applied at all,
 * and notes for the report (what was checked, what passed).
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { IConstruct } from 'constructs';
import { acmItems } from './checks-acm';
import { CaNode, PkiModel } from './checks-model';
import { caRemoval } from './checks-removal';
import { CheckOptions, ItemResult, RawFinding, caName, finding, plural, principalName } from './findings';
import { CaExpiryReadRole, ExpiryAlarms } from '../../expiry/expiry-alarms';
import { IssuingCa } from '../../hierarchy/issuing-ca';
import { RootCaAccount } from '../../hierarchy/root-ca-account';
import { Validity, ValidityUnit } from '../../hierarchy/validity';
import {
  CONFIG_PCA_ROOT_CA_DISABLED_RULE, CRL_S3_OBJECT_ACL, MAX_HIERARCHY_DEPTH, PCA_USAGE_MODE_SHORT_LIVED, RECOMMENDED_MAX_HIERARCHY_DEPTH,
} from '../../private/contracts/aws-strings';
import { CrlBucket } from '../../revocation/crl-bucket';
import { CaResourcePolicy } from '../../sharing/ca-resource-policy';
import { RamCaShare } from '../../sharing/ram-ca-share';

export type { CheckOptions, ItemResult, RawFinding } from './findings';

/** Runs every item; rules in `disabledRules` give no findings. */
export function evaluate(model: PkiModel, options: CheckOptions): ItemResult[] {
  const items = [
    rootSignsCaOnly(model),
    hierarchyDepth(model),
    rootIsolated(model),
    separationOfDuties(model),
    revocation(model),
    validity(model),
    cloudTrail(model, options),
    rootDisabledWhenIdle(model),
    caRemoval(model),
    ...acmItems(model, options),
  ];
  const order = (a: RawFinding, b: RawFinding) => a.scope.node.path.localeCompare(b.scope.node.path) || a.ruleId.localeCompare(b.ruleId)
    || a.message.localeCompare(b.message);
  return items.map((item) => ({ ...item, findings: item.findings.filter((f) => !options.disabledRules.has(f.ruleId)).sort(order) }));
}

// ---- 1. The root CA signs only CA certificates ----

function rootSignsCaOnly(model: PkiModel): ItemResult {
  const roots = model.cas.filter((ca) => ca.isRoot);
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  const id = 'cdk-pki:RootSignsEndEntity';
  const fix = 'a root CA should only sign subordinate CA certificates; issue end-entity certificates from an IssuingCa under it';
  for (const root of roots) {
    const issuers = model.issuers.filter((i) => i.ca === root);
    for (const issuer of issuers) {
      if (!issuer.templates.allowsEndEntity) {
        if (issuer.principal) notes.push(`${principalName(issuer.principal)} may issue only ${issuer.templates.describe()} from ${root.label}`);
        continue;
      }
      const templates = issuer.templates.describe();
      switch (issuer.via) {
        case 'IAM':
          findings.push(finding(id, issuer.construct, `${principalName(issuer.principal!)} may issue ${templates} from root CA ${caName(root)}; `
            + `${fix}, and limit acm-pca:IssueCertificate on the root to subordinate CA templates with the condition acm-pca:TemplateArn`));
          break;
        case 'ACM service permission':
          findings.push(finding(id, issuer.construct, `AWS::ACMPCA::Permission '${issuer.construct.node.path}' lets ACM issue and renew end-entity `
            + `certificates from root CA ${caName(root)}; ${fix}, and remove the permission`));
          break;
        case 'ACM certificate':
          findings.push(finding(id, issuer.construct, `${issuer.who} ('${issuer.construct.node.path}') is issued by root CA ${caName(root)}; `
            + `${fix} and pass that CA as certificateAuthority`));
          break;
        case 'AWS::ACMPCA::Certificate':
          findings.push(finding(id, issuer.construct, `AWS::ACMPCA::Certificate '${issuer.construct.node.path}' is issued with ${templates} by root CA `
            + `${caName(root)}; ${fix}`));
          break;
        default:
          findings.push(finding(id, issuer.construct, `${issuer.via} '${issuer.construct.node.path}' lets ${issuer.who} issue ${templates} from root CA `
            + `${caName(root)}; ${fix}, and share that CA instead`));
      }
    }
  }
  if (roots.length > 0) {
    notes.unshift(`${plural(roots.length, 'root CA')}: every certificate, permission, share, resource policy and IAM principal of the app that may issue from them`);
  }
  return { key: 'root-signs-ca-only', applicable: roots.length > 0, findings, notes };
}

// ---- 2. Hierarchy depth ----

function hierarchyDepth(model: PkiModel): ItemResult {
  const withDepth = model.cas.filter((ca) => ca.depth !== undefined);
  const findings: RawFinding[] = [];
  for (const ca of withDepth) {
    const depth = ca.depth!;
    if (depth > MAX_HIERARCHY_DEPTH) {
      findings.push(finding('cdk-pki:HierarchyTooDeep', ca.construct, `${caName(ca)} is level ${depth} of its hierarchy; AWS Private CA allows at most `
        + `${MAX_HIERARCHY_DEPTH} levels: sign it with a CA closer to the root`));
    } else if (depth > RECOMMENDED_MAX_HIERARCHY_DEPTH) {
      findings.push(finding('cdk-pki:HierarchyDepth', ca.construct, `${caName(ca)} is level ${depth} of its hierarchy; AWS recommends two or three levels, `
        + 'since each level adds cost and work for every client that validates a chain: sign it with a CA closer to the root',
      ca.construct instanceof IssuingCa ? 'cdk-pki:deepHierarchy' : undefined));
    }
  }
  const deepest = [...withDepth].sort((a, b) => b.depth! - a.depth! || a.path.localeCompare(b.path))[0];
  const notes = deepest ? [`deepest CA: ${deepest.label}, level ${deepest.depth}`] : [];
  return { key: 'hierarchy-depth', applicable: withDepth.length > 0, findings, notes };
}

// ---- 3. The root CA is alone in its account ----

/** Resource types that support a root CA's account rather than run workloads in it. */
const ROOT_ACCOUNT_TYPE_PREFIXES = [
  'AWS::ACMPCA::', 'AWS::CDK::Metadata', 'AWS::CloudTrail::', 'AWS::Config::', 'AWS::CloudWatch::', 'AWS::SNS::', 'AWS::KMS::',
  'AWS::Events::', 'AWS::Logs::', 'AWS::IAM::', 'AWS::SSM::Parameter', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::CloudFront::',
  'AWS::Route53::', 'AWS::GuardDuty::', 'AWS::SecurityHub::', 'AWS::AccessAnalyzer::', 'AWS::Budgets::', 'AWS::CertificateManager::Account',
];

function isLibraryConstruct(c: IConstruct): boolean {
  return c instanceof RootCaAccount || c instanceof IssuingCa || c instanceof CrlBucket || c instanceof ExpiryAlarms
    || c instanceof CaExpiryReadRole || c instanceof RamCaShare || c instanceof CaResourcePolicy || c.node.id.startsWith('CdkPki');
}

function isWorkload(resource: CfnResource): boolean {
  for (let c: IConstruct | undefined = resource; c !== undefined; c = c.node.scope) {
    if (isLibraryConstruct(c)) return false;
  }
  const type = resource.cfnResourceType;
  if (type === 'AWS::CertificateManager::Certificate') {
    // Public certificates for CRL or OCSP domains are part of the PKI; private ones serve workloads.
    return (resource as acm.CfnCertificate).certificateAuthorityArn !== undefined;
  }
  return !ROOT_ACCOUNT_TYPE_PREFIXES.some((p) => type.startsWith(p));
}

function rootIsolated(model: PkiModel): ItemResult {
  const roots = model.cas.filter((ca) => ca.isRoot && ca.owned);
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  const id = 'cdk-pki:RootAccountShared';
  const reported = new Set<IConstruct>();
  for (const root of roots) {
    const sameAccount = (stack: Stack) => stack === root.stack || (root.account !== undefined && Stack.of(stack).account === root.account);
    const where = root.account ? `account ${root.account}` : `stack '${root.stack.stackName}'`;
    const others = model.cas.filter((ca) => ca.owned && !ca.isRoot && sameAccount(ca.stack));
    for (const ca of others) {
      if (reported.has(ca.construct)) continue;
      reported.add(ca.construct);
      findings.push(finding(id, ca.construct, `${caName(ca)} is in ${where}, with root CA ${caName(root)}; AWS recommends giving the root CA an account `
        + 'of its own: put this CA in another account (its parent signs it across accounts)'));
    }
    const byTopLevel = new Map<IConstruct, Set<string>>();
    for (const stack of model.stacks.filter(sameAccount)) {
      for (const resource of stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack)) {
        if (!isWorkload(resource)) continue;
        let top: IConstruct = resource;
        while (top.node.scope !== undefined && top.node.scope !== stack) top = top.node.scope;
        const types = byTopLevel.get(top) ?? new Set<string>();
        types.add(resource.cfnResourceType);
        byTopLevel.set(top, types);
      }
    }
    for (const [top, types] of byTopLevel) {
      if (reported.has(top)) continue;
      reported.add(top);
      findings.push(finding(id, top, `'${top.node.path}' puts ${[...types].sort().join(', ')} into ${where}, the account of root CA ${caName(root)}; `
        + 'keep workloads out of the root\'s account: move them to a workload account'));
    }
    if (others.length === 0 && byTopLevel.size === 0) {
      notes.push(`${root.label}: ${where} holds only the root CA and what supports it`);
    }
  }
  return { key: 'root-isolated', applicable: roots.length > 0, findings, notes };
}

// ---- 4. Separation of duties ----

function separationOfDuties(model: PkiModel): ItemResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  for (const { principal, ca, access } of model.access) {
    if (access.administration.length > 0 && access.issue.allowsEndEntity) {
      findings.push(finding('cdk-pki:AdminAndIssuer', principal.construct, `${principalName(principal)} may both administer ${caName(ca)} `
        + `(${access.administration.join(', ')}) and issue ${access.issue.describe()} from it; AWS recommends separate administrator and issuer roles: `
        + 'give administration to one role (ca.grantAdministration(adminRole)) and issuance to another (ca.grantIssue(issuerRole))'));
    }
  }
  const owned = model.cas.filter((ca) => ca.owned);
  const admins = model.access.filter((a) => a.ca.owned && a.access.administration.length > 0).length;
  const issuers = model.access.filter((a) => a.ca.owned && a.access.issue.allowsEndEntity).length;
  if (owned.length > 0) {
    notes.push(`${plural(owned.length, 'CA')}: ${admins} principal-CA pair${admins === 1 ? '' : 's'} with administration, ${issuers} with end-entity issuance`
      + `${findings.length === 0 ? ', none with both' : ''}`);
  }
  return { key: 'separation-of-duties', applicable: owned.length > 0, findings, notes };
}

// ---- 5. Revocation ----

function revocation(model: PkiModel): ItemResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  const owned = model.cas.filter((ca) => ca.owned && ca.revocation !== undefined);
  for (const ca of owned) {
    const r = ca.revocation!;
    if (ca.usageMode === PCA_USAGE_MODE_SHORT_LIVED) {
      notes.push(`${ca.label}: short-lived certificate mode, whose certificates expire before revocation would matter`);
      continue;
    }
    if (!r.crl && !r.ocsp) {
      findings.push(finding('cdk-pki:NoRevocation', ca.construct, `${caName(ca)} publishes neither CRLs nor OCSP, so ${ca.isRoot ? 'revoking a subordinate CA' : 'revoking a certificate'} `
        + 'reaches no client; use Revocation.crl() (the default) or Revocation.ocsp(), or short-lived certificate mode'));
    }
    if (r.crl && r.crlObjectAcl !== CRL_S3_OBJECT_ACL) {
      findings.push(finding('cdk-pki:CrlBucketPublic', ca.construct, `${caName(ca)} writes its CRLs with the object ACL ${r.crlObjectAcl ?? 'PUBLIC_READ (the default)'}; `
        + `set S3ObjectAcl to ${CRL_S3_OBJECT_ACL}, block public access on the bucket and serve the CRLs through CloudFront (CrlBucket does all three)`));
    }
  }
  for (const bucket of model.crlBuckets) {
    if (!bucket.publicAccessBlocked) {
      findings.push(finding('cdk-pki:CrlBucketPublic', bucket.construct, `CrlBucket '${bucket.path}' does not block all public access on its S3 bucket; `
        + 'turn S3 Block Public Access back on: the CRLs are served through CloudFront'));
    }
  }
  if (model.crlBuckets.length > 0) notes.push(`${plural(model.crlBuckets.length, 'CRL bucket')} checked for Block Public Access`);
  const outside = [...new Set(owned
    .map((ca) => ca.revocation!.crlBucket)
    .filter((b): b is string => b !== undefined && !model.crlBuckets.some((x) => x.path === b)))];
  if (outside.length > 0) notes.push(`CRL buckets outside the app, not checked: ${outside.sort().join(', ')}`);
  return { key: 'revocation', applicable: owned.length > 0, findings, notes };
}

// ---- 6. Validity ----

function months(v: Validity): number | undefined {
  return v.unit === ValidityUnit.YEARS ? v.value * 12 : v.unit === ValidityUnit.MONTHS ? v.value : undefined;
}

/** Whether `parent` lasts at least twice `child` (exact in months and years, conservative with days). */
function lastsTwice(parent: Validity, child: Validity): boolean {
  const p = months(parent);
  const c = months(child);
  if (p !== undefined && c !== undefined) return p >= 2 * c;
  return parent.minimumDays >= 2 * child.maximumDays;
}

function validity(model: PkiModel): ItemResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  let checked = 0;
  for (const ca of model.cas) {
    const parentValidity = ca.parent?.validity ?? ca.externalParent?.validity;
    const parentLabel = ca.parent?.label ?? ca.externalParent?.label;
    if (!ca.validity || !parentValidity) continue;
    checked++;
    if (!ca.validity.endsBefore(parentValidity)) {
      findings.push(finding('cdk-pki:ValidityExceedsParent', ca.construct, `${caName(ca)} is valid ${ca.validity}, which does not end before its parent `
        + `${parentLabel} (${parentValidity}); Private CA refuses a certificate that outlives its issuer: shorten it`));
    } else if (!lastsTwice(parentValidity, ca.validity)) {
      findings.push(finding('cdk-pki:ParentValidityMargin', ca.construct, `${caName(ca)} is valid ${ca.validity} under ${parentLabel} (${parentValidity}): `
        + `once it has lived its ${ca.validity}, ${parentLabel} has less than ${ca.validity} left, so it cannot be renewed for another ${ca.validity} `
        + `(a certificate cannot outlive its issuer); give it at most half of its parent's validity, or plan to renew ${parentLabel} first`));
    } else {
      notes.push(`${ca.label} (${ca.validity}) under ${parentLabel} (${parentValidity})`);
    }
  }
  return { key: 'validity', applicable: checked > 0, findings, notes };
}

// ---- 7. CloudTrail ----

function cloudTrail(model: PkiModel, options: CheckOptions): ItemResult {
  const owned = model.cas.filter((ca) => ca.owned);
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  if (owned.length === 0) return { key: 'cloudtrail', applicable: false, findings, notes };
  if (options.cloudTrailElsewhere) {
    notes.push('the checks were told that a trail outside the app records these accounts (cloudTrailElsewhere)');
    return { key: 'cloudtrail', applicable: true, findings, notes };
  }
  const organizationTrail = model.trails.find((t) => t.organization);
  if (organizationTrail) {
    notes.push(`organization trail '${organizationTrail.path}' records every account of the organization`);
    return { key: 'cloudtrail', applicable: true, findings, notes };
  }
  const uncovered = new Map<string, CaNode[]>();
  for (const ca of owned) {
    const covered = ca.account === undefined
      ? model.trails.length > 0
      : model.trails.some((t) => t.account === ca.account && (t.multiRegion || t.region === ca.region));
    if (covered) continue;
    const key = ca.account ?? `stack ${ca.stack.stackName}`;
    uncovered.set(key, [...(uncovered.get(key) ?? []), ca]);
  }
  for (const [account, cas] of uncovered) {
    const first = cas[0];
    const regions = [...new Set(cas.map((ca) => ca.region ?? 'an unknown Region'))].sort().join(', ');
    findings.push(finding('cdk-pki:NoCloudTrail', first.construct, `no CloudTrail trail of the app records ${/^\d{12}$/.test(account) ? `account ${account}` : account} `
      + `(${regions}), where ${cas.map(caName).join(', ')} ${cas.length === 1 ? 'is' : 'are'}; AWS recommends turning CloudTrail on before creating a CA: `
      + 'add a cloudtrail.Trail there (or an organization trail), or set cloudTrailElsewhere: true in the checks\' props if a trail outside the app records it'));
  }
  if (findings.length === 0) notes.push(`${plural(model.trails.length, 'trail')} of the app record${model.trails.length === 1 ? 's' : ''} every account with a CA`);
  return { key: 'cloudtrail', applicable: true, findings, notes };
}

// ---- 8. Root CAs watched by ACM_PCA_ROOT_CA_DISABLED ----

function rootDisabledWhenIdle(model: PkiModel): ItemResult {
  const roots = model.cas.filter((ca) => ca.isRoot && ca.owned);
  const rules = model.configRules.filter((r) => r.identifier === CONFIG_PCA_ROOT_CA_DISABLED_RULE);
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  for (const root of roots) {
    const here = rules.filter((r) => r.stack === root.stack
      || (root.account !== undefined && root.region !== undefined && r.account === root.account && r.region === root.region));
    if (here.length === 0) {
      findings.push(finding('cdk-pki:RootCaDisabledRuleMissing', root.construct, `no ${CONFIG_PCA_ROOT_CA_DISABLED_RULE} Config rule watches `
        + `${root.account ? `account ${root.account}` : `stack '${root.stack.stackName}'`}${root.region ? ` ${root.region}` : ''} of root CA ${caName(root)}; add a `
        + 'RootCaDisabledRule to its stack: it exempts this root, which stays ACTIVE to sign subordinates, and flags any other root CA that is enabled there'));
      continue;
    }
    for (const rule of here) {
      const exempt = [...root.identity.markers].some((m) => rule.exemptions.includes(m))
        || (root.identity.concreteArn !== undefined && rule.exemptions.includes(root.identity.concreteArn));
      if (exempt) {
        notes.push(`${root.label}: exempted by Config rule '${rule.path}'`);
      } else {
        findings.push(finding('cdk-pki:RootCaDisabledRuleAlwaysRed', rule.construct, `Config rule '${rule.path}' (${CONFIG_PCA_ROOT_CA_DISABLED_RULE}) `
          + `does not exempt root CA ${caName(root)}, which RootCaAccount keeps ACTIVE, so the rule is NON_COMPLIANT for good; use a RootCaDisabledRule, `
          + 'which puts the root\'s ARN in exemptedCAArns'));
      }
    }
  }
  if (roots.length > 0) {
    notes.push('the library does not keep a root DISABLED between signings: RootCaAccount keeps its root ACTIVE so that issuing stacks can be signed '
      + 'when they deploy; Security Hub control PCA.1 runs the same rule without exemptions and reports such a root');
  }
  return { key: 'root-disabled-when-idle', applicable: roots.length > 0, findings, notes };
}
