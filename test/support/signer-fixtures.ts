import { createCsr, createRootCa, randomSerial, signCsrAsCa } from './pki';
import type { CaMaterial, KeyFamily } from './pki';
import type { SubordinateCertificateProperties } from '../../src/private/contracts/signing';

/** ARNs and names the ca-signer handler tests share: a root in 111111111111/us-east-1 signs subordinates in 222222222222/eu-west-1. */
export const ROOT_ARN = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-1111-4111-8111-111111111111';
export const SUB_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/22222222-2222-4222-8222-222222222222';
/** The subordinate's next generation (a replaced CA). */
export const NEW_SUB_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/33333333-3333-4333-8333-333333333333';
export const ROLE_ARN = 'arn:aws:iam::111111111111:role/cdk-pki-signer-eu-west-1-222222222222';
export const PARAMETER = '/cdk-pki/root-ca-arn';
/** The subordinate's alias of the root's signing authority (in the root's account and Region), and its invoker role there. */
export const AUTHORITY_ARN = 'arn:aws:lambda:us-east-1:111111111111:function:cdk-pki-authority-corp-us-east-1:issuing';
export const INVOKER_ROLE_ARN = 'arn:aws:iam::111111111111:role/cdk-pki/cdk-pki-invoke-corp-issuing';
export const TEMPLATE = 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1';
export const DAY = 86_400_000;

/** Properties of the subordinate SUB_ARN signed by ROOT_ARN in the same Region's account: three years, PathLen0. */
export function subordinateProps(csr: string, overrides: Partial<SubordinateCertificateProperties> = {}): SubordinateCertificateProperties {
  return {
    CertificateAuthorityArn: SUB_ARN,
    CertificateSigningRequest: csr,
    Parent: { Region: 'us-east-1', CertificateAuthorityArn: ROOT_ARN },
    TemplateArn: TEMPLATE,
    ValidityType: 'YEARS',
    ValidityValue: '3',
    ...overrides,
  };
}

/** A root, a subordinate's CSR, and the certificate the root signed for it (serial and ARN as AWS would give them). */
export interface SignedSubordinate {
  readonly root: CaMaterial;
  readonly csr: string;
  readonly serial: string;
  readonly certificatePem: string;
  readonly certificateArn: string;
}

export async function signedSubordinate(family?: KeyFamily): Promise<SignedSubordinate> {
  const root = await createRootCa();
  const csr = (await createCsr({ family })).pem;
  const serial = randomSerial();
  const certificatePem = await signCsrAsCa(csr, root, { serialNumber: serial });
  return { root, csr, serial, certificatePem, certificateArn: `${ROOT_ARN}/certificate/${serial}` };
}
