import { Duration, Token } from 'aws-cdk-lib';
import * as pcaconnectorad from 'aws-cdk-lib/aws-pcaconnectorad';
import { validityPeriod } from './private/ad-validation';
import { isConcreteNumber } from '../private/validation';

/** Whether a group may enroll (or auto-enroll) with a template. */
export enum ActiveDirectoryAccessRight {
  /** The group may. */
  ALLOW = 'ALLOW',
  /** The group may not, even if another group it belongs to may. */
  DENY = 'DENY',
}

/** Options of the preset template definitions of `ActiveDirectoryTemplateDefinition`. */
export interface ActiveDirectoryTemplatePresetOptions {
  /**
   * Validity of the certificates (whole days or hours).
   * @default Duration.days(365)
   */
  readonly validity?: Duration;

  /**
   * How long before expiry clients renew (whole days or hours); shorter than `validity`.
   * @default Duration.days(42) - six weeks, as the Windows templates
   */
  readonly renewalPeriod?: Duration;

  /**
   * Minimal RSA key length of the clients' keys.
   * @default 2048
   */
  readonly minimalKeyLength?: number;

  /**
   * Whether clients enroll by themselves through Group Policy autoenrollment (and renew the same way). Groups that
   * should auto-enroll also need `autoEnroll: ALLOW` (the default of a group access entry on such a template).
   * @default true
   */
  readonly autoEnrollment?: boolean;
}

/**
 * The definition of an Active Directory certificate template of Connector for AD (the `Definition` of
 * `AWS::PCAConnectorAD::Template`): two presets for the common cases, and any definition CloudFormation accepts.
 *
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/create-ad-template.html
 */
export class ActiveDirectoryTemplateDefinition {
  /**
   * Computers: TLS client and server authentication (802.1X, LDAPS, RDP, IPsec), subject and SAN from the
   * computer's DNS name, RSA key for digital signature and key encipherment, not exportable, for clients from
   * Windows Server 2016 / Windows 10 on. A version 2 template.
   */
  public static computer(options: ActiveDirectoryTemplatePresetOptions = {}): ActiveDirectoryTemplateDefinition {
    return ActiveDirectoryTemplateDefinition.preset('computer', true, ['CLIENT_AUTHENTICATION', 'SERVER_AUTHENTICATION'],
      { requireDnsAsCn: true, sanRequireDns: true }, options);
  }

  /**
   * Users: TLS client authentication (VPN, Wi-Fi, web sign-in), subject from the user's directory path and the
   * user principal name in the SAN, RSA key for digital signature and key encipherment, not exportable, for clients
   * from Windows Server 2016 / Windows 10 on. A version 2 template.
   */
  public static user(options: ActiveDirectoryTemplatePresetOptions = {}): ActiveDirectoryTemplateDefinition {
    return ActiveDirectoryTemplateDefinition.preset('user', false, ['CLIENT_AUTHENTICATION'],
      { requireDirectoryPath: true, sanRequireUpn: true }, options);
  }

  /**
   * Any definition CloudFormation accepts: a `templateV2`, `templateV3` or `templateV4`.
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-pcaconnectorad-template-templatedefinition.html
   */
  public static fromCfn(definition: pcaconnectorad.CfnTemplate.TemplateDefinitionProperty): ActiveDirectoryTemplateDefinition {
    const versions = [definition.templateV2, definition.templateV3, definition.templateV4].filter((v) => v !== undefined);
    const problems: string[] = [];
    if (versions.length !== 1) {
      problems.push(`the definition has ${versions.length} of templateV2, templateV3 and templateV4; give exactly one`);
    }
    const body = versions[0];
    let autoEnrollment: boolean | undefined;
    if (body !== undefined && !Token.isUnresolved(body)) {
      const flags = (body as pcaconnectorad.CfnTemplate.TemplateV2Property).generalFlags;
      const value = flags !== undefined && !Token.isUnresolved(flags)
        ? (flags as pcaconnectorad.CfnTemplate.GeneralFlagsV2Property).autoEnrollment : undefined;
      autoEnrollment = typeof value === 'boolean' ? value : undefined;
    }
    return new ActiveDirectoryTemplateDefinition(definition, autoEnrollment, problems);
  }

  private static preset(
    kind: string, machine: boolean, policies: string[], subjectNameFlags: pcaconnectorad.CfnTemplate.SubjectNameFlagsV2Property,
    options: ActiveDirectoryTemplatePresetOptions,
  ): ActiveDirectoryTemplateDefinition {
    const problems: string[] = [];
    const validity = validityPeriod(options.validity ?? Duration.days(365), `${kind} template validity`, problems);
    const renewal = validityPeriod(options.renewalPeriod ?? Duration.days(42), `${kind} template renewalPeriod`, problems);
    const validityDuration = options.validity ?? Duration.days(365);
    const renewalDuration = options.renewalPeriod ?? Duration.days(42);
    if (!validityDuration.isUnresolved() && !renewalDuration.isUnresolved()
      && renewalDuration.toHours({ integral: false }) >= validityDuration.toHours({ integral: false })) {
      problems.push(`${kind} template renewalPeriod ${renewalDuration.toHumanString()} is not shorter than its validity ${validityDuration.toHumanString()}; `
        + 'clients would renew at once: make renewalPeriod shorter, for example a tenth of the validity');
    }
    const minimalKeyLength = options.minimalKeyLength ?? 2048;
    if (isConcreteNumber(minimalKeyLength) && (!Number.isInteger(minimalKeyLength) || minimalKeyLength < 2048)) {
      problems.push(`${kind} template minimalKeyLength ${minimalKeyLength} is too short; use 2048 or more (3072, 4096)`);
    }
    const autoEnrollment = options.autoEnrollment ?? true;
    const definition: pcaconnectorad.CfnTemplate.TemplateDefinitionProperty = {
      templateV2: {
        certificateValidity: { validityPeriod: validity, renewalPeriod: renewal },
        enrollmentFlags: {
          includeSymmetricAlgorithms: false,
          // Keep the SID security extension that strong certificate mapping (KB5014754) needs.
          noSecurityExtension: false,
          removeInvalidCertificateFromPersonalStore: false,
          userInteractionRequired: false,
          enableKeyReuseOnNtTokenKeysetStorageFull: false,
        },
        extensions: {
          keyUsage: { critical: true, usageFlags: { digitalSignature: true, keyEncipherment: true } },
          applicationPolicies: { critical: false, policies: policies.map((policyType) => ({ policyType })) },
        },
        generalFlags: { autoEnrollment, machineType: machine },
        privateKeyAttributes: { keySpec: 'KEY_EXCHANGE', minimalKeyLength },
        privateKeyFlags: { clientVersion: 'WINDOWS_SERVER_2016', exportableKey: false, strongKeyProtectionRequired: false },
        subjectNameFlags,
      },
    };
    return new ActiveDirectoryTemplateDefinition(definition, autoEnrollment, problems);
  }

  /** What CloudFormation gets as `Definition`. */
  public readonly definition: pcaconnectorad.CfnTemplate.TemplateDefinitionProperty;
  /** Whether the template enrolls automatically, when known at synthesis. */
  public readonly autoEnrollment?: boolean;
  /** @internal */
  public readonly _problems: string[];

  private constructor(definition: pcaconnectorad.CfnTemplate.TemplateDefinitionProperty, autoEnrollment: boolean | undefined, problems: string[]) {
    this.definition = definition;
    this.autoEnrollment = autoEnrollment;
    this._problems = problems;
  }
}

/** A group of the directory that may enroll with a template (`AWS::PCAConnectorAD::TemplateGroupAccessControlEntry`). */
export interface ActiveDirectoryGroupAccess {
  /** Security identifier (SID) of the group, such as `S-1-5-21-1111111111-2222222222-3333333333-1104`. */
  readonly groupSecurityIdentifier: string;

  /** Name of the group, for people: printable ASCII, at most 256 characters. */
  readonly groupDisplayName: string;

  /**
   * Whether members may request certificates with the template.
   * @default ActiveDirectoryAccessRight.ALLOW
   */
  readonly enroll?: ActiveDirectoryAccessRight;

  /**
   * Whether members enroll automatically (Group Policy autoenrollment).
   * @default - ALLOW when the template enrolls automatically (the presets' default), else DENY
   */
  readonly autoEnroll?: ActiveDirectoryAccessRight;
}

/** A certificate template of a Connector for AD. */
export interface ActiveDirectoryTemplateProps {
  /**
   * Name of the template as Windows clients see it: 1 to 64 printable ASCII characters, none of `\ ' + , ; < = > # "`.
   * Changing it replaces the template.
   */
  readonly name: string;

  /** What the certificates contain: `ActiveDirectoryTemplateDefinition.computer()`, `.user()` or `.fromCfn(...)`. */
  readonly definition: ActiveDirectoryTemplateDefinition;

  /**
   * The groups that may enroll with the template.
   * @default - none: nobody can enroll until an access entry exists
   */
  readonly groupAccess?: ActiveDirectoryGroupAccess[];

  /**
   * Ask every holder of a certificate from this template to re-enroll when the template changes.
   * @default false
   */
  readonly reenrollAllCertificateHolders?: boolean;
}
