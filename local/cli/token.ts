// `npm run token -- <username> [group,...]`: prints a Cognito-style ID token the
// sandbox accepts (signed with the sandbox's key in .sandbox/).
import { resolve } from 'node:path';
import { createTokenIssuer } from '../auth/index.js';
import { SANDBOX_REGION, SANDBOX_USER_POOL_CLIENT_ID, SANDBOX_USER_POOL_ID } from '../sandbox/constants.js';

const [username, groups] = process.argv.slice(2);
if (!username) {
  console.error('usage: npm run token -- <username> [group1,group2]');
  process.exit(2);
}
const issuer = await createTokenIssuer({
  keyDirectory: resolve(process.env.SANDBOX_DIR ?? '.sandbox'),
  region: SANDBOX_REGION,
  userPoolId: SANDBOX_USER_POOL_ID,
  clientId: SANDBOX_USER_POOL_CLIENT_ID,
});
console.log(await issuer.issueIdToken({ username, ...(groups ? { groups: groups.split(',') } : {}) }));
