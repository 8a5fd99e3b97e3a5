// Names shared by the stack's terraform_data records and the plan review
// that reads them, so the two cannot drift (no cdktf import: the review
// loads this without the provider bindings).

/** Key of the code record's input that describes the bundle: `{ sha256, bytes }`. */
export const CODE_RECORD_KEY = "index.js";
