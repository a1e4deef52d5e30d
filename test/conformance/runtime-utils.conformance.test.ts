import { runPage } from './support/conformance.js';
import { runtimeUtilsPage } from './pages/runtime-utils.js';

runPage(runtimeUtilsPage);
