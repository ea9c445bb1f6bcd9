/**
 * The PKI report: its data (written as JSON), its Markdown with a Mermaid diagram, and the short summary
 * `npm run examples` prints. Deterministic: ordered by construct path, and no date but the prices' date.
 */
import { PkiModel } from './checks-model';
import { ItemResult } from './findings';
import { CostOptions, costOf } from './report-cost';
import { ReportHeader, reportData } from './report-data';
import { mermaid } from './report-diagram';
import { Acknowledgement, ReportItem, reportItems } from './report-items';
import { markdown, summaryText } from './report-markdown';

export type { ItemStatus, ReportFinding, ReportItem } from './report-items';

export interface ReportOptions extends ReportHeader, CostOptions {}

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
  const data = reportData(model, items, options, cost, diagram);
  return {
    markdown: markdown(model, data, items, diagram, cost),
    json: JSON.stringify(data, null, 2) + '\n',
    summary: summaryText(items, cost.monthlyTotal),
    items,
  };
}
