export { startPlayground, configForRequest } from './routes.js';
export type { Playground, PlaygroundOptions } from './routes.js';
export { buildPlaygroundBundle, PlaygroundBuildError } from './bundle.js';
export type { PlaygroundBundle } from './bundle.js';
export type { PlaygroundConfig, IssuedToken } from '../playground-config.js';
