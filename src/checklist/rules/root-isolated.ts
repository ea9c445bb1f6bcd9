/**
 * Checklist item 3, the root CA is alone in its account (rule cdk-pki:RootAccountShared): no other CA and no
 * workload in the account (or stack) of a root CA.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { IConstruct } from 'constructs';
import { AcmExpiryEvents } from '../../expiry/acm-expiry-events';
import { CaExpiryMonitor } from '../../expiry/ca-expiry-monitor';
import { CaExpiryReadRole } from '../../expiry/ca-expiry-read-role';
import { CertificateExpiryAlarms } from '../../expiry/certificate-expiry-alarms';
import { CertificateExpiryRule } from '../../expiry/certificate-expiry-rule';
import { CertificateInventory } from '../../expiry/certificate-inventory';
import { ExpiryAlarms } from '../../expiry/expiry-alarms';
import { IssuingCa } from '../../hierarchy/issuing-ca';
import { RootCaAccount } from '../../hierarchy/root-ca-account';
import { CrlBucket } from '../../revocation/crl-bucket';
import { CaResourcePolicy } from '../../sharing/ca-resource-policy';
import { RamCaShare } from '../../sharing/ram-ca-share';
import { PkiModel } from '../private/checks-model';
import { ItemResult, RawFinding, accountName, caName, finding } from '../private/findings';

/** Resource types that support a root CA's account rather than run workloads in it. */
const ROOT_ACCOUNT_TYPE_PREFIXES = [
  'AWS::ACMPCA::', 'AWS::CDK::Metadata', 'AWS::CloudTrail::', 'AWS::Config::', 'AWS::CloudWatch::', 'AWS::SNS::', 'AWS::KMS::',
  'AWS::Events::', 'AWS::Logs::', 'AWS::IAM::', 'AWS::SSM::Parameter', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::CloudFront::',
  'AWS::Route53::', 'AWS::GuardDuty::', 'AWS::SecurityHub::', 'AWS::AccessAnalyzer::', 'AWS::Budgets::', 'AWS::CertificateManager::Account',
];

function isLibraryConstruct(c: IConstruct): boolean {
  return c instanceof RootCaAccount || c instanceof IssuingCa || c instanceof CrlBucket || c instanceof RamCaShare
    || c instanceof CaResourcePolicy || isExpiryConstruct(c) || c.node.id.startsWith('CdkPki');
}

/** ExpiryAlarms, or one of its parts used alone: they watch the root's account, they are no workload. */
function isExpiryConstruct(c: IConstruct): boolean {
  return c instanceof ExpiryAlarms || c instanceof AcmExpiryEvents || c instanceof CaExpiryMonitor || c instanceof CaExpiryReadRole
    || c instanceof CertificateExpiryAlarms || c instanceof CertificateExpiryRule || c instanceof CertificateInventory;
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

export function rootIsolated(model: PkiModel): ItemResult {
  const roots = model.cas.filter((ca) => ca.isRoot && ca.owned);
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  const id = 'cdk-pki:RootAccountShared';
  const reported = new Set<IConstruct>();
  for (const root of roots) {
    const sameAccount = (stack: Stack) => stack === root.stack || (root.account !== undefined && Stack.of(stack).account === root.account);
    const where = accountName(root);
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
