import { runPage } from './support/conformance.js';
import { utilTransformPage } from './pages/util-transform.js';

runPage(utilTransformPage);
