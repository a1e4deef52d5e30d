import { runPage } from './support/conformance.js';
import { builtInUtilPage } from './pages/built-in-util.js';

runPage(builtInUtilPage);
