// The playground's text box -> each workflow kind's JSON input (schema/workflows.graphql StartWorkflowInput).
import type { WorkflowKind } from './sdk.js';

export interface BatchAdvertSpec {
  name: string;
  description: string;
  features: string[];
}

/**
 * BATCH_ADVERTS takes one spec per line: `Name: description | feature, feature`
 * (the features part is optional; a line without a colon is its own name and description).
 */
export function parseSpecLines(text: string): BatchAdvertSpec[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [main = '', featureText = ''] = line.split('|', 2);
      const colon = main.indexOf(':');
      const name = (colon > 0 ? main.slice(0, colon) : main).trim();
      const description = (colon > 0 ? main.slice(colon + 1) : main).trim() || name;
      const features = featureText.split(',').map((f) => f.trim()).filter((f) => f !== '');
      return { name, description, features };
    });
}

export function workflowInput(kind: WorkflowKind, text: string): string {
  switch (kind) {
    case 'DOCUMENT_ANALYSIS':
      return JSON.stringify({ document: { text, format: 'TEXT' } });
    case 'CONTENT_INSIGHTS':
      return JSON.stringify({ text });
    case 'BATCH_ADVERTS':
      return JSON.stringify({ specs: parseSpecLines(text) });
  }
}

/** What the text box holds when a kind is chosen. */
export const SAMPLE_INPUTS: Record<WorkflowKind, string> = {
  DOCUMENT_ANALYSIS:
    'Quarterly report. Revenue grew 12% to 4.2 million euros, driven by the new subscription plan. ' +
    'Churn fell from 5% to 3.1%. The team plans two launches next quarter and will hire four engineers.',
  CONTENT_INSIGHTS: 'I love these boots: warm, light and waterproof, though the laces wear out fast.',
  BATCH_ADVERTS: [
    'Aurora 7: a family SUV with seven seats in three rows | 2,500 kg towing, 620 litre boot',
    'Trailhead 40: a 40 litre hiking pack | rain cover, hip belt pockets',
    'Brewmate: a one-cup coffee maker for small kitchens',
  ].join('\n'),
};
