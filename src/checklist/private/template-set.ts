/**
 * Certificate templates as the checks reason about them: sets of templates (every template but some, or only
 * some), and template names or patterns read from policy conditions.
 */
import { globMatches, UNKNOWN } from './markers';
import { CertificateTemplate } from '../../hierarchy/certificate-template';

const TEMPLATE_PREFIX = /^arn:[^:]*:acm-pca:::template\//;

/** The template name of a template ARN (`EndEntityCertificate/V1`); other values are returned as they are. */
export function templateNameOf(value: string): string {
  return value.replace(TEMPLATE_PREFIX, '');
}

/** A set of certificate templates: every template but `exclude`, or only `include`. */
export class TemplateSet {
  public static none(): TemplateSet {
    return new TemplateSet(false, new Set(), new Set());
  }

  public static all(): TemplateSet {
    return new TemplateSet(true, new Set(), new Set());
  }

  /** The templates of `templates` ('ALL' for every template). */
  public static of(templates: string[] | 'ALL'): TemplateSet {
    return templates === 'ALL' ? TemplateSet.all() : new TemplateSet(false, new Set(templates), new Set());
  }

  private constructor(public readonly all: boolean, public readonly include: ReadonlySet<string>, public readonly exclude: ReadonlySet<string>) {}

  public get isEmpty(): boolean {
    return !this.all && this.include.size === 0;
  }

  /** Every template in this set or `other`. */
  public union(other: TemplateSet): TemplateSet {
    if (this.all && other.all) return new TemplateSet(true, new Set(), new Set([...this.exclude].filter((t) => other.exclude.has(t))));
    if (this.all || other.all) {
      const [a, b] = this.all ? [this, other] : [other, this];
      return new TemplateSet(true, new Set(), new Set([...a.exclude].filter((t) => !b.include.has(t))));
    }
    return new TemplateSet(false, new Set([...this.include, ...other.include]), new Set());
  }

  /** Only the templates in `templates` remain. */
  public restrictTo(templates: string[]): TemplateSet {
    if (this.all) return new TemplateSet(false, new Set(templates.filter((t) => !this.exclude.has(t))), new Set());
    return new TemplateSet(false, new Set([...this.include].filter((t) => templates.includes(t))), new Set());
  }

  /** The templates in `templates` are removed. */
  public without(templates: string[]): TemplateSet {
    if (this.all) return new TemplateSet(true, new Set(), new Set([...this.exclude, ...templates]));
    return new TemplateSet(false, new Set([...this.include].filter((t) => !templates.includes(t))), new Set());
  }

  /** Whether a template that issues end-entity (non-CA) certificates is in the set. */
  public get allowsEndEntity(): boolean {
    if (this.all) return true;
    return [...this.include].some((t) => !isCaTemplate(t));
  }

  /** Sorted template names, or `any template` (with exceptions). */
  public describe(): string {
    if (this.all) {
      return this.exclude.size === 0 ? 'any template' : `any template but ${[...this.exclude].sort().join(', ')}`;
    }
    return [...this.include].sort().join(', ');
  }

  public toList(): string[] | 'ANY' {
    return this.all ? 'ANY' : [...this.include].sort();
  }
}

/** Whether a template name issues CA certificates (root or subordinate). */
export function isCaTemplate(name: string): boolean {
  try {
    return new CertificateTemplate(name).issuesCaCertificates;
  } catch {
    return false;
  }
}

let allTemplateNames: string[] | undefined;

/** Template names (or patterns of them) expanded against every template AWS documents; 'ALL' for `*`. */
export function expandTemplates(patterns: string[]): string[] | 'ALL' {
  allTemplateNames ??= CertificateTemplate.all().map((t) => t.templateName);
  const result = new Set<string>();
  for (const p of patterns) {
    if (p.includes(UNKNOWN)) return 'ALL';
    if (!/[*?]/.test(p)) {
      result.add(p);
      continue;
    }
    if (p === '*' || p === '*/*') return 'ALL';
    allTemplateNames.filter((t) => globMatches(p, t)).forEach((t) => result.add(t));
  }
  return [...result];
}
