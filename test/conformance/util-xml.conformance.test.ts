import { runPage } from './support/conformance.js';
import { utilXmlPage } from './pages/util-xml.js';

runPage(utilXmlPage);
