// JSON merge patch (RFC 7386): null deletes a key, objects merge, anything else replaces.
// Keys are data, never object machinery: a key "__proto__" (a facilitator can name a sector
// that) is written as an own property, so a patch cannot reach Object.prototype.
const own = (obj, key) => (Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined);

export function mergePatch(target, patch) {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result = (target && typeof target === 'object' && !Array.isArray(target)) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      if (Object.prototype.hasOwnProperty.call(result, key)) delete result[key];
    } else {
      Object.defineProperty(result, key, {
        value: mergePatch(own(result, key), value), enumerable: true, writable: true, configurable: true,
      });
    }
  }
  return result;
}
