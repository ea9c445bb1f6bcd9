import { CfnCertificateAuthority } from 'aws-cdk-lib/aws-acmpca';
import type { DeclaredSubject } from '../../private/contracts/signing';
import { isConcrete, ValidationErrors } from '../../private/validation';
import type { DistinguishedName } from '../distinguished-name';

/** Upper bounds from the ASN1Subject API reference. */
const MAX_LENGTHS: Record<keyof DistinguishedName, number> = {
  commonName: 64,
  organization: 64,
  organizationalUnit: 64,
  country: 2,
  state: 128,
  locality: 128,
  distinguishedNameQualifier: 64,
  serialNumber: 64,
};

/** Checks a subject; problems go into `errors`. */
export function validateDistinguishedName(subject: DistinguishedName, errors: ValidationErrors): void {
  if (subject.commonName === undefined || (isConcrete(subject.commonName) && subject.commonName.trim() === '')) {
    errors.add('subject has no common name; set subject.commonName, for example \'Example Corp Root CA\'');
  }
  for (const [key, max] of Object.entries(MAX_LENGTHS) as Array<[keyof DistinguishedName, number]>) {
    const value = subject[key];
    if (isConcrete(value) && value.length > max) {
      errors.add(`subject.${key} '${value}' has ${value.length} characters; AWS Private CA allows at most ${max}`);
    }
  }
  if (isConcrete(subject.country) && !/^[A-Z]{2}$/.test(subject.country)) {
    errors.add(`subject.country '${subject.country}' is not a two-letter ISO 3166 code; use for example 'US' or 'DE'`);
  }
}

export function toCfnSubject(subject: DistinguishedName): CfnCertificateAuthority.SubjectProperty {
  return {
    commonName: subject.commonName,
    organization: subject.organization,
    organizationalUnit: subject.organizationalUnit,
    country: subject.country,
    state: subject.state,
    locality: subject.locality,
    distinguishedNameQualifier: subject.distinguishedNameQualifier,
    serialNumber: subject.serialNumber,
  };
}

/** The subject as a subordinate's declaration holds it (CloudFormation's names; absent fields left out). */
export function toDeclaredSubject(subject: DistinguishedName): DeclaredSubject {
  const cfn = toCfnSubject(subject);
  const entries = Object.entries(cfn).filter(([, value]) => value !== undefined && value !== '');
  return Object.fromEntries(entries.map(([key, value]) => [key.charAt(0).toUpperCase() + key.slice(1), value])) as DeclaredSubject;
}
