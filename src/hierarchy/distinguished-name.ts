/**
 * The subject of a CA certificate.
 *
 * @see https://docs.aws.amazon.com/privateca/latest/APIReference/API_ASN1Subject.html
 */
export interface DistinguishedName {
  /** Common name (CN), at most 64 characters: how people and logs name the CA. */
  readonly commonName: string;
  /** @default - none */
  readonly organization?: string;
  /** @default - none */
  readonly organizationalUnit?: string;
  /** Two-letter ISO 3166 country code. @default - none */
  readonly country?: string;
  /** State or province. @default - none */
  readonly state?: string;
  /** @default - none */
  readonly locality?: string;
  /** Disambiguates CAs with the same name. @default - none */
  readonly distinguishedNameQualifier?: string;
  /** @default - none */
  readonly serialNumber?: string;
}
