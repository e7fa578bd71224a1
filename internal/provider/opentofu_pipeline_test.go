package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// The OpenTofu pipeline (examples/pipelines/opentofu) end to end, against a simulator: OpenTofu
// applies the mappings module (an empty second plan, the reconciliation's check warning
// about what is not billed yet), the job hands the applied mappings over with
// `tofu output -json sync_mappings > sync/mappings.json`, and Terraform >= 1.14 runs the
// sync module's action with `apply -invoke`. The sync must bill exactly the customers the
// OpenTofu state maps, and the next OpenTofu plan must find billing in sync.
//
// It needs both CLIs: OpenTofu from TF_ACC_TERRAFORM_PATH, OPENTOFU_PATH or `tofu` on PATH,
// and Terraform 1.14 or later from TERRAFORM_LATEST_PATH, TF_ACC_TERRAFORM_PATH or
// `terraform` on PATH. make testacc-opentofu names both.
func TestAccOpenTofuPipeline(t *testing.T) {
	tofu, tf := pipelineCLIs(t)
	clearProviderEnv(t)
	srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 60)})
	// The provider runs in this process (reattached), so the job's CONNECTWISE_* variables
	// are this process's.
	setProviderEnv(t, srv.URL)
	example, err := filepath.Abs(filepath.Join("..", "..", "examples", "pipelines", "opentofu"))
	if err != nil {
		t.Fatal(err)
	}

	// The mappings, on OpenTofu.
	mappings := exampleModule(t, tofu, filepath.Join(example, "mappings"))
	mappings.run("init", "-input=false", "-no-color")
	mappings.run("validate", "-no-color")
	mappings.run("apply", "-auto-approve", "-input=false", "-no-color")
	out, code := mappings.exec("plan", "-input=false", "-no-color", "-detailed-exitcode")
	if code != 0 {
		t.Fatalf("%s: the second plan should be empty (exit code %d)\n%s", tofu, code, out)
	}
	if !strings.Contains(out, "Check block assertion failed") || !strings.Contains(out, "org-1002") {
		t.Errorf("before the sync the reconciliation should warn about what is not billed yet:\n%s", out)
	}

	// The sync module is what OpenTofu cannot read: it holds the actions.
	sync := exampleModule(t, tf, filepath.Join(example, "sync"))
	rejected := exec.Command(tofu.path, "-chdir="+sync.dir, "validate", "-no-color")
	rejected.Env = mappings.env
	if b, err := rejected.CombinedOutput(); err == nil || !strings.Contains(string(b), "Unsupported block type") {
		t.Errorf("%s should refuse the sync module's action blocks (Unsupported block type): %v\n%s", tofu, err, b)
	}

	// The hand-over: the mappings as the OpenTofu state holds them.
	handover := mappings.run("output", "-json", "sync_mappings")
	if i := strings.IndexByte(handover, '{'); i > 0 {
		handover = handover[i:] // a CLI warning before the JSON, if any
	}
	var applied struct {
		Customers []map[string]any `json:"customers"`
		Products  []map[string]any `json:"products"`
	}
	if err := json.Unmarshal([]byte(handover), &applied); err != nil {
		t.Fatalf("tofu output -json sync_mappings: %v\n%s", err, handover)
	}
	var want map[string]struct {
		AgreementID int `json:"agreement_id"`
	}
	readJSONFile(t, filepath.Join(example, "mappings", "customers.json"), &want)
	mapped := map[int]bool{} // agreements the OpenTofu state maps
	for _, c := range applied.Customers {
		mapped[simulator.Int(c["agreement_id"])] = true
		if _, ok := want[fmt.Sprint(c["organization_id"])]; !ok {
			t.Errorf("the hand-over maps %v, which customers.json does not", c["organization_id"])
		}
	}
	if len(applied.Customers) != len(want) || len(applied.Products) != 2 {
		t.Fatalf("the hand-over holds %d customers and %d products, want %d and 2:\n%s", len(applied.Customers), len(applied.Products), len(want), handover)
	}
	sync.write("mappings.json", handover)

	// What a person does about the conflict the plan reported (two active additions of one
	// item on an agreement in the demo data): keep the first.
	resolveDuplicateAdditions(t, srv)
	before := activeAdditions(srv)
	srv.Sim.ResetCounters()

	// The sync, on Terraform. The provider runs in this process, so the action's relative
	// report_path is relative to this process's directory, which a job's provider shares
	// with the CLI: the sync module's.
	t.Chdir(sync.dir)
	sync.run("init", "-input=false", "-no-color")
	sync.run("validate", "-no-color")
	sync.run("apply", "-auto-approve", "-input=false", "-no-color", "-invoke=action.connectwise_sync_usage.preview")
	if w := srv.Sim.Counters().Writes; w != 0 {
		t.Fatalf("the dry run wrote %d times", w)
	}
	out = sync.run("apply", "-auto-approve", "-input=false", "-no-color", "-lock-timeout=1m", "-invoke=action.connectwise_sync_usage.hourly")
	if !strings.Contains(out, "failed customers 0") {
		t.Errorf("the sync's summary should show no failed customer:\n%s", out)
	}

	// Billed: exactly the agreements the OpenTofu state maps, with the usage's quantities.
	var usage map[string]map[string]float64
	readJSONFile(t, filepath.Join(example, "sync", "usage.json"), &usage)
	items := map[string]int{}
	for _, p := range applied.Products {
		items[fmt.Sprint(p["vendor_sku"])] = simulator.Int(p["catalog_item_id"])
	}
	after := activeAdditions(srv)
	for key, q := range after {
		if before[key] != q && !mapped[key.agreement] {
			t.Errorf("the sync billed agreement %d, which the OpenTofu state does not map", key.agreement)
		}
	}
	for _, c := range applied.Customers {
		for sku, q := range usage[fmt.Sprint(c["organization_id"])] {
			key := additionKey{agreement: simulator.Int(c["agreement_id"]), item: items[sku]}
			if after[key] != q {
				t.Errorf("%v %s: agreement %d billed %v, want %v", c["organization_id"], sku, key.agreement, after[key], q)
			}
		}
	}
	if w := srv.Sim.Counters().Writes; w == 0 {
		t.Error("the sync wrote nothing")
	}
	if _, err := os.Stat(filepath.Join(sync.dir, "sync-report.json")); err != nil {
		t.Errorf("the run report: %v", err)
	}

	// The next OpenTofu plan: nothing to change, billing in sync.
	out, code = mappings.exec("plan", "-input=false", "-no-color", "-detailed-exitcode")
	if code != 0 || strings.Contains(out, "Check block assertion failed") {
		t.Errorf("after the sync the plan should be empty and in sync (exit code %d):\n%s", code, out)
	}

	// Drift: an agreement cancelled in ConnectWise warns, and the plan stays empty (the
	// hand-over output carries no attribute that a refresh changes).
	if err := srv.Sim.Store().Update("agreements", 716, map[string]any{"agreementStatus": "Cancelled", "cancelledFlag": true}); err != nil {
		t.Fatal(err)
	}
	out, code = mappings.exec("plan", "-input=false", "-no-color", "-detailed-exitcode")
	if code != 0 || !strings.Contains(out, `Usage sync skips organization "org-1002"`) {
		t.Errorf("a cancelled agreement should warn in an empty plan (exit code %d):\n%s", code, out)
	}
}

// pipelineCLIs finds OpenTofu and a Terraform that runs actions, or skips naming what is
// missing.
func pipelineCLIs(t *testing.T) (tofu, tf cliKind) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	var candidates []string
	for _, env := range []string{"TF_ACC_TERRAFORM_PATH", "OPENTOFU_PATH", "TERRAFORM_LATEST_PATH"} {
		if p := os.Getenv(env); p != "" {
			candidates = append(candidates, p)
		}
	}
	for _, name := range []string{"tofu", "terraform"} {
		if p, err := exec.LookPath(name); err == nil {
			candidates = append(candidates, p)
		}
	}
	var found []string
	for _, p := range candidates {
		c, err := detectCLI(p)
		if err != nil {
			t.Fatal(err)
		}
		found = append(found, c.String())
		switch {
		case c.openTofu && tofu.path == "":
			tofu = c
		case !c.openTofu && c.has("1.14.0") && tf.path == "":
			tf = c
		}
	}
	if tofu.path == "" || tf.path == "" {
		slices.Sort(found)
		t.Skipf("the OpenTofu pipeline needs OpenTofu and Terraform 1.14 or later (found: %s); make testacc-opentofu runs it",
			strings.Join(slices.Compact(found), ", "))
	}
	return tofu, tf
}

// exampleModule is a working directory holding one root module of an example, without its
// backend.tf (the local backend instead), with this provider reattached for the CLI.
func exampleModule(t *testing.T, cli cliKind, dir string) *terraformCLI {
	t.Helper()
	c := newTerraformCLI(t, cli.path, "")
	c.write("main.tf", "") // the example's versions.tf has the terraform block
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no example in %s: %v", dir, err)
	}
	for _, f := range files {
		if filepath.Base(f) == "backend.tf" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c.write(filepath.Base(f), string(b))
	}
	return c
}

func readJSONFile(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

type additionKey struct{ agreement, item int }

// activeAdditions is the active quantity of each catalog item on each agreement.
func activeAdditions(srv *simulator.Server) map[additionKey]float64 {
	out := map[additionKey]float64{}
	for _, a := range srv.Sim.Store().List("additions") {
		if a["agreementStatus"] != "Active" {
			continue
		}
		product, _ := a["product"].(map[string]any)
		out[additionKey{agreement: simulator.Int(a["agreementId"]), item: simulator.Int(product["id"])}] += a["quantity"].(float64)
	}
	return out
}

// resolveDuplicateAdditions ends every active addition but the first of an item on an
// agreement, as the conflict warning asks a person to.
func resolveDuplicateAdditions(t *testing.T, srv *simulator.Server) {
	t.Helper()
	seen := map[additionKey]bool{}
	ended := time.Now().UTC().AddDate(0, -2, 0).Format("2006-01-02") + "T00:00:00Z"
	for _, a := range srv.Sim.Store().List("additions") {
		product, _ := a["product"].(map[string]any)
		key := additionKey{agreement: simulator.Int(a["agreementId"]), item: simulator.Int(product["id"])}
		if a["agreementStatus"] != "Active" {
			continue
		}
		if !seen[key] {
			seen[key] = true
			continue
		}
		if err := srv.Sim.Store().Update("additions", simulator.Int(a["id"]), map[string]any{"cancelledDate": ended, "agreementStatus": "Cancelled"}); err != nil {
			t.Fatal(err)
		}
	}
}
