// Workflows: start a job of any kind and watch its steps, progress and status live (the SDK's
// client.jobs.start); show its result.
import { byId, describeError, el, showError, usageText } from './dom.js';
import type { Client, JobFieldsFragment, WorkflowKind } from './sdk.js';
import { SAMPLE_INPUTS, workflowInput } from './workflow-input.js';

export class WorkflowsPanel {
  private client: Client | undefined;
  private readonly kind = byId('workflow-kind', HTMLSelectElement);
  private readonly input = byId('workflow-input', HTMLTextAreaElement);
  private readonly jobs = byId('jobs');
  private readonly error = byId('workflow-error');

  constructor() {
    this.input.value = SAMPLE_INPUTS[this.selectedKind()];
    this.kind.addEventListener('change', () => {
      // Swap in the new kind's sample unless the user wrote their own input.
      if (Object.values(SAMPLE_INPUTS).includes(this.input.value) || this.input.value.trim() === '') this.input.value = SAMPLE_INPUTS[this.selectedKind()];
    });
    byId('workflow-form', HTMLFormElement).addEventListener('submit', (event) => {
      event.preventDefault();
      void this.start();
    });
  }

  activate(client: Client): void {
    this.client = client;
    this.jobs.replaceChildren();
  }

  deactivate(): void {
    this.client = undefined;
    this.jobs.replaceChildren();
  }

  private selectedKind(): WorkflowKind {
    return this.kind.value as WorkflowKind;
  }

  private async start(): Promise<void> {
    showError(this.error, undefined);
    const client = this.client;
    if (!client) return showError(this.error, new Error('sign in first'));
    const kind = this.selectedKind();
    const card = el('article', { className: 'job', 'data-testid': 'job', 'data-kind': kind, 'data-status': 'STARTING' });
    this.jobs.prepend(card);
    // Aborting the stream cancels the job (cancelJob); `final` still tells how it ended.
    const controller = new AbortController();
    const render = (job: JobFieldsFragment) => renderJob(card, job, () => controller.abort());
    try {
      // The SDK subscribes to the caller's jobs first and yields this job's states in version order.
      const stream = client.jobs.start(
        { kind, input: workflowInput(kind, this.input.value), bypassCache: byId('workflow-bypass-cache', HTMLInputElement).checked },
        { signal: controller.signal },
      );
      stream.final.catch(() => undefined); // a refused start rejects `job` too: reported from there
      render(await stream.job);
      for await (const job of stream) render(job);
      render(await stream.final);
    } catch (error) {
      // A job that never started leaves no card; one that did keeps its last state and the error.
      if (card.dataset.jobId) card.append(el('p', { className: 'error', text: describeError(error) }));
      else card.remove();
      showError(this.error, error);
    }
  }
}

const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** Renders a job card from scratch: updates are whole jobs, so the newest one says everything. */
function renderJob(card: HTMLElement, job: JobFieldsFragment, cancel: () => void): void {
  card.dataset.jobId = job.id;
  card.dataset.status = job.status;
  card.dataset.version = String(job.version);
  const terminal = TERMINAL_STATUSES.has(job.status);
  const cancelButton = el('button', { type: 'button', className: 'job-cancel', text: 'Cancel', disabled: terminal });
  cancelButton.addEventListener('click', cancel);
  const children: Node[] = [
    el(
      'header',
      {},
      el('strong', { text: job.kind }),
      el('code', { text: job.id }),
      el('span', { className: `job-status status-${job.status.toLowerCase()}`, 'data-testid': 'job-status', text: job.status }),
      cancelButton,
    ),
  ];
  if (job.progress) {
    const { completed, failed, total } = job.progress;
    children.push(
      el(
        'div',
        { className: 'job-progress', 'data-testid': 'job-progress' },
        el('progress', { max: total, value: completed + failed }),
        el('span', { text: `${completed} done, ${failed} failed, of ${total}` }),
      ),
    );
  }
  children.push(
    el(
      'ol',
      { className: 'job-steps' },
      ...job.steps.map((step) =>
        el('li', { 'data-step': step.name, 'data-status': step.status }, [step.name, step.status.toLowerCase(), step.cached ? 'cached' : '', usageText(step.usage)].filter(Boolean).join(' · ')),
      ),
    ),
  );
  if (job.error) children.push(el('p', { className: 'error', text: `${job.error.step ? `${job.error.step}: ` : ''}${job.error.errorType}: ${job.error.message}` }));
  if (job.result) children.push(el('pre', { className: 'job-result', 'data-testid': 'job-result', text: prettyJson(job.result) }));
  else if (job.resultTruncated) children.push(el('p', { text: 'The result is too large to push: it is read from the API when the job ends.' }));
  card.replaceChildren(...children);
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
