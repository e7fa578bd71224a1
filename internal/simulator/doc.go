// Package simulator is an in-process ConnectWise PSA REST API (version 2025.8) that follows
// ../../shared/connectwise/API-NOTES.md and internal/DESIGN.md strictly: it rejects what the
// real API rejects, because a lenient fake hides client bugs.
//
// It is an independent implementation of the contract: it must not import the client
// (internal/connectwise), which is tested against it.
//
// Layout, one concern per file:
//
//	simulator.go      Simulator, Options, setters
//	server.go         API request pipeline (latency, throttle, faults, auth, dispatch)
//	routes.go         route table and matching
//	auth.go           Basic auth and clientId
//	security.go       permissions, 403, /system/mySecurity
//	respond.go        JSON responses and the error envelope
//	store.go          thread-safe in-memory store
//	dataset.go        Dataset, LoadDataset
//	lookups.go        DefaultLookups
//	demo.go           DemoData
//	conditions*.go    conditions parser and evaluator
//	query.go          paging, orderBy, fields, Link header
//	schema.go         embedded OpenAPI schemas
//	validate.go       request body validation
//	patch.go          PATCH operations
//	rules.go          per-kind business rules (references, duplicates, cancelled agreements)
//	billing_rules.go  addition rules from how the agreement bills (billing start, invoiced period, Bundle)
//	billing_period.go billing cycles, period boundaries, date parsing
//	invoice.go        Invoice, InvoicePreview: the billing rules
//	invoice_record.go InvoiceAgreement, Invoices
//	handlers.go       list/get/count/create/replace/patch/delete
//	system.go         /system/info and /login/companyinfo
//	throttle.go       429 windows
//	faults.go         fault injection and connection resets
//	counters.go       request counters
//	variants.go       switches for the details API-NOTES.md leaves unconfirmed
//	admin.go          admin endpoints
//	admin_invoice.go  admin invoice calls (invoice, preview, list)
//	listen.go         Start, StartTest, StartTestTLS
package simulator
