/**
 * An IssuingCa whose parent is outside AWS (ParentCa.outsideAws): its CSR published (an SSM parameter, a stack output,
 * optionally an S3 object), and the certificate the parent signed, when the app has it, installed by the stack's signing
 * handler after checking it against the CA's own CSR and the parent's chain (Custom::PkiExternalCaCertificate,
 * lambda/ca-signer/external.ts).
 */
import { CfnOutput, CustomResource, Lazy, Tokenization } from 'aws-cdk-lib';
import type * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { ExternalParentDetails } from './authority';
import type { CaRemoval } from './ca-lifecycle';
import { restorationDaysText } from './ca-lifecycle';
import { signedCertificateProblems } from './external-parent';
import { csrObjectKey, csrParameterName } from './names';
import { SigningProvider } from './signing-provider';
import { EXTERNAL_CA_CERTIFICATE_RESOURCE_TYPE } from '../../private/contracts/external-ca';
import type { ExternalCaCertificateProperties } from '../../private/contracts/external-ca';
import type { DeclaredSubject } from '../../private/contracts/signing';
import type { ValidationErrors } from '../../private/validation';
import type { ExternalSigningOptions } from '../external-signing-options';
import type { IssuingCaProps } from '../issuing-ca';
import { Validity } from '../validity';

const DAY_MS = 86_400_000;

/** The validity of a certificate signed outside AWS: its own, in whole days. */
export function externalValidity(options: ExternalSigningOptions): Validity | undefined {
  const cert = options.signedCertificate?._certificates[0];
  if (!cert) return undefined;
  return Validity.days(Math.max(1, Math.round((new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime()) / DAY_MS)));
}

/** Problems of an IssuingCa's props for a parent outside AWS, or of the external options without one. */
export function externalSigningProblems(props: IssuingCaProps, external: ExternalParentDetails | undefined, subject: DeclaredSubject,
  errors: ValidationErrors): void {
  if (!external) {
    if (props.signedCertificate) errors.add('signedCertificate is given, but the parent is not outside AWS; it is only for a ParentCa.outsideAws(...) parent');
    if (props.csrBucket) errors.add('csrBucket is given, but the parent is not outside AWS; it is only for a ParentCa.outsideAws(...) parent');
    return;
  }
  const why = 'the parent outside AWS decides it when it signs';
  if (props.validity) errors.add(`validity is given, but ${why}: leave it out (the library reads it from signedCertificate)`);
  if (props.nameConstraints) errors.add(`nameConstraints are given, but ${why}: put them in the parent's signing profile`);
  if (props.revokeOnDelete) errors.add('revokeOnDelete is true, but the library cannot revoke at a parent outside AWS: ask its operators to revoke');
  if (props.renewal?.isAutomatic) {
    errors.add('renewal is automatic, but a parent outside AWS signs by hand: use CaCertificateRenewal.manual() (or leave renewal out), '
      + 'and give the renewed certificate in signedCertificate');
  }
  if (props.signedCertificate) {
    signedCertificateProblems(props.signedCertificate, external.chain, subject).forEach((p) => errors.add(p));
  }
}

export interface ExternalCertificateArgs {
  readonly ca: Construct & { readonly hierarchyName: string; readonly caName: string; readonly generation: number };
  readonly resource: acmpca.CfnCertificateAuthority;
  readonly external: ExternalParentDetails;
  readonly options: ExternalSigningOptions;
  readonly subject: DeclaredSubject;
  readonly removal: CaRemoval;
  readonly pathLength: () => number;
  readonly retireAfterDays: string | undefined;
  /** Whether the CSR needs the SSM parameter's Advanced tier (more than 4 KB: an ML-DSA key). */
  readonly largeCsr: boolean;
}

/** Publishes the CSR and creates the resource that installs the certificate; returns that resource. */
export function externalCertificate(args: ExternalCertificateArgs): CustomResource {
  const { ca, resource, options } = args;
  const csr = resource.attrCertificateSigningRequest;
  const description = `cdk-pki: CSR of CA ${ca.hierarchyName}/${ca.caName} (generation ${ca.generation}), for its parent outside AWS to sign`;
  new ssm.CfnParameter(ca, 'CsrParameter', {
    name: csrParameterName(ca.hierarchyName, ca.caName),
    type: 'String',
    tier: args.largeCsr ? 'Advanced' : 'Standard',
    description,
    value: csr,
  });
  new CfnOutput(ca, 'CsrOutput', { description, value: csr });

  const provider = SigningProvider.of(ca);
  provider.grantSubordinate(resource.attrArn);
  if (args.removal.policy === 'DESTROY') provider.grantDeleteSubordinates();
  const key = csrObjectKey(ca.hierarchyName, ca.caName, ca.generation);
  if (options.csrBucket) provider.grantPutCsr(options.csrBucket, key);

  const properties: ExternalCaCertificateProperties = {
    CertificateAuthorityArn: resource.attrArn,
    CertificateSigningRequest: csr,
    Certificate: options.signedCertificate?.pem,
    CertificateChain: args.external.chain.pem,
    Subject: args.subject,
    PathLength: Lazy.string({ produce: () => Tokenization.stringifyNumber(args.pathLength()) }),
    CsrBucket: options.csrBucket?.bucketName,
    CsrKey: options.csrBucket ? key : undefined,
    RemovalPolicy: args.removal.policy,
    RestorationDays: restorationDaysText(args.removal),
    RetireAfterDays: args.retireAfterDays,
  };
  const certificate = provider.lifecycleResource(ca, 'Certificate', EXTERNAL_CA_CERTIFICATE_RESOURCE_TYPE, properties);
  return certificate;
}
