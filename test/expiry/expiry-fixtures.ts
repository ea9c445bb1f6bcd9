/** What the expiry tests share: the accounts, ARNs and stacks they are built on, and small template helpers. */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

export const ENV = { account: '222222222222', region: 'eu-west-1' };
export const CA_ACCOUNT = '111111111111';
export const OUTSIDER = '999999999999';
export const CERT_A = `arn:aws:acm:eu-west-1:${ENV.account}:certificate/aaaaaaaa-1111-4111-8111-111111111111`;
export const CERT_B = `arn:aws:acm:eu-west-1:${ENV.account}:certificate/bbbbbbbb-1111-4111-8111-111111111111`;
export const OTHER_REGION_CA = `arn:aws:acm-pca:us-east-1:${ENV.account}:certificate-authority/cccccccc-1111-4111-8111-111111111111`;
export const REMOTE_CA = `arn:aws:acm-pca:us-east-1:${CA_ACCOUNT}:certificate-authority/dddddddd-1111-4111-8111-111111111111`;
export const READER_ROLE = `arn:aws:iam::${CA_ACCOUNT}:role/cdk-pki-ca-expiry-reader`;

export type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

export function newStack(id = 'Pki', env: { account: string; region: string } = ENV): Stack {
  return new Stack(new App(), id, { env });
}

/** The resources of a type whose logical ids start with `prefix` (the construct under test, not the CAs around it). */
export function resourcesOf(template: Template, type: string, prefix = 'ExpiryAlarms'): Resources {
  return Object.fromEntries(Object.entries(template.findResources(type) as Resources).filter(([id]) => id.startsWith(prefix)));
}

/** The one entry of a record; fails the test when there are more or none. */
export function only<T>(record: Record<string, T>): [string, T] {
  const entries = Object.entries(record);
  expect(entries).toHaveLength(1);
  return entries[0];
}
