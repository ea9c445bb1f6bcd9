// Sets of certificate templates (private/template-set.ts).
import { TemplateSet } from '../../../src/checklist/private/template-set';

describe('TemplateSet', () => {
  test('combines template sets', () => {
    const a = TemplateSet.of(['EndEntityCertificate/V1']);
    expect(a.union(TemplateSet.all().without(['EndEntityCertificate/V1', 'CodeSigningCertificate/V1'])).describe()).toBe('any template but CodeSigningCertificate/V1');
    expect(TemplateSet.none().isEmpty).toBe(true);
  });
});
