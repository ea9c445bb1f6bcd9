/**
 * Checklist item 12, many test environments share a wildcard certificate (rule
 * cdk-pki:AcmWildcardForTestEnvironments).
 */
import { AcmCertificateNode, PkiModel } from '../private/checks-model';
import { CheckOptions, ItemResult, RawFinding, finding } from '../private/findings';

/**
 * A first label that names a test environment or a version: dev, test, qa, uat, stage, staging, sandbox,
 * preview, demo, review, feature, pr, branch, env, ephemeral, tmp or temp, alone or with a suffix (`pr-42`,
 * `feature-login`, `test2`); or a version or build number (`v2`, `42`, `v1-3`).
 */
const TEST_ENVIRONMENT_LABEL = /^(?:(?:dev|test|testing|qa|uat|stage|staging|sandbox|preview|demo|review|feature|pr|branch|env|ephemeral|tmp|temp)(?:[-_]?[a-z0-9]+)*|v?\d+(?:[-_.][a-z0-9]+)*)$/i;

export function wildcardForTestEnvironments(model: PkiModel, options: CheckOptions): ItemResult {
  const publicCertificates = model.certificates.filter((c) => !c.isPrivate);
  const findings: RawFinding[] = [];
  const groups = new Map<string, Map<AcmCertificateNode, string>>();
  for (const c of publicCertificates) {
    for (const name of c.names) {
      const [label, ...rest] = name.toLowerCase().split('.');
      if (label === '*' || rest.length < 2 || !TEST_ENVIRONMENT_LABEL.test(label)) continue;
      const parent = rest.join('.');
      const group = groups.get(parent) ?? new Map<AcmCertificateNode, string>();
      if (!group.has(c)) group.set(c, name.toLowerCase());
      groups.set(parent, group);
    }
  }
  const threshold = options.testEnvironmentCertificateThreshold;
  for (const [parent, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    if (group.size < threshold) continue;
    const certificates = [...group.keys()].sort((a, b) => a.path.localeCompare(b.path));
    const names = certificates.map((c) => group.get(c)!);
    findings.push(finding('cdk-pki:AcmWildcardForTestEnvironments', certificates[0].construct, `${certificates.length} ACM certificates name test `
      + `environments under ${parent} (${names.join(', ')}, in ${certificates.map((c) => `'${c.path}'`).join(', ')}); AWS recommends one wildcard `
      + `certificate, *.${parent}, rather than one per environment, which soon exhausts the ACM certificate quota: request *.${parent} once and use it `
      + `in every environment, or raise testEnvironmentCertificateThreshold (now ${threshold})`));
  }
  const notes = publicCertificates.length > 0
    ? [`${publicCertificates.length} public certificate(s); test-environment names are grouped when ${threshold} or more certificates share a parent domain`]
    : [];
  return { key: 'wildcard-for-test-environments', applicable: publicCertificates.length > 0, findings, notes };
}
