// Package billing is the pure sync engine of the usage push: given the customer mappings,
// the product mappings, the usage, the options and the current additions of each agreement,
// [Plan] returns the exact list of changes to make to ConnectWise agreement additions.
//
// The package reads nothing and writes nothing. An executor applies the changes (PATCH of
// the fields listed in [Change.Fields], POST of [Change.New]); the sync action reports them;
// the reconciliation data source shows them as lines. All three call [Plan] on the same
// input, so a dry run shows exactly what a real run writes.
//
// Billing correctness comes first: one addition per (agreement, catalog item); cancelled
// additions are ignored; two or more active additions for one product are a [Conflict]
// that nothing resolves by writing; missing usage is not zero; nothing is written to an
// agreement that is not active, to another company's agreement, or for a disabled
// customer; and planning again over the result of a plan writes nothing.
package billing
