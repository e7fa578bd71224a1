package provider

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// examples/sharded end to end, against one simulator: two shard roots (customers-a-m,
// customers-n-z) of the shard module, each with its own local state, the guard of each
// reading the other's state. The move of a customer between shards in the month must bill
// it exactly once, and the guard must name the agreement when the move is done in the
// wrong order.

const (
	shardA = "customers-a-m"
	shardB = "customers-n-z"
	// The customer that moves from A to B, in the right order, and the one moved in the
	// wrong order (B imports before A's removal is applied).
	movedOrg, movedAgreement = "nl-org-1009", 738
	wrongOrg, wrongAgreement = "nl-org-1008", 735
)

// shardedExample is a copy of examples/sharded whose shard roots keep their state locally:
// backend.tf left out, and the module's state setting pointed at the other roots' local
// state files by an override file, as the module's description of `state` says.
// Its roots are root/shards/<name>, each synced by invoking the action at invoke.
type shardedExample struct {
	t      *testing.T
	srv    *simulator.Server
	root   string
	cli    *terraformCLI
	invoke string
}

// newShardSite starts the simulator both shards' roots sync against, and the CLI (its
// directory empty) they run.
func newShardSite(t *testing.T, tf string) (*simulator.Server, *terraformCLI) {
	t.Helper()
	clearProviderEnv(t)
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 60)})
	setProviderEnv(t, srv.URL)
	// The conflict the demo data carries (two live additions of one item on an agreement)
	// is a person's to resolve before any sync: keep the first.
	resolveDuplicateAdditions(t, srv)
	return srv, newTerraformCLI(t, tf, "")
}

func newShardedExample(t *testing.T, tf string, actions bool) *shardedExample {
	t.Helper()
	srv, cli := newShardSite(t, tf)
	e := &shardedExample{t: t, srv: srv, root: copySharded(t, cli.dir, actions), cli: cli,
		invoke: "module.shard.action.connectwise_sync_usage.hourly"}
	for _, name := range []string{shardA, shardB} {
		if err := os.Remove(filepath.Join(e.dir(name), "backend.tf")); err != nil {
			t.Fatal(err)
		}
		e.write(name, "local_state_override.tf", shardedLocalState)
		e.shard(name).run("init", "-input=false", "-no-color")
	}
	return e
}

// copySharded copies examples/sharded into dir and returns the copy's path; without
// actions (Terraform < 1.14) the module's sync.tf is left out, as its comment says.
func copySharded(t *testing.T, dir string, actions bool) string {
	t.Helper()
	root := filepath.Join(dir, "sharded")
	if err := os.CopyFS(root, os.DirFS(filepath.Join("..", "..", "examples", "sharded"))); err != nil {
		t.Fatal(err)
	}
	if !actions {
		if err := os.Remove(filepath.Join(root, "shard", "sync.tf")); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// validateShardRoot validates one shard root of examples/sharded (TestAccExamplesValidate)
// in a copy of the whole example, as the root reaches ../../shard and ../../site.json. A
// Terraform built by make terraform-latest has no S3 backend (.ci/build-terraform.sh): there
// the root is validated without backend.tf, with the guard reading local states.
func validateShardRoot(t *testing.T, tf, dir string, actions bool) {
	t.Helper()
	cli := newTerraformCLI(t, tf, "")
	c := *cli
	c.dir = filepath.Join(copySharded(t, cli.dir, actions), "shards", filepath.Base(dir))
	if !actions {
		t.Log("shard/sync.tf declares actions, which need Terraform 1.14: validated without it")
	}
	out, code := c.exec("init", "-input=false", "-backend=false", "-no-color")
	if code == 0 {
		out, code = c.exec("validate", "-no-color")
	}
	if code != 0 && strings.Contains(out, `no backend type named "s3"`) {
		t.Logf("%s has no S3 backend: validated without backend.tf, the guard reading local states", tf)
		if err := os.Remove(filepath.Join(c.dir, "backend.tf")); err != nil {
			t.Fatal(err)
		}
		c.write("local_state_override.tf", shardedLocalState)
		c.run("init", "-input=false", "-backend=false", "-no-color")
		out, code = c.exec("validate", "-no-color")
	}
	if code != 0 {
		t.Fatalf("terraform validate of %s: exit code %d\n%s", dir, code, out)
	}
}

// shardedLocalState points the guard at the shard roots' local states.
const shardedLocalState = `module "shard" {
  state = {
    backend = "local"
    config  = { path = "../{shard}/terraform.tfstate" }
  }
}
`

// bootstrap applies the shards for the first time, the way a site starts sharding: each
// shard is applied once before it joins site.json's shards (a guard cannot read a state that
// does not exist yet), and site.json ends as committed, listing both.
func (e *shardedExample) bootstrap() {
	e.t.Helper()
	path := filepath.Join(e.root, "site.json")
	committed, err := os.ReadFile(path)
	if err != nil {
		e.t.Fatal(err)
	}
	listed := []string{}
	for _, name := range []string{shardA, shardB} {
		var site map[string]any
		if err := json.Unmarshal(committed, &site); err != nil {
			e.t.Fatal(err)
		}
		site["shards"] = listed
		b, err := json.Marshal(site)
		if err != nil {
			e.t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o600); err != nil {
			e.t.Fatal(err)
		}
		e.noOverlap("first apply of "+name, e.apply(name))
		listed = append(listed, name)
	}
	if err := os.WriteFile(path, committed, 0o600); err != nil {
		e.t.Fatal(err)
	}
}

func (e *shardedExample) dir(name string) string { return filepath.Join(e.root, "shards", name) }

// shard is the CLI working in one shard root, with the provider reattached.
func (e *shardedExample) shard(name string) *terraformCLI {
	c := *e.cli
	c.dir = e.dir(name)
	return &c
}

func (e *shardedExample) write(name, file, content string) {
	e.t.Helper()
	if err := os.WriteFile(filepath.Join(e.dir(name), file), []byte(content), 0o600); err != nil {
		e.t.Fatal(err)
	}
}

type shardCustomer struct {
	OrganizationID   string `json:"organization_id"`
	OrganizationName string `json:"organization_name,omitempty"`
	CompanyID        int    `json:"company_id"`
	AgreementID      int    `json:"agreement_id"`
}

func (e *shardedExample) customers(name string) []shardCustomer {
	var out []shardCustomer
	readJSONFile(e.t, filepath.Join(e.dir(name), "customers.json"), &out)
	return out
}

func (e *shardedExample) setCustomers(name string, customers []shardCustomer) {
	e.t.Helper()
	b, err := json.MarshalIndent(customers, "", "  ")
	if err != nil {
		e.t.Fatal(err)
	}
	e.write(name, "customers.json", string(b))
}

// moveOut takes org out of shard name's customers.json and returns its entry.
func (e *shardedExample) moveOut(name, org string) shardCustomer {
	e.t.Helper()
	c := e.customer(name, org)
	e.setCustomers(name, slices.DeleteFunc(e.customers(name), func(x shardCustomer) bool { return x.OrganizationID == org }))
	return c
}

// moveIn adds c to shard name's customers.json with an import block for its mapping.
func (e *shardedExample) moveIn(name string, c shardCustomer) {
	e.setCustomers(name, append(e.customers(name), c))
	e.write(name, "import-"+c.OrganizationID+".tf", fmt.Sprintf(`import {
  to = module.shard.connectwise_customer_mapping.all[%q]
  id = "NordLayer/%s/%d"
}
`, c.OrganizationID, c.OrganizationID, c.AgreementID))
}

// apply applies a shard's mappings, which writes nothing to ConnectWise, and returns the
// output with its white space folded (Terraform wraps warnings).
func (e *shardedExample) apply(name string) string {
	e.t.Helper()
	before := e.srv.Sim.Counters().Writes
	out := e.shard(name).run("apply", "-auto-approve", "-input=false", "-no-color")
	if w := e.srv.Sim.Counters().Writes - before; w != 0 {
		e.t.Errorf("applying the mappings of %s wrote %d times to ConnectWise: mappings are state-only", name, w)
	}
	return strings.Join(strings.Fields(out), " ")
}

// plan is a shard's plan, white space folded.
func (e *shardedExample) plan(name string) string {
	e.t.Helper()
	return strings.Join(strings.Fields(e.shard(name).run("plan", "-input=false", "-no-color")), " ")
}

// sync invokes a shard's hourly sync from its root, where its run report lands (the
// provider runs in this process: a relative report_path is relative to it).
func (e *shardedExample) sync(name string) string {
	e.t.Helper()
	e.t.Chdir(e.dir(name))
	out := e.shard(name).run("apply", "-auto-approve", "-input=false", "-no-color",
		"-invoke="+e.invoke)
	if !strings.Contains(out, "failed customers 0") {
		e.t.Errorf("%s: the sync's summary should show no failed customer:\n%s", name, out)
	}
	return out
}

// noOverlap fails unless the guard was quiet in out.
func (e *shardedExample) noOverlap(step, out string) {
	e.t.Helper()
	if strings.Contains(out, "Check block assertion failed") || strings.Contains(out, "is mapped in shards") {
		e.t.Errorf("%s: the guard reported an overlap:\n%s", step, out)
	}
}

// guardNames fails unless out holds the guard's check warning naming the agreement and
// both shards.
func (e *shardedExample) guardNames(step, out string, agreement int) {
	e.t.Helper()
	i := strings.Index(out, "Check block assertion failed")
	if i < 0 {
		e.t.Errorf("%s: the guard's check should warn:\n%s", step, out)
		return
	}
	check := out[i:]
	if j := strings.Index(check, "is list of object"); j > 0 {
		e.t.Logf("%s: the guard's check says: %.330s", step, check[j:])
	}
	for _, want := range []string{fmt.Sprintf("agreement %d ", agreement), shardA, shardB} {
		if !strings.Contains(check, want) {
			e.t.Errorf("%s: the guard's warning should name %q:\n%s", step, want, check)
		}
	}
}

// liveAdditions is each agreement's live (Active) additions per catalog item, with their
// quantities, and how many additions (live or not) each agreement has.
func (e *shardedExample) liveAdditions() (live map[additionKey][]float64, all map[int]int) {
	live, all = map[additionKey][]float64{}, map[int]int{}
	for _, a := range e.srv.Sim.Store().List("additions") {
		product, _ := a["product"].(map[string]any)
		key := additionKey{agreement: simulator.Int(a["agreementId"]), item: simulator.Int(product["id"])}
		all[key.agreement]++
		if a["agreementStatus"] == "Active" {
			live[key] = append(live[key], a["quantity"].(float64))
		}
	}
	return live, all
}

// billedOnce fails unless the agreement has exactly one live addition per SKU of usage
// above zero, with that quantity, and its invoice for the sync's period bills each once.
func (e *shardedExample) billedOnce(step string, agreement int, usage map[string]float64) {
	e.t.Helper()
	items := map[string]int{"core-license": 300, "dedicated-server": 302} // examples/sharded/site.json
	live, _ := e.liveAdditions()
	now := time.Now().UTC()
	if now.Day() == 1 { // a run on the 1st bills the month before
		now = now.AddDate(0, 0, -1)
	}
	inv, err := e.srv.Sim.InvoicePreview(agreement, time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		e.t.Fatal(err)
	}
	lines := map[int][]float64{}
	for _, l := range inv.Lines {
		lines[l.ProductID] = append(lines[l.ProductID], l.Quantity)
	}
	for sku, q := range usage {
		got := live[additionKey{agreement: agreement, item: items[sku]}]
		if q > 0 && (len(got) != 1 || got[0] != q) || q == 0 && len(got) > 1 {
			e.t.Errorf("%s: agreement %d %s: live additions with quantities %v, want one with %v", step, agreement, sku, got, q)
		}
		if q > 0 && !slices.Equal(lines[items[sku]], []float64{q}) {
			e.t.Errorf("%s: agreement %d %s: the invoice for %s bills %v, want once %v", step, agreement, sku, inv.PeriodStart.Format("2006-01"), lines[items[sku]], q)
		}
	}
	e.t.Logf("%s: agreement %d invoice for %s: %d lines, total %.2f, lines %v", step, agreement, inv.PeriodStart.Format("2006-01"), len(inv.Lines), inv.Total, lines)
}

func (e *shardedExample) usage(org string) map[string]float64 {
	var usage map[string]map[string]float64
	readJSONFile(e.t, filepath.Join(e.dir(shardA), "usage.json"), &usage)
	return usage[org]
}

// setUsage writes the same export into both shards, as the pipeline's export step does.
func (e *shardedExample) setUsage(org string, usage map[string]float64) {
	e.t.Helper()
	var all map[string]map[string]float64
	readJSONFile(e.t, filepath.Join(e.dir(shardA), "usage.json"), &all)
	all[org] = usage
	b, err := json.Marshal(all)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, name := range []string{shardA, shardB} {
		e.write(name, "usage.json", string(b))
	}
}

// customer is org's entry in shard name's customers.json.
func (e *shardedExample) customer(name, org string) shardCustomer {
	e.t.Helper()
	list := e.customers(name)
	i := slices.IndexFunc(list, func(c shardCustomer) bool { return c.OrganizationID == org })
	if i < 0 {
		e.t.Fatalf("%s does not map %s", name, org)
	}
	return list[i]
}

// syncAfterMove: movedOrg has moved from A to B and the month goes on. Its usage grows: B
// bills it, A no longer does, and a second round of both shards' syncs writes nothing. Its
// agreement bills the new usage once, and no other agreement changed since the first sync
// (synced, counts: e.liveAdditions then).
func (e *shardedExample) syncAfterMove(synced map[additionKey][]float64, counts map[int]int) {
	e.t.Helper()
	newUsage := map[string]float64{"core-license": 23, "dedicated-server": 1}
	e.setUsage(movedOrg, newUsage)
	e.srv.Sim.ResetCounters()
	outA, outB := e.sync(shardA), e.sync(shardB)
	if line := movedOrg + " ("; strings.Contains(outA, line) || !strings.Contains(outB, line) { // the progress lines
		e.t.Errorf("after the move only B should sync %s:\nA: %s\nB: %s", movedOrg, outA, outB)
	}
	if w := e.srv.Sim.Counters().Writes; w != 1 {
		e.t.Errorf("the syncs after the move wrote %d times, want 1 (the moved customer's new quantity)", w)
	}
	e.srv.Sim.ResetCounters()
	for _, name := range []string{shardA, shardB} {
		e.sync(name) // once more: nothing left to write
	}
	if w := e.srv.Sim.Counters().Writes; w != 0 {
		e.t.Errorf("a second sync after the move wrote %d times", w)
	}
	e.billedOnce("after the move", movedAgreement, newUsage)
	live, all := e.liveAdditions()
	for key, q := range live {
		if key.agreement != movedAgreement && !slices.Equal(q, synced[key]) {
			e.t.Errorf("agreement %d item %d changed from %v to %v: only the moved customer's may", key.agreement, key.item, synced[key], q)
		}
	}
	for agreement, n := range all {
		if n != counts[agreement] {
			e.t.Errorf("agreement %d has %d additions, had %d after the first sync: the move created one", agreement, n, counts[agreement])
		}
	}
}

// syncWhileBothMap: both shards map wrongOrg. Its usage changes: A's sync writes the new
// quantity, B's finds the same addition already right; a second round writes nothing; its
// agreement bills the new usage once and has no addition more.
func (e *shardedExample) syncWhileBothMap() {
	e.t.Helper()
	_, before := e.liveAdditions()
	wrongUsage := map[string]float64{"core-license": 16, "dedicated-server": 0}
	e.setUsage(wrongOrg, wrongUsage)
	for round, want := range []int{1, 0} {
		e.srv.Sim.ResetCounters()
		for _, name := range []string{shardA, shardB} {
			if out := e.sync(name); !strings.Contains(out, wrongOrg+" (") && round == 0 && name == shardA {
				e.t.Errorf("A's sync should update %s:\n%s", wrongOrg, out)
			}
		}
		if w := e.srv.Sim.Counters().Writes; w != want {
			e.t.Errorf("round %d of both shards' syncs with %s in both: %d writes, want %d", round+1, wrongOrg, w, want)
		}
	}
	e.billedOnce("both shards syncing one agreement", wrongAgreement, wrongUsage)
	if _, after := e.liveAdditions(); after[wrongAgreement] != before[wrongAgreement] {
		e.t.Errorf("agreement %d: %d additions after both shards synced it, %d before", wrongAgreement, after[wrongAgreement], before[wrongAgreement])
	}
}

// TestAccShardedExampleMove: the shards apply and sync side by side; a customer moved from
// A to B in the month (A's removal applied first, then B's import) is billed exactly once,
// by B from then on, and no other agreement changes; the guard stays quiet throughout. Then
// the wrong order: B imports a customer A still maps, the guard names the agreement and
// both shards in B's plan, and syncs of both shards in that state still bill it once.
func TestAccShardedExampleMove(t *testing.T) {
	tf := terraformAtLeast(t, "1.14.0")
	e := newShardedExample(t, tf, true)

	e.bootstrap()
	for _, name := range []string{shardA, shardB} {
		e.noOverlap("plan of "+name, e.plan(name))
		e.sync(name)
	}
	for _, c := range append(e.customers(shardA), e.customers(shardB)...) {
		e.billedOnce("first sync", c.AgreementID, e.usage(c.OrganizationID))
	}
	synced, counts := e.liveAdditions()

	// The move, in the right order: A's removal applied first (a plain destroy of the
	// mapping, which writes nothing: `removed` cannot name one instance of a for_each)...
	moved := e.moveOut(shardA, movedOrg)
	out := e.plan(shardA)
	if !strings.Contains(out, fmt.Sprintf(`module.shard.connectwise_customer_mapping.all["%s"] will be destroyed`, movedOrg)) {
		t.Errorf("A's plan should destroy the moved mapping:\n%s", out)
	}
	e.noOverlap("A's removal", e.apply(shardA))
	// ... a sync in between bills the others, and leaves the moved customer's additions as
	// they are: it is mapped nowhere for that moment, not unbilled.
	for _, name := range []string{shardA, shardB} {
		e.sync(name)
	}
	e.billedOnce("between the removal and the import", movedAgreement, e.usage(movedOrg))
	// ... then B's import, with a pull request's plan first.
	e.moveIn(shardB, moved)
	e.noOverlap("B's plan of the import", e.plan(shardB))
	out = e.apply(shardB)
	e.noOverlap("B's import", out)
	if !strings.Contains(out, "1 imported") {
		t.Errorf("B's apply should import the moved mapping:\n%s", out)
	}
	// The month goes on: the moved customer's usage grows; B bills it, A no longer does.
	e.syncAfterMove(synced, counts)
	for _, name := range []string{shardA, shardB} {
		e.noOverlap("plan of "+name+" after the move", e.plan(name))
	}

	// The wrong order: B imports a customer before A's removal is applied. B's plan names
	// the agreement and both shards; applied anyway, both shards sync it, and write the same
	// addition: still billed once.
	e.moveIn(shardB, e.customer(shardA, wrongOrg))
	e.guardNames("B's plan before A's removal", e.plan(shardB), wrongAgreement)
	e.guardNames("B's apply before A's removal", e.apply(shardB), wrongAgreement)
	e.guardNames("A's plan while both map it", e.plan(shardA), wrongAgreement)
	e.syncWhileBothMap()
	// A's removal, late: the guard is quiet again.
	e.moveOut(shardA, wrongOrg)
	e.noOverlap("A's late removal", e.apply(shardA))
	e.noOverlap("B's plan after A's late removal", e.plan(shardB))
}

// TestAccShardedExampleGuard: two shards that map the same agreement. The guard needs no
// action, so it runs on every Terraform the provider supports (without the module's
// sync.tf below 1.14, as its comment says).
func TestAccShardedExampleGuard(t *testing.T) {
	tf := terraformAtLeast(t, "1.11.0")
	actions := terraformVersionAtLeast(t, tf, "1.14.0")
	e := newShardedExample(t, tf, actions)
	e.bootstrap()
	e.noOverlap("B's plan", e.plan(shardB))
	// A pull request maps A's first customer in B too: B's plan names the agreement and
	// both shards, before anything is applied.
	first := e.customers(shardA)[0]
	first.OrganizationID = "nl-org-2001" // a second organization on the same agreement
	e.setCustomers(shardB, append(e.customers(shardB), first))
	e.guardNames("B's plan", e.plan(shardB), first.AgreementID)
	// What ../github-actions/mappings.yml fails the pull request on: the check's status in
	// the saved plan (`terraform show -json`), not the log's text.
	if got := e.checkStatus(shardB); got != "fail" {
		t.Errorf("the saved plan's check %s has status %q, want fail", shardedCheck, got)
	}
	e.setCustomers(shardB, e.customers(shardB)[:len(e.customers(shardB))-1])
	if got := e.checkStatus(shardB); got != "pass" {
		t.Errorf("without the overlap the saved plan's check %s has status %q, want pass", shardedCheck, got)
	}
}

// shardedCheck is the guard's check block, as the mappings workflow finds it in a plan.
const shardedCheck = "module.shard.check.each_customer_in_one_shard"

// checkStatus is the status of the guard's check in a shard's saved plan, as
// `terraform show -json` reports it ("" when it is not there).
func (e *shardedExample) checkStatus(name string) string {
	e.t.Helper()
	c := e.shard(name)
	c.run("plan", "-input=false", "-no-color", "-out=plan.tfplan")
	var plan struct {
		Checks []struct {
			Address struct {
				ToDisplay string `json:"to_display"`
			} `json:"address"`
			Status string `json:"status"`
		} `json:"checks"`
	}
	out := c.run("show", "-json", "plan.tfplan")
	if err := json.Unmarshal([]byte(out[strings.IndexByte(out, '{'):]), &plan); err != nil {
		e.t.Fatalf("terraform show -json: %v", err)
	}
	for _, check := range plan.Checks {
		if check.Address.ToDisplay == shardedCheck {
			return check.Status
		}
	}
	return ""
}

// The sharded example's workflows and files agree (no CLI needed): the matrices list the
// shards of site.json and shards/; both workflows split one site budget the same way, and
// every job that may call the site at once is counted in it (the sync's max-parallel is
// TF_VAR_shards_at_once, the mappings jobs' max-parallel add up to
// TF_VAR_mapping_jobs_at_once, one run at a time per workflow and kind, whatever the branch,
// pull request or manual input); the month-end run has a group of its own, which a manual
// month_end run shares; one shard never runs two sync jobs of a kind at once; the mappings
// workflow runs no preview (sync-sized); the month-end schedule runs on the 1st and selects
// month_end, the invoked actions are the module's, their reports are kept, credentials come
// from secrets, and the module's sync_mappings carries exactly the action's attributes.
func TestShardedExampleWorkflows(t *testing.T) {
	const dir = "../sharded" // beside pipelinesDir
	var site struct {
		Shards []string `json:"shards"`
	}
	readJSONFile(t, filepath.Join(pipelinesDir, dir, "site.json"), &site)
	roots, err := filepath.Glob(filepath.Join(pipelinesDir, dir, "shards", "*", "main.tf"))
	if err != nil || len(roots) != len(site.Shards) {
		t.Fatalf("shards/ holds %d roots, site.json lists %v: %v", len(roots), site.Shards, err)
	}
	module, err := os.ReadFile(filepath.Join(pipelinesDir, dir, "shard", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	checkSyncAttributeLists(t, "sharded/shard/main.tf", string(module))
	sync, err := os.ReadFile(filepath.Join(pipelinesDir, dir, "shard", "sync.tf"))
	if err != nil {
		t.Fatal(err)
	}
	var monthEnd string
	budget := map[string]map[string]any{}
	const monthEndGroup = `(github.event.schedule == '5 0 1 * *' || inputs.action == 'month_end') && 'month-end' || 'hourly'`
	for _, name := range []string{"mappings.yml", "billing-sync.yml"} {
		doc, text := readYAML(t, filepath.Join(dir, "github-actions", name))
		env := m(doc["env"])
		checkWorkflowCredentials(t, name, env)
		budget[name] = map[string]any{}
		for k, v := range env {
			if strings.HasPrefix(k, "TF_VAR_") && k != "TF_VAR_job" {
				budget[name][k] = v
			}
		}
		wantJob := map[string]string{"mappings.yml": "mappings", "billing-sync.yml": "sync"}[name]
		if env["TF_VAR_job"] != wantJob {
			t.Errorf("%s: TF_VAR_job %v, want %q (which share of the budget its jobs take)", name, env["TF_VAR_job"], wantJob)
		}
		group, _ := m(doc["concurrency"])["group"].(string)
		switch {
		case name == "mappings.yml" && (group != "mappings-${{ github.event_name }}"):
			t.Errorf("mappings.yml: want one run at a time per event for all branches and pull requests, got group %q", group)
		case name == "billing-sync.yml" && !strings.Contains(group, monthEndGroup):
			t.Errorf("billing-sync.yml: want one run at a time of the hourly runs, manual runs and previews, and one of the month-end run, got group %q", group)
		}
		if name == "mappings.yml" && strings.Contains(text, "-invoke=") {
			t.Errorf("mappings.yml invokes an action: a preview reads every agreement's additions, more than a mappings job's share")
		}
		mappingJobs := 0
		for _, m := range regexp.MustCompile(`-invoke="?module\.shard\.action\.connectwise_sync_usage\.\$?([a-z_]+)`).FindAllStringSubmatch(text, -1) {
			if m[1] != "action" && !strings.Contains(string(sync), `"connectwise_sync_usage" "`+m[1]+`"`) {
				t.Errorf("%s invokes %q, which shard/sync.tf does not declare", name, m[1])
			}
		}
		for jobName, j := range m(doc["jobs"]) {
			job := m(j)
			strategy := m(job["strategy"])
			var shards []string
			for _, s := range yamlList(m(strategy["matrix"])["shard"]) {
				shards = append(shards, s.(string))
			}
			if !slices.Equal(shards, site.Shards) {
				t.Errorf("%s job %s: matrix %v, site.json's shards %v", name, jobName, shards, site.Shards)
			}
			if name == "billing-sync.yml" && fmt.Sprint(strategy["max-parallel"]) != env["TF_VAR_shards_at_once"] {
				t.Errorf("%s job %s: max-parallel %v, TF_VAR_shards_at_once %v: each shard's share assumes they are equal", name, jobName, strategy["max-parallel"], env["TF_VAR_shards_at_once"])
			}
			if name == "mappings.yml" {
				n, err := strconv.Atoi(fmt.Sprint(strategy["max-parallel"]))
				if err != nil {
					t.Errorf("%s job %s: max-parallel %v: want a number", name, jobName, strategy["max-parallel"])
				}
				mappingJobs += n
			}
			var runs strings.Builder
			for _, s := range yamlList(job["steps"]) {
				step := m(s)
				if r, ok := step["run"].(string); ok {
					runs.WriteString(r + "\n")
				}
				if uses, _ := step["uses"].(string); strings.HasPrefix(uses, "hashicorp/setup-terraform@") {
					atLeast114(t, name+" job "+jobName, m(step["with"])["terraform_version"].(string))
				}
				if uses, _ := step["uses"].(string); strings.HasPrefix(uses, "actions/upload-artifact@") && name == "billing-sync.yml" {
					kept := strings.ReplaceAll(m(step["with"])["path"].(string), "${{ matrix.shard }}", "x")
					for _, r := range regexp.MustCompile(`report_path\s*=\s*"([^"]+)"`).FindAllStringSubmatch(string(sync), -1) {
						if ok, _ := filepath.Match(kept, "shards/x/"+r[1]); !ok {
							t.Errorf("%s job %s keeps no artifact matching %s", name, jobName, r[1])
						}
					}
				}
			}
			if strings.Contains(runs.String(), "terraform apply") && !strings.Contains(runs.String(), "-lock-timeout=") {
				t.Errorf("%s job %s: applies should wait for the shard's state lock (-lock-timeout)", name, jobName)
			}
			if name == "billing-sync.yml" {
				group, _ := m(job["concurrency"])["group"].(string)
				if !strings.Contains(group, "matrix.shard") || !strings.Contains(group, monthEndGroup) {
					t.Errorf("billing-sync.yml: want one concurrency group per shard and kind (hourly or month-end), got %q", group)
				}
				if s := regexp.MustCompile(`schedule }}" = "([^"]+)" \]; then action=month_end`).FindStringSubmatch(runs.String()); s != nil {
					monthEnd = s[1]
				}
			}
		}
		if name == "mappings.yml" && fmt.Sprint(mappingJobs) != env["TF_VAR_mapping_jobs_at_once"] {
			t.Errorf("mappings.yml: its jobs' max-parallel add up to %d, TF_VAR_mapping_jobs_at_once %v: each mappings job's share assumes they are equal", mappingJobs, env["TF_VAR_mapping_jobs_at_once"])
		}
	}
	if !maps.Equal(budget["mappings.yml"], budget["billing-sync.yml"]) || len(budget["mappings.yml"]) != 4 {
		t.Errorf("the workflows split the site budget differently: mappings.yml %v, billing-sync.yml %v", budget["mappings.yml"], budget["billing-sync.yml"])
	}
	sched, _ := readYAML(t, filepath.Join(dir, "github-actions", "billing-sync.yml"))
	var crons []string
	for _, s := range yamlList(m(sched["on"])["schedule"]) {
		crons = append(crons, m(s)["cron"].(string))
	}
	if !slices.Contains(crons, monthEnd) || !regexp.MustCompile(`^\d+ \d+ 1 \* \*$`).MatchString(monthEnd) || !strings.Contains(monthEndGroup, "'"+monthEnd+"'") {
		t.Errorf("billing-sync.yml: the month-end run %q should be one of its schedules %v, on the 1st", monthEnd, crons)
	}
}
