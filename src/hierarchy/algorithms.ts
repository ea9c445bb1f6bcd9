/** The family of a CA key: a signing algorithm must be of the same family as the key it signs with. */
export enum KeyFamily {
  /** RSA keys, signed with SHA-2 and RSA. */
  RSA = 'RSA',
  /** Elliptic-curve keys, signed with ECDSA. */
  EC = 'EC',
  /** Post-quantum ML-DSA keys (FIPS 204). */
  ML_DSA = 'ML_DSA',
  /** The Chinese SM2 curve (China Regions only). */
  SM2 = 'SM2',
}

/**
 * Signing algorithm of a CA: the algorithm the CA signs the certificates it issues with.
 *
 * @see https://docs.aws.amazon.com/privateca/latest/APIReference/API_CertificateAuthorityConfiguration.html
 */
export class SigningAlgorithm {
  public static readonly SHA256WITHRSA = new SigningAlgorithm('SHA256WITHRSA', KeyFamily.RSA);
  public static readonly SHA384WITHRSA = new SigningAlgorithm('SHA384WITHRSA', KeyFamily.RSA);
  public static readonly SHA512WITHRSA = new SigningAlgorithm('SHA512WITHRSA', KeyFamily.RSA);
  public static readonly SHA256WITHECDSA = new SigningAlgorithm('SHA256WITHECDSA', KeyFamily.EC);
  public static readonly SHA384WITHECDSA = new SigningAlgorithm('SHA384WITHECDSA', KeyFamily.EC);
  public static readonly SHA512WITHECDSA = new SigningAlgorithm('SHA512WITHECDSA', KeyFamily.EC);
  /** ML-DSA-44: only with an ML_DSA_44 key. */
  public static readonly ML_DSA_44 = new SigningAlgorithm('ML_DSA_44', KeyFamily.ML_DSA);
  /** ML-DSA-65: only with an ML_DSA_65 key. */
  public static readonly ML_DSA_65 = new SigningAlgorithm('ML_DSA_65', KeyFamily.ML_DSA);
  /** ML-DSA-87: only with an ML_DSA_87 key. */
  public static readonly ML_DSA_87 = new SigningAlgorithm('ML_DSA_87', KeyFamily.ML_DSA);
  /** SM3 with SM2 (China Regions only). */
  public static readonly SM3WITHSM2 = new SigningAlgorithm('SM3WITHSM2', KeyFamily.SM2);

  /**
   * @param name the value CloudFormation and the API take, for example `SHA256WITHRSA`
   * @param family the key family it signs with
   */
  public constructor(public readonly name: string, public readonly family: KeyFamily) {}

  public toString(): string {
    return this.name;
  }
}

/**
 * Key algorithm of a CA's private key (kept in AWS-managed HSMs).
 *
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/supported-algorithms.html
 */
export class KeyAlgorithm {
  public static readonly RSA_2048 = new KeyAlgorithm('RSA_2048', KeyFamily.RSA, SigningAlgorithm.SHA256WITHRSA);
  public static readonly RSA_3072 = new KeyAlgorithm('RSA_3072', KeyFamily.RSA, SigningAlgorithm.SHA384WITHRSA);
  public static readonly RSA_4096 = new KeyAlgorithm('RSA_4096', KeyFamily.RSA, SigningAlgorithm.SHA512WITHRSA);
  /** NIST P-256. */
  public static readonly EC_PRIME256V1 = new KeyAlgorithm('EC_prime256v1', KeyFamily.EC, SigningAlgorithm.SHA256WITHECDSA);
  /** NIST P-384: the library's default. */
  public static readonly EC_SECP384R1 = new KeyAlgorithm('EC_secp384r1', KeyFamily.EC, SigningAlgorithm.SHA384WITHECDSA);
  /** NIST P-521. */
  public static readonly EC_SECP521R1 = new KeyAlgorithm('EC_secp521r1', KeyFamily.EC, SigningAlgorithm.SHA512WITHECDSA);
  public static readonly ML_DSA_44 = new KeyAlgorithm('ML_DSA_44', KeyFamily.ML_DSA, SigningAlgorithm.ML_DSA_44);
  public static readonly ML_DSA_65 = new KeyAlgorithm('ML_DSA_65', KeyFamily.ML_DSA, SigningAlgorithm.ML_DSA_65);
  public static readonly ML_DSA_87 = new KeyAlgorithm('ML_DSA_87', KeyFamily.ML_DSA, SigningAlgorithm.ML_DSA_87);
  /** SM2 (China Regions only). */
  public static readonly SM2 = new KeyAlgorithm('SM2', KeyFamily.SM2, SigningAlgorithm.SM3WITHSM2);

  /**
   * @param name the value CloudFormation and the API take, for example `EC_secp384r1`
   * @param family the key family
   * @param defaultSigningAlgorithm the signing algorithm used when none is given
   */
  public constructor(
    public readonly name: string,
    public readonly family: KeyFamily,
    public readonly defaultSigningAlgorithm: SigningAlgorithm,
  ) {}

  public toString(): string {
    return this.name;
  }
}

/**
 * FIPS or CCPC level of the HSMs that keep the CA key. Some Regions accept only some levels.
 *
 * @see https://docs.aws.amazon.com/privateca/latest/APIReference/API_CreateCertificateAuthority.html
 */
export class KeyStorageSecurityStandard {
  public static readonly FIPS_140_2_LEVEL_2_OR_HIGHER = new KeyStorageSecurityStandard('FIPS_140_2_LEVEL_2_OR_HIGHER');
  /** AWS's default where the Region supports it. */
  public static readonly FIPS_140_2_LEVEL_3_OR_HIGHER = new KeyStorageSecurityStandard('FIPS_140_2_LEVEL_3_OR_HIGHER');
  /** Required in Regions whose HSMs are CCPC certified instead of FIPS. */
  public static readonly CCPC_LEVEL_1_OR_HIGHER = new KeyStorageSecurityStandard('CCPC_LEVEL_1_OR_HIGHER');

  /** @param name the value CloudFormation takes */
  public constructor(public readonly name: string) {}

  public toString(): string {
    return this.name;
  }
}

/**
 * Usage mode of a CA: general purpose, or short-lived certificates only (validity at most seven days,
 * at a lower price per certificate).
 */
export class CaUsageMode {
  public static readonly GENERAL_PURPOSE = new CaUsageMode('GENERAL_PURPOSE');
  /** Certificates of at most seven days; no revocation needed. */
  public static readonly SHORT_LIVED_CERTIFICATE = new CaUsageMode('SHORT_LIVED_CERTIFICATE');

  /** @param name the value CloudFormation takes */
  public constructor(public readonly name: string) {}

  public toString(): string {
    return this.name;
  }
}
