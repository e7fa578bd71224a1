// Package provider is the Terraform provider: the provider block, three resources, a list
// resource, the data sources and the sync action. It talks to ConnectWise only through
// internal/connectwise, bills only through internal/billing and internal/usagesync, and
// reads what many resources share (companies, agreements, catalog items, setup tables)
// once per process through internal/provider/snapshot.
//
// Every resource follows one rule: <name>_resource.go holds its CRUD (and ModifyPlan),
// <name>_schema.go its schema, <name>_import.go ImportState and the identity,
// <name>_model.go its model and the one mapping from the ConnectWise object to it; other
// <name>_*.go files hold what only that resource uses. Tests sit beside the file they
// test; the suites that run the whole provider (bad_input_*, pipelines, examples,
// variants, docs_consistency) are named after what they check.
//
//	The provider
//	  provider.go              the provider, providerData (the client and the snapshot loaders)
//	  provider_config.go       the provider block; validators.go its credential and CA checks
//	  provider_connect.go      connecting (discovery, /system/info); Configure, embedded by
//	                           every data source (dataSourceData) and resource (resourceData)
//	  logging.go               the client's logs through tflog, the credentials masked
//
//	connectwise_integration
//	  integration_resource.go  CRUD (Create and Update are one step), ModifyPlan
//	  integration_schema.go    schema, and the name and defaults rules the mappings share
//	  integration_import.go    import by name, identity
//	  integration_model.go     model; defaults resolved against the setup tables
//	  integration_role.go      the least-privilege role and its messages
//
//	connectwise_product_mapping
//	  product_mapping_resource.go, _schema.go, _import.go, _model.go (as above; the
//	                                mapping models embed the sync's input models)
//	  product_mapping_plan.go       ModifyPlan: adopting an item, planning a created one
//	  product_mapping_catalog.go    writes to the catalog item (create, patch, deactivate)
//	  product_mapping_placement.go  subcategory, type and unit of a created item
//	  product_mapping_billing.go    currency, invoice description, product class, Bundle refusal
//
//	connectwise_customer_mapping (resource and list resource)
//	  customer_mapping_resource.go, _schema.go, _import.go, _model.go (as above; _model.go
//	                                also converts to and from Terraform values directly)
//	  customer_mapping_objects.go   the company and agreement a mapping names, read or peeked,
//	                                and their labels in messages
//	  customer_mapping_checks.go    plan errors of a new mapping, warnings of a skipped one
//	  customer_mapping_cycle.go     billing_cycle
//	  customer_mapping_list.go      the list resource; _candidates.go what it finds
//
//	Data sources
//	  <name>_data_source.go    one file each
//	  data_source_read.go      the steps every Read shares: config, one listing, one record
//	  data_source_helpers.go   filters, computed attributes, value conversions
//	  lookups.go               names or IDs of setup tables in attributes
//
//	The sync: connectwise_sync_usage and its dry run, connectwise_billing_reconciliation
//	  sync_inputs_schema.go    the shared inputs, declared once for both schemas
//	  sync_inputs.go           decoding and validation into one usagesync.Request
//	  sync_usage_action.go     the action; billing_reconciliation_data_source.go the dry run
//	  sync_report.go           the lines both show, and the action's run report
//	  shard_overlaps_data_source.go
//	                           connectwise_shard_overlaps, the guard across states: what
//	                           several states' syncs would bill wrongly (billing.ShardOverlaps),
//	                           each shard's mappings decoded as the sync decodes its inputs
//
//	Shared
//	  diagnostics.go           client errors as diagnostics (addClientError), once
//	  not_visible.go           what "not found" means under the API member's visibility
//	  text.go, numbers.go      the rules of text and number attributes, and conversions
package provider
