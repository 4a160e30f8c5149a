// Numbers that the pages state to people and the models enforce: one place for both, importable
// from the browser bundle (unlike *.server modules, which are empty there).

/** Deleted evidence can be restored for this many days. */
export const TRASH_DAYS = 30;

/** The case page lists this many of each expectation's items (the newest) under it, and links to the
 *  expectation's own page for the rest: the page stays the same size however big the case grows. */
export const ITEMS_PER_EXPECTATION_ON_CASE_PAGE = 5;

/** An evidence draft nobody has touched for this many days is removed. */
export const DRAFT_DAYS = 30;

/** A draft larger than this (all its text together) is refused: the form's own limits are far below. */
export const DRAFT_MAX_CHARS = 200_000;
