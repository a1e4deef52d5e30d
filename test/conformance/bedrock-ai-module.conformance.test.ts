import { runPage } from './support/conformance.js';
import { bedrockAiModulePage } from './pages/bedrock-ai-module.js';

runPage(bedrockAiModulePage);
