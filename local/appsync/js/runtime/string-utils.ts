// util.str: https://docs.aws.amazon.com/appsync/latest/devguide/str-helpers-in-util-str.html
// The JS runtime declares normalize; toUpper/toLower/toReplace come from the VTL page and are kept.
const FORMS = new Set(['NFC', 'NFD', 'NFKC', 'NFKD']);

export class InvalidNormalizationFormError extends Error {
  override name = 'InvalidNormalizationFormError';
}

export const stringUtils = {
  normalize: (value: string, normalizationType: string): string => {
    const form = String(normalizationType).toUpperCase();
    if (!FORMS.has(form)) throw new InvalidNormalizationFormError(`Unknown normalization form '${normalizationType}': use nfc, nfd, nfkc or nfkd`);
    return String(value).normalize(form);
  },
  toUpper: (value: string): string => String(value).toUpperCase(),
  toLower: (value: string): string => String(value).toLowerCase(),
  /** Replaces every occurrence of the literal `find`. */
  toReplace: (value: string, find: string, replacement: string): string => String(value).split(String(find)).join(String(replacement)),
};
