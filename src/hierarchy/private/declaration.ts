/**
 * A subordinate of another app, declared on its parent (`declareSubordinate`): checked at synthesis and turned
 * into the registration the parent's signing authority declares, like a subordinate of this app.
 */
import { Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { SigningAuthority, SubordinateRegistration } from './authority';
import { depthProblem } from './authority';
import { toNameConstraintsSpec } from './name-constraints-spec';
import { MAX_CA_NAME_LENGTH } from './names';
import { toDeclaredSubject, validateDistinguishedName } from './subject';
import { signingHandlerRoleName } from '../../private/contracts/authority';
import { MAX_HIERARCHY_DEPTH } from '../../private/contracts/aws-strings';
import { ValidationErrors, isAccountId, isConcrete, isRegion, isResourceNamePart } from '../../private/validation';
import { KeyAlgorithm } from '../algorithms';
import { CertificateTemplate, TemplatePassthrough } from '../certificate-template';
import type { IParentCa } from '../parent';
import type { SubordinateDeclarationOptions } from '../subordinate-declaration';
import { sha256Hex } from './authority-function';

/** The registration of a declared subordinate; throws with every problem of the declaration. */
export function declarationRegistration(
  parent: IConstruct & IParentCa, options: SubordinateDeclarationOptions, authority: SigningAuthority,
): SubordinateRegistration {
  const errors = new ValidationErrors('declareSubordinate', parent);
  const where = `subordinate '${options.caName}'`;
  if (!isConcrete(options.account) || !isAccountId(options.account)) errors.add(`${where}: account '${options.account}' is not a 12-digit AWS account id`);
  if (!isConcrete(options.region) || !isRegion(options.region)) errors.add(`${where}: region '${options.region}' is not an AWS Region code such as 'eu-west-1'`);
  if (!isConcrete(options.stackName) || options.stackName.length === 0) {
    errors.add(`${where}: stackName must be the name of the stack that holds the subordinate's IssuingCa, known at synthesis`);
  }
  if (!isConcrete(options.caName) || !isResourceNamePart(options.caName, MAX_CA_NAME_LENGTH) || options.caName === 'root') {
    errors.add(`${where}: caName is not allowed; use a letter, then letters, digits and hyphens, at most ${MAX_CA_NAME_LENGTH} characters, and not 'root'`);
  }
  validateDistinguishedName(options.subject, errors);
  const pathLength = options.pathLength ?? 0;
  const depth = parent.depth + 1;
  if (Token.isUnresolved(pathLength) || !Number.isInteger(pathLength) || pathLength < 0 || depth + pathLength > MAX_HIERARCHY_DEPTH) {
    errors.add(`${where}: pathLength ${pathLength} is not possible at level ${depth}; use 0 to ${Math.max(0, MAX_HIERARCHY_DEPTH - depth)}`);
  }
  const tooDeep = depthProblem(depth);
  if (tooDeep) errors.add(`${where}: ${tooDeep}`);
  if (authority.validity && !options.validity.endsBefore(authority.validity)) {
    errors.add(`${where}: validity ${options.validity} does not end before the parent's ${authority.validity}; declare a shorter validity`);
  }
  const nameConstraints = options.nameConstraints ? toNameConstraintsSpec(options.nameConstraints, errors) : undefined;
  errors.throwIfAny();

  const template = CertificateTemplate.subordinateCa(pathLength, nameConstraints ? TemplatePassthrough.API : TemplatePassthrough.NONE);
  return {
    scope: parent,
    caName: options.caName,
    subject: toDeclaredSubject(options.subject),
    keyAlgorithm: (options.keyAlgorithm ?? KeyAlgorithm.EC_SECP384R1).name,
    validity: () => options.validity,
    nameConstraints,
    template: () => template,
    pathLength: () => pathLength,
    revokeOnDelete: options.revokeOnDelete ?? false,
    remote: {
      account: options.account,
      region: options.region,
      handlerRoleName: signingHandlerRoleName(options.region, options.stackName, sha256Hex),
    },
  };
}
