// Errors that stop synthesis: each names what is wrong and where.

export class InfraConfigError extends Error {
  override name = 'InfraConfigError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class SchemaMergeError extends Error {
  override name = 'SchemaMergeError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class ResolverWiringError extends Error {
  override name = 'ResolverWiringError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
