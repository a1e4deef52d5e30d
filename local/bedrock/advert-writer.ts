// The local model's copywriter: a seeded advert built from the brief, so the adverts flow can be
// seen working offline. It names the product and the audience, keeps every spec detail verbatim
// (figures included), mentions the photos, and fits the asked word count.
import type { AdvertBrief } from './advert-brief.js';
import { pickOne, shuffled, type Random } from './seeded-random.js';

type Phrase = (text: string) => string;

const taglines = [
  'made for the way you live',
  'the smart choice starts here',
  'ready for everything',
  'built to impress',
  'your next favourite thing',
  'quality you can count on',
];

const openings: Phrase[] = [
  (name) => `meet ${name}.`,
  (name) => `${name} was made with you in mind.`,
  (name) => `${name} is ready when you are.`,
  (name) => `here is why ${name} belongs in your life.`,
];

const pairPhrases: Array<(key: string, value: string) => string> = [
  (key, value) => `${key}: ${value}.`,
  (key, value) => `${key}? ${upperFirst(value)}.`,
  (key, value) => `When it comes to ${lowerFirst(key)}, think ${value}.`,
  (key, value) => `Now for ${lowerFirst(key)}: ${value}.`,
];

const factPhrases: Phrase[] = [
  (fact) => `${fact}.`,
  (fact) => `One more thing: ${fact}.`,
  (fact) => `Here is a fact worth knowing: ${fact}.`,
  (fact) => `And yes: ${fact}.`,
];

const tonePhrases: Phrase[] = [
  (tone) => `Everything about it feels ${tone}.`,
  (tone) => `In a word? ${upperFirst(tone)}.`,
  (tone) => `Expect an experience as ${tone} as you are.`,
];

const photoPhrases: Array<(count: number) => string> = [
  (count) => (count === 1 ? 'See it for yourself, as the photo shows.' : `See it for yourself, as the ${count} photos show.`),
  (count) => (count === 1 ? 'The photo says it better than words.' : `The ${count} photos say it better than words.`),
];

const callsToAction: Phrase[] = [
  (name) => `Get your ${name.replace(/^(?:the|a|an)\s+/i, '')} today.`,
  (name) => `Discover ${name} today.`,
  (name) => `Order ${name} now and see the difference.`,
  (name) => `Visit us today and try ${name} for yourself.`,
];

const fillers: Array<(name: string, persona: string) => string> = [
  () => 'Built to last.',
  () => 'Quality you can feel.',
  () => 'Designed with care.',
  () => 'Every detail has been considered.',
  () => 'It simply works, day after day.',
  () => 'You deserve nothing less.',
  () => 'Made to make life easier.',
  () => 'It is the upgrade you will notice every day.',
  () => 'Thoughtful design meets everyday practicality.',
  () => 'Once you try it, there is no going back.',
  () => 'Trusted by people who expect more.',
  () => 'Simple to choose, easy to love.',
  () => 'Great value, with no compromises.',
  () => 'Ready for whatever comes next.',
  () => 'Less hassle, more of what matters.',
  () => 'Small touches make a big difference.',
  () => 'It fits right into your routine.',
  () => 'Comfort and confidence come as standard.',
  (name) => `${name} keeps up with you.`,
  (name) => `Why settle for less than ${name}?`,
  (name) => `With ${name}, the everyday gets better.`,
  (name) => `People notice ${name}, and so will you.`,
  (_name, persona) => `Made for ${persona}, and it shows.`,
];

/** One-word sentences that make an exact token count come out even. */
const oneWordFillers = ['Truly.', 'Really.', 'Absolutely.', 'Guaranteed.', 'Brilliant.'];

/** Padding stops once the advert is this close below the asked count... */
const fillSlackWords = 2;
/** ...and never takes it more than 10% above; the details, photos and tone may take it to 20%. */
const fillCeiling = 1.1;
const contentCeiling = 1.2;

/** The advert's parts before it is fitted to length. */
interface Draft {
  headline: string;
  /** Starts the body; names the audience. */
  opening: string;
  details: string[];
  photos?: string;
  tone?: string;
  callToAction: string;
}

/**
 * The advert as tokens: one word each with its leading space, the body's first word after a
 * newline (the headline is the first line). `exactTokens` forces the length (the `[[tokens=N]]`
 * directive): padded with filler or cut, whatever that costs.
 */
export function writeAdvert(brief: AdvertBrief, random: Random, exactTokens?: number): string[] {
  const target = exactTokens ?? brief.wordCount;
  const contentCap = exactTokens ?? Math.floor(target * contentCeiling);
  const fillCap = exactTokens ?? Math.floor(target * fillCeiling);
  // The seeded draft when the details fit in it; at small word counts, plainer ones that keep them.
  const drafts = [fullDraft(brief, random), compactDraft(brief, 'pairs'), compactDraft(brief, 'values')];
  const draft = drafts.find((candidate) => essentialWords(candidate) + wordsIn(candidate.details.join(' ')) <= contentCap) ?? drafts.at(-1)!;
  const genericFillers = shuffled(random, fillers).map((filler) => filler(brief.productName, brief.persona));

  const body = new BodyBudget(essentialWords(draft));
  // By priority: the details (what the advert is for), then the photos, then the tone.
  const middle = takeWhileFits(draft.details, body, contentCap);
  for (const extra of [draft.photos, draft.tone]) {
    if (extra !== undefined && body.fits(extra, contentCap)) middle.push(body.add(extra));
  }

  // Up to the asked length: the spec's other lines first (the product's own words), then generic copy.
  const enough = exactTokens ?? target - fillSlackWords;
  for (const note of brief.notes.map(sentence)) {
    if (body.words >= enough) break;
    if (body.fits(note, fillCap)) middle.push(body.add(note));
  }
  let previous: string | undefined;
  for (const filler of repeatForever(genericFillers)) {
    if (body.words >= enough) break;
    // A filler too long for the room left gives way to one that fits.
    const next = [filler, ...genericFillers].find((candidate) => candidate !== previous && body.fits(candidate, fillCap));
    if (next === undefined) break;
    middle.push((previous = body.add(next)));
  }
  if (exactTokens !== undefined) {
    while (body.words < exactTokens) middle.push(body.add(pickOne(random, oneWordFillers) ?? 'Truly.'));
  }

  const tokens = [...tokensOf(draft.headline, ''), ...tokensOf([draft.opening, ...middle, draft.callToAction].join(' '), '\n')];
  return exactTokens === undefined ? tokens : tokens.slice(0, exactTokens);
}

function fullDraft(brief: AdvertBrief, random: Random): Draft {
  const { productName: name } = brief;
  const pick = <T>(items: readonly T[]): T => pickOne(random, items) ?? items[0]!;
  return {
    headline: `${name}: ${pick(taglines)}`,
    opening: `For ${brief.persona}: ${pick(openings)(name)}`,
    details: brief.details.map((detail) =>
      detail.kind === 'pair' ? pick(pairPhrases)(detail.key, stripEnd(detail.value)) : pick(factPhrases)(stripEnd(detail.text)),
    ),
    ...(brief.imageCount > 0 ? { photos: pick(photoPhrases)(brief.imageCount) } : {}),
    ...(brief.tone === undefined ? {} : { tone: pick(tonePhrases)(brief.tone) }),
    callToAction: pick(callsToAction)(name),
  };
}

/** Few words around the details: the name as headline, `For <persona>:` leading into them. */
function compactDraft(brief: AdvertBrief, details: 'pairs' | 'values'): Draft {
  return {
    headline: brief.productName,
    opening: `For ${brief.persona}:`,
    details: brief.details.map((detail) => {
      if (detail.kind === 'fact') return `${stripEnd(detail.text)}.`;
      return details === 'pairs' ? `${detail.key}: ${stripEnd(detail.value)}.` : `${upperFirst(stripEnd(detail.value))}.`;
    }),
    ...(brief.imageCount > 0 ? { photos: brief.imageCount === 1 ? 'See the photo.' : `See the ${brief.imageCount} photos.` } : {}),
    ...(brief.tone === undefined ? {} : { tone: `${upperFirst(brief.tone)}.` }),
    callToAction: 'Get yours today.',
  };
}

function essentialWords(draft: Draft): number {
  return wordsIn(draft.headline) + wordsIn(draft.opening) + wordsIn(draft.callToAction);
}

/** Counts the words placed so far against a ceiling. */
class BodyBudget {
  constructor(public words: number) {}

  fits(sentence: string, ceiling: number): boolean {
    return this.words + wordsIn(sentence) <= ceiling;
  }

  add(sentence: string): string {
    this.words += wordsIn(sentence);
    return sentence;
  }
}

/** The leading sentences that fit: a cut falls at a sentence end, never inside one. */
function takeWhileFits(sentences: string[], body: BodyBudget, ceiling: number): string[] {
  const kept: string[] = [];
  for (const sentence of sentences) {
    if (!body.fits(sentence, ceiling)) break;
    kept.push(body.add(sentence));
  }
  return kept;
}

function* repeatForever<T>(items: readonly T[]): Generator<T> {
  for (;;) yield* items;
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function stripEnd(text: string): string {
  return text.replace(/[\s.,;:!?]+$/, '');
}

function wordsIn(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The first word after `separator` (none, or the newline that ends the headline), then ` word`s. */
function tokensOf(text: string, separator: string): string[] {
  return text.split(/\s+/).filter(Boolean).map((word, index) => (index === 0 ? `${separator}${word}` : ` ${word}`));
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Towing" -> "towing", but "USB ports" stays. */
function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Lu}/u.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}
