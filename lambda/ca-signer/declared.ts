/**
 * What the app declared for a subordinate whose parent signs in process (the same stack): its subject and key
 * algorithm, carried by the resource, checked against the CSR before the parent signs. A parent in another
 * stack has its signing authority check its own declaration; resources of versions before the declaration
 * carry none, and are not checked.
 */
import type { Properties } from './request';
import { declarationProblems, readCsr } from '../shared/declaration';

/** Throws, saying every difference in one line, when the CSR is not what the resource declares. */
export function checkDeclaration(props: Properties): void {
  if (props.Subject === undefined || props.KeyAlgorithm === undefined) return;
  const problems = declarationProblems(readCsr(props.CertificateSigningRequest), { Subject: props.Subject, KeyAlgorithm: props.KeyAlgorithm });
  if (problems.length === 0) return;
  throw new Error(`refusing to sign subordinate CA ${props.CertificateAuthorityArn}: its CSR does not match what the app declared: `
    + `${problems.map((problem) => problem.replace(/\.$/, '')).join('; ')}; nothing was issued`);
}
