// Package usagesync runs the billing sync against ConnectWise: it loads what the pure
// engine (package billing) needs with as few reads as the data allows, asks the engine for
// the changes, and applies them without ever creating a second addition.
//
// Reads: the agreements and companies of all enabled customers and the catalog items of
// the products, in batched `id in (...)` list calls, then each active agreement's
// additions with one paged list (all products at once). The engine decides from these
// what is billable (a company in the recycle bin, a missing or inactive catalog item, an
// agreement outside the billing period are skipped before any write). Writes: a PATCH of
// only the owned fields that differ, or a POST. A POST that fails ambiguously (a timeout, a
// reset connection, a 5xx) is never repeated before the agreement's additions have been
// read again and show that it was not applied. After every create the product's additions
// are read back: when another run created the same addition at the same time, the lowest
// ID is kept and the others get cancelledDate = their effective date (an Edit; they never
// bill), reported in Outcome.Ended, a progress line and the summary line.
package usagesync
