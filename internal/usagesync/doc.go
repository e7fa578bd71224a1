// Package usagesync runs the billing sync against ConnectWise: it loads what the pure
// engine (package billing) needs with as few reads as the data allows, asks the engine for
// the changes, and applies them without ever creating a second addition.
//
// Reads: the agreements of all enabled customers in batched `id in (...)` list calls, then
// each active agreement's additions with one paged list (all products at once). Writes: a
// PATCH of only the owned fields that differ, or a POST. A POST that fails ambiguously (a
// timeout, a reset connection, a 5xx) is never repeated before the agreement's additions
// have been read again and show that it was not applied.
package usagesync
