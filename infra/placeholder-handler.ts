/** Stands in for a function entry that does not exist yet, only in synths that skip bundling. */
export function handler(): never {
  throw new Error('This function was synthesized without its code (bundling skipped)');
}
