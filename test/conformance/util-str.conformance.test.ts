import { runPage } from './support/conformance.js';
import { utilStrPage } from './pages/util-str.js';

runPage(utilStrPage);
