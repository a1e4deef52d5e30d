// Adverts: a spec, personas, tone, length and photos in; one column per persona variant, each streaming
// through the SDK's client.adverts.create.
import { byId, describeError, el, showingErrors, usageText } from './dom.js';
import { imageInputOf } from './image-files.js';
import {
  AdvertsDocument,
  type AdvertFieldsFragment,
  type AdvertVariantFieldsFragment,
  type Client,
  type CreateAdvertInput,
  type VariantStream,
} from './sdk.js';

export class AdvertsPanel {
  private client: Client | undefined;
  private readonly form = byId('advert-form', HTMLFormElement);
  private readonly create = byId('advert-create', HTMLButtonElement);
  private readonly summary = byId('advert-summary');
  private readonly variants = byId('advert-variants');
  private readonly list = byId('advert-list', HTMLUListElement);
  private readonly error = byId('advert-error');
  private readonly columns = new Map<string, { element: HTMLElement; text: Text }>();

  constructor() {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.guard(() => this.createAdvert());
    });
  }

  activate(client: Client): void {
    this.client = client;
    this.clear();
    void this.guard(() => this.loadAdverts());
  }

  deactivate(): void {
    this.client = undefined;
    this.clear();
    this.list.replaceChildren();
  }

  private clear(): void {
    this.columns.clear();
    this.variants.replaceChildren();
    this.summary.textContent = '';
    delete this.variants.dataset.advertId;
  }

  private guard(action: () => Promise<void>): Promise<void> {
    return showingErrors(this.error, action);
  }

  private requireClient(): Client {
    if (!this.client) throw new Error('sign in first');
    return this.client;
  }

  private async readForm(): Promise<Omit<CreateAdvertInput, 'id'>> {
    const value = (id: string) => byId(id, HTMLInputElement).value.trim();
    const spec = byId('advert-spec', HTMLTextAreaElement).value;
    const personas = value('advert-personas').split(',').map((p) => p.trim()).filter((p) => p !== '');
    const tone = value('advert-tone');
    const wordCount = value('advert-word-count');
    const files = [...(byId('advert-images', HTMLInputElement).files ?? [])];
    return {
      spec,
      personas,
      images: await Promise.all(files.map((file) => imageInputOf(file))),
      ...(tone ? { tone } : {}),
      ...(wordCount ? { wordCount: Number(wordCount) } : {}),
      bypassCache: byId('advert-bypass-cache', HTMLInputElement).checked,
    };
  }

  private async createAdvert(): Promise<void> {
    const client = this.requireClient();
    const input = await this.readForm();
    this.create.disabled = true;
    this.clear();
    this.summary.textContent = 'Creating...';
    try {
      // The SDK picks the advert id, subscribes first, and follows each variant like a chat answer.
      const run = client.adverts.create(input);
      run.variants.catch(() => undefined);
      run.final.catch(() => undefined); // both reject with the advert's own error, reported from there
      this.showAdvert(await run.advert);
      const variants = await run.variants;
      // Every variant streams into its own column at the same time.
      await Promise.all(variants.map((variant) => this.follow(variant)));
      this.showAdvert(await run.final);
      await this.loadAdverts();
    } catch (error) {
      if (!this.variants.dataset.advertId) this.summary.textContent = '';
      throw error;
    } finally {
      this.create.disabled = false;
    }
  }

  private async follow(variant: VariantStream): Promise<void> {
    const column = this.columns.get(variant.id);
    if (!column) return;
    try {
      for await (const piece of variant) column.text.appendData(piece);
      const stored = await variant.final;
      updateColumn(column.element, stored);
      if (column.text.data !== stored.content) column.text.data = stored.content;
    } catch (error) {
      column.element.dataset.status = 'FAILED';
      column.element.querySelector('.variant-meta')!.textContent = describeError(error);
    }
  }

  /** Renders an advert's variants side by side; called again with the stored advert, it settles each column. */
  private showAdvert(advert: AdvertFieldsFragment): void {
    if (this.variants.dataset.advertId !== advert.id) this.clear();
    this.variants.dataset.advertId = advert.id;
    const images = advert.images.map((i) => `${i.format} ${i.width}x${i.height}`).join(', ');
    this.summary.textContent = `Advert ${advert.id} · ${advert.wordCount} words${advert.tone ? ` · ${advert.tone}` : ''} · ${advert.images.length} image(s)${images ? ` (${images})` : ''}`;
    for (const variant of advert.variants) {
      const column = this.columns.get(variant.id) ?? this.addColumn(variant);
      updateColumn(column.element, variant);
      // A streaming variant's text grows from its stream; a settled one shows what is stored.
      if (variant.status !== 'STREAMING' && column.text.data !== variant.content) column.text.data = variant.content;
    }
  }

  private addColumn(variant: AdvertVariantFieldsFragment): { element: HTMLElement; text: Text } {
    const text = document.createTextNode(variant.status === 'STREAMING' ? '' : variant.content);
    const element = el(
      'article',
      { className: 'variant', 'data-testid': 'variant', 'data-variant-id': variant.id, 'data-persona': variant.persona },
      el('h3', { text: variant.persona }),
      el('p', { className: 'variant-text' }, text),
      el('p', { className: 'variant-meta' }),
    );
    this.variants.append(element);
    const column = { element, text };
    this.columns.set(variant.id, column);
    return column;
  }

  private async loadAdverts(): Promise<void> {
    const { adverts } = await this.requireClient().query(AdvertsDocument, { limit: 20 });
    this.list.replaceChildren(
      ...adverts.items.map((advert) => {
        const button = el('button', { type: 'button', 'data-advert-id': advert.id, text: advert.spec.split('\n')[0]?.slice(0, 60) ?? advert.id });
        button.addEventListener('click', () => {
          this.clear();
          this.showAdvert(advert);
        });
        return el('li', {}, button, el('small', { text: `${advert.variants.length} variant(s) · ${new Date(advert.createdAt).toLocaleString()}` }));
      }),
    );
  }
}

function updateColumn(element: HTMLElement, variant: Pick<AdvertVariantFieldsFragment, 'status' | 'cached' | 'usage' | 'stopReason' | 'error'>): void {
  element.dataset.status = variant.status;
  element.dataset.cached = String(variant.cached);
  const parts = [variant.status.toLowerCase(), variant.cached ? 'cached' : '', usageText(variant.usage), variant.stopReason ?? ''];
  if (variant.error) parts.push(`${variant.error.errorType}: ${variant.error.message}`);
  const meta = element.querySelector('.variant-meta');
  if (meta) meta.textContent = parts.filter(Boolean).join(' · ');
}
