// Plain constants the web app needs at run time, in a module without zod, so importing one does
// not pull every schema into the public report's script (bench:report-page).

/** The longest note a development target may carry (a sentence or two for the minutes). */
export const IMPROVEMENT_NOTE_MAX = 500;
