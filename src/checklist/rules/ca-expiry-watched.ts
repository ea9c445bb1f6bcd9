/**
 * Checklist item 15, every CA's expiry is watched (rule cdk-pki:CaExpiryUnwatched): AWS sends no event before a
 * CA certificate expires, so a CA of the app that no CaExpiryMonitor (alone or in an ExpiryAlarms, in its account
 * or reading it across accounts) checks expires unannounced.
 */
import { PkiModel } from '../private/checks-model';
import { ItemResult, RawFinding, caName, finding, plural } from '../private/findings';
import type { CaMonitorNode, CaNode } from '../private/model/nodes';

export function caExpiryWatched(model: PkiModel): ItemResult {
  const owned = model.cas.filter((ca) => ca.owned);
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  for (const ca of owned) {
    const by = model.caMonitors.filter((m) => watches(m, ca));
    if (by.length > 0) {
      notes.push(`${ca.label}: checked by ${by.map((m) => `'${m.path}'`).join(', ')}`);
      continue;
    }
    const where = `${ca.account ? `account ${ca.account}` : `the account of stack '${ca.stack.stackName}'`}${ca.region ? ` ${ca.region}` : ''}`;
    findings.push(finding('cdk-pki:CaExpiryUnwatched', ca.construct, `no CaExpiryMonitor checks the certificate of CA ${caName(ca)}, and AWS sends no `
      + `event before a CA certificate expires, so ${where} is blind to it; add an ExpiryAlarms with certificateAuthorities: [this CA] (or `
      + 'discoverCertificateAuthorities: true) to its stack, or name it in crossAccountCertificateAuthorities of the ExpiryAlarms of a monitoring '
      + 'account, with a CaExpiryReadRole in its account'));
  }
  if (owned.length > 0) {
    notes.push(`${plural(owned.length, 'CA')} of the app, each to be named by a CaExpiryMonitor (or found by one that discovers its account\'s CAs in its Region)`);
  }
  return { key: 'ca-expiry-watched', applicable: owned.length > 0, findings, notes };
}

/** Whether a CA-expiry check reads the CA: it names it, or it discovers the CAs of the CA's account in the CA's Region. */
function watches(monitor: CaMonitorNode, ca: CaNode): boolean {
  if (monitor.cas.includes(ca)) return true;
  if (!monitor.discover) return false;
  if (monitor.stack === ca.stack) return true;
  return ca.account !== undefined && ca.region !== undefined && monitor.account === ca.account && monitor.region === ca.region;
}
