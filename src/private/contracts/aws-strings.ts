/**
 * Every AWS string the library depends on, in one place, each with the page it comes from
 * (see shared AWS-FACTS.md of the project). Where a value is marked UNCONFIRMED there, the comment
 * says so: change it here and nowhere else.
 *
 * ARNs are built with a partition argument: callers pass `Aws.PARTITION` (a token) in constructs and
 * a concrete partition in handlers and tests.
 */

export * from './aws-hierarchy';
export * from './aws-expiry';
export * from './aws-sharing';
export * from './aws-revocation';
export * from './aws-renewal';
export * from './aws-connectors';
export * from './aws-checklist';
export * from './aws-lifecycle';
export * from './aws-stacksets';
