// JSON merge patch (RFC 7386): null deletes a key, objects merge, anything else replaces.
export function mergePatch(target, patch) {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result = (target && typeof target === 'object' && !Array.isArray(target)) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}
