import { runPage } from './support/conformance.js';
import { utilMathPage } from './pages/util-math.js';

runPage(utilMathPage);
