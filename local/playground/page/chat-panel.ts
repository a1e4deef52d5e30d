// Chat: the caller's conversations, a conversation's history, and a composer whose answer streams in
// through the SDK's client.chat.send.
import { byId, el, showingErrors, usageText } from './dom.js';
import {
  ConversationsDocument,
  CreateConversationDocument,
  MessagesDocument,
  type ChatStream,
  type Client,
  type ConversationFieldsFragment,
  type MessageFieldsFragment,
  type MessagesQuery,
} from './sdk.js';

type MessageView = Pick<MessageFieldsFragment, 'id' | 'role' | 'content' | 'status'> & Partial<Pick<MessageFieldsFragment, 'usage' | 'stopReason' | 'error'>>;

const HISTORY_PAGES = 10;

export class ChatPanel {
  private client: Client | undefined;
  private conversationId: string | undefined;
  private streaming: ChatStream | undefined;
  private readonly list = byId('conversation-list', HTMLUListElement);
  private readonly heading = byId('conversation-heading');
  private readonly messages = byId('messages');
  private readonly input = byId('chat-input', HTMLTextAreaElement);
  private readonly send = byId('chat-send', HTMLButtonElement);
  private readonly cancel = byId('chat-cancel', HTMLButtonElement);
  private readonly error = byId('chat-error');

  constructor() {
    byId('new-conversation-form', HTMLFormElement).addEventListener('submit', (event) => {
      event.preventDefault();
      const title = byId('conversation-title', HTMLInputElement);
      void this.guard(async () => {
        await this.open(await this.createConversation(title.value.trim() || undefined));
        title.value = '';
      });
    });
    byId('chat-form', HTMLFormElement).addEventListener('submit', (event) => {
      event.preventDefault();
      void this.guard(() => this.sendMessage());
    });
    this.input.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter starts a new line.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send.click();
      }
    });
    this.cancel.addEventListener('click', () => void this.guard(() => this.cancelGeneration()));
  }

  activate(client: Client): void {
    this.client = client;
    this.show(undefined);
    void this.guard(() => this.loadConversations());
  }

  deactivate(): void {
    this.client = undefined;
    this.list.replaceChildren();
    this.show(undefined);
  }

  private guard(action: () => Promise<void>): Promise<void> {
    return showingErrors(this.error, action);
  }

  private requireClient(): Client {
    if (!this.client) throw new Error('sign in first');
    return this.client;
  }

  private async loadConversations(): Promise<void> {
    const { conversations } = await this.requireClient().query(ConversationsDocument, { limit: 50 });
    this.list.replaceChildren(...conversations.items.map((c) => this.conversationItem(c)));
  }

  private conversationItem(conversation: ConversationFieldsFragment): HTMLLIElement {
    const button = el('button', { type: 'button', 'data-conversation-id': conversation.id, text: conversation.title ?? 'Untitled' });
    button.addEventListener('click', () => void this.guard(() => this.open(conversation)));
    return el('li', {}, button, el('small', { text: new Date(conversation.lastMessageAt ?? conversation.createdAt).toLocaleString() }));
  }

  private async createConversation(title: string | undefined): Promise<ConversationFieldsFragment> {
    const { createConversation } = await this.requireClient().mutate(CreateConversationDocument, { input: title ? { title } : {} });
    this.list.prepend(this.conversationItem(createConversation));
    return createConversation;
  }

  private show(conversation: ConversationFieldsFragment | undefined): void {
    this.conversationId = conversation?.id;
    this.heading.textContent = conversation ? (conversation.title ?? 'Untitled') : 'No conversation open: send a message to start one';
    if (conversation) this.messages.dataset.conversationId = conversation.id;
    else delete this.messages.dataset.conversationId;
    this.messages.replaceChildren();
    for (const item of this.list.querySelectorAll('button')) item.classList.toggle('selected', item.dataset.conversationId === conversation?.id);
  }

  private async open(conversation: ConversationFieldsFragment): Promise<void> {
    this.show(conversation);
    const client = this.requireClient();
    const history: MessageFieldsFragment[] = [];
    let nextToken: string | null = null;
    for (let page = 0; page < HISTORY_PAGES; page += 1) {
      const { messages }: MessagesQuery = await client.query(MessagesDocument, { conversationId: conversation.id, limit: 100, nextToken });
      history.push(...messages.items);
      nextToken = messages.nextToken;
      if (!nextToken) break;
    }
    if (this.conversationId !== conversation.id) return;
    this.messages.replaceChildren(...history.map((m) => renderMessage(m)));
    this.messages.scrollTop = this.messages.scrollHeight;
  }

  private async sendMessage(): Promise<void> {
    const content = this.input.value.trim();
    if (!content || this.streaming) return;
    const client = this.requireClient();
    this.setBusy(true);
    try {
      if (!this.conversationId) this.show(await this.createConversation(content.slice(0, 60)));
      // The SDK subscribes before sending, orders the chunks and fills any gap from the stored message.
      const stream = client.chat.send(this.conversationId!, content, { clientToken: crypto.randomUUID() });
      this.streaming = stream;
      stream.final.catch(() => undefined); // a refused send rejects messageId too: reported from there
      const messageId = await stream.messageId;
      this.input.value = '';
      this.messages.append(renderMessage({ id: '', role: 'USER', content, status: 'COMPLETE' }));
      const answer = renderMessage({ id: messageId, role: 'ASSISTANT', content: '', status: 'STREAMING' });
      const text = answer.querySelector('.message-text')!.firstChild as Text;
      this.messages.append(answer);
      for await (const piece of stream) {
        text.appendData(piece);
        this.messages.scrollTop = this.messages.scrollHeight;
      }
      const message = await stream.final;
      // The pieces join to exactly the stored content; the store stays the reference.
      if (text.data !== message.content) text.data = message.content;
      updateMessage(answer, message);
    } finally {
      this.streaming = undefined;
      this.setBusy(false);
    }
  }

  private async cancelGeneration(): Promise<void> {
    await this.streaming?.cancel();
  }

  private setBusy(busy: boolean): void {
    this.send.disabled = busy;
    this.cancel.hidden = !busy;
  }
}

function renderMessage(message: MessageView): HTMLElement {
  const element = el(
    'div',
    { className: 'message', 'data-testid': 'message', 'data-message-id': message.id || undefined, 'data-role': message.role },
    el('div', { className: 'message-role', text: message.role === 'USER' ? 'You' : 'Assistant' }),
    el('div', { className: 'message-text' }, document.createTextNode(message.content)),
    el('div', { className: 'message-meta' }),
  );
  updateMessage(element, message);
  return element;
}

function updateMessage(element: HTMLElement, message: MessageView): void {
  element.dataset.status = message.status;
  const meta = element.querySelector('.message-meta');
  if (!meta) return;
  const parts = message.role === 'ASSISTANT' ? [message.status === 'COMPLETE' ? '' : message.status.toLowerCase(), usageText(message.usage)] : [];
  if (message.error) parts.push(`${message.error.errorType}: ${message.error.message}`);
  meta.textContent = parts.filter(Boolean).join(' · ');
}
