// Sizes text as it travels: JSON-encoded (quotes excluded) and UTF-8 bytes, which is what
// counts against AppSync's 240 KB subscription payload limit.

/** Upper bound of a chunk's encoded text: far below 240 KB, leaving room for the other fields. */
export const MAX_CHUNK_TEXT_BYTES = 64 * 1024;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Encoded size of the code unit at `index`, and how many code units it spans (2 for a surrogate pair). */
function unitSize(text: string, index: number): { bytes: number; units: 1 | 2 } {
  const code = text.charCodeAt(index);
  if (code === 0x22 || code === 0x5c) return { bytes: 2, units: 1 }; // \" and \\
  if (code < 0x20) return { bytes: code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d ? 2 : 6, units: 1 };
  if (code < 0x80) return { bytes: 1, units: 1 };
  if (code < 0x800) return { bytes: 2, units: 1 };
  if (isHighSurrogate(code) && index + 1 < text.length && isLowSurrogate(text.charCodeAt(index + 1))) return { bytes: 4, units: 2 };
  if (isHighSurrogate(code) || isLowSurrogate(code)) return { bytes: 6, units: 1 }; // a lone surrogate is escaped as \uXXXX
  return { bytes: 3, units: 1 };
}

/** Bytes of JSON.stringify(text) in UTF-8, minus the two quotes. */
export function jsonEncodedSize(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; ) {
    const unit = unitSize(text, index);
    bytes += unit.bytes;
    index += unit.units;
  }
  return bytes;
}

/**
 * Splits off the longest prefix whose encoded size is at most maxBytes, never between the two
 * halves of a surrogate pair. The head is non-empty whenever text is (one character always fits
 * a sane limit).
 */
export function splitByEncodedSize(text: string, maxBytes: number): { head: string; rest: string; headBytes: number } {
  let bytes = 0;
  let index = 0;
  while (index < text.length) {
    const unit = unitSize(text, index);
    if (bytes + unit.bytes > maxBytes && index > 0) break;
    bytes += unit.bytes;
    index += unit.units;
  }
  return { head: text.slice(0, index), rest: text.slice(index), headBytes: bytes };
}
