// Numbers that the pages state to people and the models enforce: one place for both, importable
// from the browser bundle (unlike *.server modules, which are empty there).

/** Deleted evidence can be restored for this many days. */
export const TRASH_DAYS = 30;
