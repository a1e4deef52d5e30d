import { describe, expect, it } from 'vitest';
import { parseSpecLines, workflowInput } from './workflow-input.js';

describe('workflowInput', () => {
  it('wraps text as each kind expects', () => {
    expect(JSON.parse(workflowInput('CONTENT_INSIGHTS', 'Great boots'))).toEqual({ text: 'Great boots' });
    expect(JSON.parse(workflowInput('DOCUMENT_ANALYSIS', 'A report'))).toEqual({ document: { text: 'A report', format: 'TEXT' } });
  });

  it('reads one advert spec per line, with optional features', () => {
    expect(parseSpecLines('Aurora 7: a family SUV | 7 seats, towing\n\n  Brewmate  \n')).toEqual([
      { name: 'Aurora 7', description: 'a family SUV', features: ['7 seats', 'towing'] },
      { name: 'Brewmate', description: 'Brewmate', features: [] },
    ]);
    expect(JSON.parse(workflowInput('BATCH_ADVERTS', 'A: b'))).toEqual({ specs: [{ name: 'A', description: 'b', features: [] }] });
  });
});
