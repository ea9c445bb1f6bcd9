/**
 * The PKI report: its data (written as JSON), its Markdown with a Mermaid diagram and a timeline of the CA
 * certificates, and the short summary `npm run examples` prints. Deterministic: ordered by construct path, and no
 * date but the prices' date and the timeline's, which follow from its start.
 */
import { PkiModel } from './checks-model';
import { ItemResult } from './findings';
import { CostOptions, costOf } from './report-cost';
import { ReportHeader, reportData } from './report-data';
import { mermaid } from './report-diagram';
import { Acknowledgement, ReportItem, reportItems } from './report-items';
import { markdown, summaryText } from './report-markdown';
import { planTimeline } from './report-timeline';
import { timelineCas } from './report-timeline-cas';

export type { ItemStatus, ReportFinding, ReportItem } from './report-items';

export interface ReportOptions extends ReportHeader, CostOptions {
  /** The day the timeline of CA certificates starts (the PKI's deployment). */
  readonly timelineStart: Date;
}

export interface RenderedReport {
  readonly markdown: string;
  readonly json: string;
  readonly summary: string;
  readonly items: ReportItem[];
}

export function renderReport(model: PkiModel, results: ItemResult[], ackOf: Acknowledgement, options: ReportOptions): RenderedReport {
  const items = reportItems(results, ackOf);
  const cost = costOf(model, options);
  const diagram = mermaid(model);
  const timeline = planTimeline(timelineCas(model), { start: options.timelineStart });
  const data = reportData(model, items, options, cost, diagram, timeline);
  return {
    markdown: markdown(model, data, items, diagram, cost, timeline),
    json: JSON.stringify(data, null, 2) + '\n',
    summary: summaryText(items, cost.monthlyTotal),
    items,
  };
}
