import { runPage } from './support/conformance.js';
import { rdsModulePage } from './pages/rds-module.js';

runPage(rdsModulePage);
