import { runPage } from './support/conformance.js';
import { utilTimePage } from './pages/util-time.js';

runPage(utilTimePage);
