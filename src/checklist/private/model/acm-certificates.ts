/**
 * The ACM certificates of the app: public and private, with their names, how they are validated (and for
 * which names CloudFormation has a hosted zone), the CA of a private one, and their transparency logging.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { CaIndex } from './ca-index';
import { ModelContext, byPath, concrete, constructsOf, envOf, ownerOf } from './context';
import { AcmCertificateNode } from './nodes';
import { flatten } from '../markers';

export function collectAcmCertificates(ctx: ModelContext, index: CaIndex): AcmCertificateNode[] {
  return constructsOf(ctx, acm.CfnCertificate).map((c) => {
    const owner = ownerOf(c);
    const env = envOf(c);
    const ownerArn = (owner as { certificateArn?: unknown }).certificateArn;
    const marker = ctx.markers.add('certificate', [c.ref, typeof ownerArn === 'string' ? ownerArn : undefined]);
    const domainName = concrete(c.domainName);
    const sans = (Token.isUnresolved(c.subjectAlternativeNames) ? [] : c.subjectAlternativeNames ?? []).map(concrete).filter((n): n is string => !!n);
    const options = ctx.markers.resolve(c, c.domainValidationOptions) as Array<Record<string, unknown>> | undefined;
    const zonesGiven = new Set<string>();
    for (const o of Array.isArray(options) ? options : []) {
      const name = flatten(o.DomainName ?? o.domainName, env);
      if (name && (o.HostedZoneId ?? o.hostedZoneId) !== undefined) zonesGiven.add(name);
    }
    const isPrivate = c.certificateAuthorityArn !== undefined;
    return {
      construct: owner,
      cfn: c,
      path: owner.node.path,
      stack: Stack.of(c),
      account: env.account,
      region: env.region,
      domainName,
      names: [...new Set([...(domainName ? [domainName] : []), ...sans])],
      validationMethod: concrete(c.validationMethod) ?? 'DNS',
      isPrivate,
      ca: isPrivate ? index.named(c, c.certificateAuthorityArn) : undefined,
      zonesGiven,
      transparencyLogging: concrete(c.certificateTransparencyLoggingPreference),
      marker,
    };
  }).sort(byPath);
}
