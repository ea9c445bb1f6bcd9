/**
 * Checklist item 11, CloudFront certificates are in us-east-1 (rule cdk-pki:CloudFrontCertificateRegion).
 */
import { CLOUDFRONT_CERTIFICATE_REGION } from '../../private/contracts/aws-strings';
import { PkiModel } from '../private/checks-model';
import { ItemResult, RawFinding, certificateName, finding } from '../private/findings';

export function cloudFrontRegion(model: PkiModel): ItemResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  for (const d of model.distributions) {
    const region = d.certificate ? d.certificate.region : d.certificateArn ? /^arn:[^:]+:acm:([^:]+):/.exec(d.certificateArn)?.[1] : undefined;
    const what = d.certificate ? certificateName(d.certificate) : d.certificateArn ? `certificate ${d.certificateArn}` : 'its certificate';
    if (region === undefined) {
      notes.push(`${d.path}: the Region of ${what} is not known at synthesis`);
    } else if (region !== CLOUDFRONT_CERTIFICATE_REGION) {
      findings.push(finding('cdk-pki:CloudFrontCertificateRegion', d.construct, `CloudFront distribution '${d.path}' uses ${what} from ${region}; `
        + `CloudFront takes ACM certificates from ${CLOUDFRONT_CERTIFICATE_REGION} only: request the certificate in a ${CLOUDFRONT_CERTIFICATE_REGION} stack`));
    } else {
      notes.push(`${d.path}: ${what} is in ${CLOUDFRONT_CERTIFICATE_REGION}`);
    }
  }
  return { key: 'cloudfront-region', applicable: model.distributions.length > 0, findings, notes };
}
