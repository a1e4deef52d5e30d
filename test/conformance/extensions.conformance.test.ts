import { runPage } from './support/conformance.js';
import { extensionsPage } from './pages/extensions.js';

runPage(extensionsPage);
