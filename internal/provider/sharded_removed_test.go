package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two shards in the static layout `terraform query -generate-config-out` writes (one
// connectwise_customer_mapping block per customer, examples/complete), each root with
// its own local state, both syncing against one simulator. There a customer moves out of a
// shard by a `removed` block with destroy = false, which examples/sharded's for_each cannot
// have (TestAccShardedExampleMove).

// staticShardOverride makes examples/complete's server product adopt the catalog item of
// examples/sharded/site.json instead of creating one, so that applying a shard writes
// nothing to ConnectWise and every shard bills the same two catalog items.
const staticShardOverride = `resource "connectwise_product_mapping" "server" {
  create_catalog_item     = null
  integration_defaults    = null
  catalog_item_identifier = "NL-DEDICATED-SERVER"
}
`

// newStaticShards writes the two static shard roots, examples/complete's main.tf and sync.tf
// with examples/sharded's customers and usage, and initializes them. customers.json stays
// beside customers.tf as the list the test renders customers.tf from (writeStaticCustomers).
func newStaticShards(t *testing.T, tf string) *shardedExample {
	t.Helper()
	srv, cli := newShardSite(t, tf)
	e := &shardedExample{t: t, srv: srv, root: filepath.Join(cli.dir, "static"), cli: cli,
		invoke: "action.connectwise_sync_usage.hourly"}
	for _, name := range []string{shardA, shardB} {
		if err := os.MkdirAll(e.dir(name), 0o700); err != nil {
			t.Fatal(err)
		}
		for _, file := range []string{"sharded/shards/" + name + "/customers.json", "sharded/shards/" + name + "/usage.json", "complete/main.tf", "complete/sync.tf"} {
			b, err := os.ReadFile(filepath.Join("..", "..", "examples", file))
			if err != nil {
				t.Fatal(err)
			}
			e.write(name, filepath.Base(file), string(b))
		}
		e.write(name, "product_override.tf", staticShardOverride)
		e.writeStaticCustomers(name, nil)
		e.shard(name).run("init", "-input=false", "-no-color")
	}
	return e
}

// staticMapping is the address of an organization's mapping in a static shard root.
func staticMapping(org string) string {
	return "connectwise_customer_mapping.customers_" + org[strings.LastIndexByte(org, '-')+1:]
}

// writeStaticCustomers writes a shard's customers.tf as a person keeps it after `terraform
// query`: one block per customer of its customers.json, the list the sync bills, a
// `removed` block (destroy = false) for each organization in removed, and an import block
// for each mapping in imports.
func (e *shardedExample) writeStaticCustomers(name string, removed []string, imports ...shardCustomer) {
	e.t.Helper()
	var b, list strings.Builder
	for _, c := range e.customers(name) {
		address := staticMapping(c.OrganizationID)
		fmt.Fprintf(&b, `resource "connectwise_customer_mapping" %q {
  integration_id    = connectwise_integration.nordlayer.id
  organization_id   = %q
  organization_name = %q
  company_id        = %d
  agreement_id      = %d
  sync_enabled      = true
  billing_cycle     = "Monthly"
}

`, strings.TrimPrefix(address, "connectwise_customer_mapping."), c.OrganizationID, c.OrganizationName, c.CompanyID, c.AgreementID)
		fmt.Fprintf(&list, "    %s,\n", address)
	}
	fmt.Fprintf(&b, "locals {\n  customers = [\n%s  ]\n}\n", list.String())
	for _, org := range removed {
		fmt.Fprintf(&b, "\nremoved {\n  from = %s\n\n  lifecycle {\n    destroy = false\n  }\n}\n", staticMapping(org))
	}
	for _, c := range imports {
		fmt.Fprintf(&b, "\nimport {\n  to = %s\n  id = \"NordLayer/%s/%d\"\n}\n", staticMapping(c.OrganizationID), c.OrganizationID, c.AgreementID)
	}
	e.write(name, "customers.tf", b.String())
}

// removeStatic moves org out of a static shard with a `removed` block: the plan says the
// mapping is no longer managed and destroys nothing, the apply writes nothing to ConnectWise
// (e.apply) and leaves the mapping out of the shard's state.
func (e *shardedExample) removeStatic(name, org string) shardCustomer {
	e.t.Helper()
	c := e.moveOut(name, org)
	e.writeStaticCustomers(name, []string{org})
	address := staticMapping(org)
	plan := e.plan(name)
	if !strings.Contains(plan, "# "+address+" will no longer be managed by Terraform, but will not be destroyed") || strings.Contains(plan, "will be destroyed") ||
		!strings.Contains(plan, "0 to destroy") {
		e.t.Errorf("%s's plan of the removed block should forget %s without destroying it:\n%s", name, address, plan)
	}
	if i := strings.Index(plan, "# "+address); i >= 0 {
		e.t.Logf("%s's plan of the removed block: %s", name, plan[i:])
	}
	out := e.apply(name)
	if !strings.Contains(out, "0 destroyed") || strings.Contains(out, "Destroying...") {
		e.t.Errorf("%s's apply of the removed block should destroy nothing:\n%s", name, out)
	}
	if i := strings.Index(out, "Apply complete!"); i >= 0 {
		e.t.Logf("%s's apply of the removed block: %s", name, strings.SplitAfter(out[i:], "destroyed.")[0])
	}
	if state := e.shard(name).run("state", "list"); strings.Contains(state, address+"\n") {
		e.t.Errorf("%s's state still holds %s:\n%s", name, address, state)
	}
	return c
}

// importStatic moves c into a static shard: its block, its place in the sync's list and an
// import block, applied ("1 imported"); then the import block is deleted, as a person
// would.
func (e *shardedExample) importStatic(name string, c shardCustomer) {
	e.t.Helper()
	e.setCustomers(name, append(e.customers(name), c))
	e.writeStaticCustomers(name, nil, c)
	if out := e.apply(name); !strings.Contains(out, "1 imported") {
		e.t.Errorf("%s's apply should import %s:\n%s", name, staticMapping(c.OrganizationID), out)
	}
	e.writeStaticCustomers(name, nil)
	if plan := e.plan(name); !strings.Contains(plan, "No changes.") {
		e.t.Errorf("%s's plan after the import should show no changes:\n%s", name, plan)
	}
}

// TestAccShardedMoveWithRemovedBlock: static shards (one block per mapping, as `terraform
// query` writes them) apply and sync side by side; a customer moved from A to B in the
// month, by a `removed` block (destroy = false) applied in A first and an import in B, is
// billed exactly once, by B from then on, and no other agreement changes. Then the wrong
// order: B imports a customer A still maps; both shards sync it and write the same
// addition, never a second one.
func TestAccShardedMoveWithRemovedBlock(t *testing.T) {
	tf := terraformAtLeast(t, "1.14.0")
	e := newStaticShards(t, tf)

	for _, name := range []string{shardA, shardB} {
		e.apply(name)
	}
	for _, name := range []string{shardA, shardB} {
		e.sync(name)
	}
	for _, c := range append(e.customers(shardA), e.customers(shardB)...) {
		e.billedOnce("first sync", c.AgreementID, e.usage(c.OrganizationID))
	}
	synced, counts := e.liveAdditions()

	// The move, in the right order: A's removed block applied first...
	moved := e.removeStatic(shardA, movedOrg)
	// ... then B's import.
	e.importStatic(shardB, moved)
	// The month goes on: the moved customer's usage grows; B bills it, A no longer does.
	e.syncAfterMove(synced, counts)

	// The wrong order: B imports a customer A still maps. Both shards sync it and write the
	// same addition: still billed once.
	e.importStatic(shardB, e.customer(shardA, wrongOrg))
	e.syncWhileBothMap()
	// A's removed block, late.
	e.removeStatic(shardA, wrongOrg)
}
