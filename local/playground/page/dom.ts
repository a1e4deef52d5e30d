// Small DOM helpers for the playground page (no framework: the page stays one small module).

/** The element with this id, checked to be of the expected kind: a missing element is a bug in index.html. */
export function byId<T extends HTMLElement = HTMLElement>(id: string, kind?: new () => T): T {
  const element = document.getElementById(id);
  if (!element || (kind && !(element instanceof kind))) throw new Error(`index.html has no #${id}${kind ? ` (${kind.name})` : ''}`);
  return element as T;
}

type Attributes = Record<string, string | number | boolean | undefined>;

/** Creates an element: `dataset`-style keys start with `data-`; text is set with textContent (never HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'text') element.textContent = String(value);
    else if (name === 'className') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/** A readable line for any error the SDK throws (ApiError carries AppSync's errorType). */
export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'errorType' in error && 'message' in error) return `${String(error.errorType)}: ${String(error.message)}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Shows an error in a panel's error line (or clears it). */
export function showError(target: HTMLElement, error: unknown): void {
  target.textContent = error === undefined ? '' : describeError(error);
  target.hidden = error === undefined;
}

/** Runs a user action, clearing `target` first and showing what went wrong there. */
export async function showingErrors(target: HTMLElement, action: () => Promise<void>): Promise<void> {
  showError(target, undefined);
  try {
    await action();
  } catch (error) {
    showError(target, error);
  }
}

/** A token-usage line such as "12 in / 120 out tokens". */
export function usageText(usage: { inputTokens: number; outputTokens: number } | null | undefined): string {
  return usage ? `${usage.inputTokens} in / ${usage.outputTokens} out tokens` : '';
}
