// The playground page: sign in, then chat, adverts and workflows on the sandbox's API through the SDK.
import type { PlaygroundConfig } from '../playground-config.js';
import { AdvertsPanel } from './adverts-panel.js';
import { ChatPanel } from './chat-panel.js';
import { byId, showError } from './dom.js';
import { signInAsGuest, signInAsUser, type Session } from './session.js';
import { WorkflowsPanel } from './workflows-panel.js';

const TABS = ['chat', 'adverts', 'workflows'] as const;
type Tab = (typeof TABS)[number];

const panels = [new ChatPanel(), new AdvertsPanel(), new WorkflowsPanel()];
const configPromise = fetch('/playground/config.json').then(async (response) => {
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  return (await response.json()) as PlaygroundConfig;
});
let session: Session | undefined;

function showTab(tab: Tab): void {
  for (const name of TABS) {
    byId(`panel-${name}`).hidden = name !== tab;
    byId(`tab-${name}`).setAttribute('aria-selected', String(name === tab));
  }
}

function startSession(next: Session): void {
  session?.client.close();
  session = next;
  document.body.dataset.state = 'signed-in';
  byId('signed-in-as').textContent = next.identity.kind === 'user' ? `Signed in as ${next.identity.name}` : 'Guest (API key)';
  for (const panel of panels) panel.activate(next.client);
}

function endSession(): void {
  session?.client.close();
  session = undefined;
  document.body.dataset.state = 'signed-out';
  for (const panel of panels) panel.deactivate();
}

const signInError = byId('sign-in-error');
async function signIn(how: 'user' | 'guest'): Promise<void> {
  showError(signInError, undefined);
  try {
    const config = await configPromise;
    const user = byId('user-name', HTMLInputElement).value.trim();
    if (how === 'user' && !user) throw new Error('type a user name');
    startSession(how === 'user' ? await signInAsUser(config, user) : signInAsGuest(config));
  } catch (error) {
    showError(signInError, error);
  }
}

byId('sign-in-form', HTMLFormElement).addEventListener('submit', (event) => {
  event.preventDefault();
  void signIn('user');
});
byId('sign-in-guest').addEventListener('click', () => void signIn('guest'));
byId('sign-out').addEventListener('click', endSession);
for (const tab of TABS) {
  byId(`tab-${tab}`).addEventListener('click', () => {
    history.replaceState(null, '', `#${tab}`);
    showTab(tab);
  });
}
showTab(TABS.find((tab) => location.hash === `#${tab}`) ?? 'chat');
document.body.dataset.state = 'signed-out';
// Tests and the load-time figure wait for this: the page is wired and usable.
document.documentElement.dataset.ready = 'true';
performance.mark('playground-ready');
