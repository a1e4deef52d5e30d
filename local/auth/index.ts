export { createTokenIssuer, subForUsername, cognitoIssuerUrl } from './token-issuer.js';
export type { TokenIssuer, TokenIssuerOptions, IssueTokenOptions } from './token-issuer.js';
export { createCognitoVerifier, TokenRejectedError } from './cognito-verifier.js';
export type { CognitoVerifier, CognitoVerifierSettings, TokenRejection } from './cognito-verifier.js';
export { loadOrCreateSigningKey } from './signing-key.js';
export type { SigningKey } from './signing-key.js';
