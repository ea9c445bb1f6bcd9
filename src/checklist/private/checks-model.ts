/**
 * The PKI of a CDK app as the checks and the report see it, built from the construct tree before synthesis
 * ends, without changing it: one collector per kind of thing (in model/), composed here. What the model
 * holds is described in model/nodes.ts.
 */
import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { collectAcmCertificates } from './model/acm-certificates';
import { collectBilledResources } from './model/billed-resources';
import { CaIndex } from './model/ca-index';
import { collectCaMonitors } from './model/ca-monitors';
import { collectCas } from './model/cas';
import { collectConfigRules } from './model/config-rules';
import { modelContext } from './model/context';
import { collectCrlBuckets } from './model/crl-buckets';
import { collectDistributions } from './model/distributions';
import { collectHostedZones } from './model/hosted-zones';
import { collectAccess, collectIssuers } from './model/issuers';
import { PkiModel } from './model/nodes';
import { collectAcmPermissions, collectPcaCertificates } from './model/pca-resources';
import { collectPrincipals } from './model/principals';
import { collectResourcePolicies } from './model/resource-policies';
import { collectShares } from './model/shares';
import { collectTrails } from './model/trails';

export type * from './model/nodes';

/** Builds the model of the app under `root`. */
export function buildModel(root: IConstruct): PkiModel {
  const ctx = modelContext(root);
  // The order matters: markers are numbered as the collectors meet the tokens.
  const { cas, externalParents } = collectCas(ctx);
  const index = new CaIndex(ctx, cas);
  const principals = collectPrincipals(ctx);
  const access = collectAccess(principals, cas);
  const certificates = collectAcmCertificates(ctx, index);
  const pcaCertificates = collectPcaCertificates(ctx, index);
  const acmPermissions = collectAcmPermissions(ctx, index);
  const shares = collectShares(ctx, index);
  const resourcePolicies = collectResourcePolicies(ctx, index);
  const caMonitors = collectCaMonitors(ctx, index);
  return {
    root,
    stacks: ctx.all.filter((c): c is Stack => Stack.isStack(c)),
    cas,
    externalParents,
    principals,
    certificates,
    pcaCertificates,
    acmPermissions,
    distributions: collectDistributions(ctx, certificates),
    hostedZones: collectHostedZones(ctx),
    trails: collectTrails(ctx),
    configRules: collectConfigRules(ctx),
    shares,
    resourcePolicies,
    crlBuckets: collectCrlBuckets(ctx),
    access,
    issuers: collectIssuers({ access, certificates, pcaCertificates, acmPermissions, shares, resourcePolicies }),
    caMonitors,
    billed: collectBilledResources(ctx),
    markers: ctx.markers,
  };
}
