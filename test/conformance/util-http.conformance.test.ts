import { runPage } from './support/conformance.js';
import { utilHttpPage } from './pages/util-http.js';

runPage(utilHttpPage);
