package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// The Import companies step end to end on Terraform 1.14+: `terraform query` writes the
// mappings, a person deletes the candidate that does not apply, apply imports the rest and
// the next plan is empty. Then an agreement is cancelled in ConnectWise: the plan warns
// about that customer and destroys nothing, because the mappings are static configuration.
func TestAccCustomerMappingList(t *testing.T) {
	tf := terraformAtLeast(t, "1.14.0")
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 10)})
	fx := insertMappingFixtures(t, srv)
	cli := newTerraformCLI(t, tf, provider)
	cli.write("customers.tfquery.hcl", `
list "connectwise_customer_mapping" "customers" {
  provider         = connectwise
  include_resource = true
  config {
    integration_id   = "NordLayer"
    company_types    = ["Client"]
    company_statuses = ["Active"]
    agreement_types  = ["Managed Services"]
    organizations    = { ACME = "org-acme", BETA = "org-beta" }
  }
}
`)
	cli.run("init", "-input=false", "-no-color")
	out := cli.run("query", "-no-color", "-generate-config-out=mappings.tf")
	t.Logf("terraform query:\n%s", out)
	for _, want := range []string{
		fmt.Sprintf(`Acme Dental (ACME) — agreement %d "Managed Services" → org-acme [agreement 1 of 2`, fx.managed),
		fmt.Sprintf(`Acme Dental (ACME) — agreement %d "Security Bundle" → org-acme [agreement 2 of 2`, fx.security),
		fmt.Sprintf(`Beta Logistics (BETA) — agreement %d "Beta Managed" → org-beta`, fx.betaManaged),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the query output lacks %q", want)
		}
	}
	generated, err := os.ReadFile(filepath.Join(cli.dir, "mappings.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(generated), "\nimport {"); n != 3 {
		t.Fatalf("want 3 import blocks in mappings.tf, got %d:\n%s", n, generated)
	}
	// The query orders Acme's agreements by ID: customers_1 is the Security Bundle.
	reviewed := withoutGenerated(string(generated), "customers_1")
	if strings.Contains(reviewed, "customers_1") || strings.Count(reviewed, "\nimport {") != 2 {
		t.Fatalf("the review left:\n%s", reviewed)
	}
	cli.write("mappings.tf", reviewed)
	t.Logf("mappings.tf after review:\n%s", reviewed)

	out = cli.run("apply", "-auto-approve", "-input=false", "-no-color")
	t.Logf("terraform apply:\n%s", out)
	if !strings.Contains(out, "Resources: 2 imported, 0 added, 0 changed, 0 destroyed") {
		t.Errorf("apply should import the two reviewed mappings:\n%s", out)
	}
	// -detailed-exitcode: exit 2 (changes) fails the run.
	out = cli.run("plan", "-input=false", "-no-color", "-detailed-exitcode")
	if !strings.Contains(out, "No changes.") || strings.Contains(out, "Warning") {
		t.Errorf("the plan after the import should be empty:\n%s", out)
	}

	if err := srv.Sim.Store().Update("agreements", fx.betaManaged, map[string]any{
		"agreementStatus": "Cancelled", "cancelledFlag": true, "dateCancelled": "2026-01-15T00:00:00Z",
	}); err != nil {
		t.Fatal(err)
	}
	out = cli.run("plan", "-input=false", "-no-color", "-detailed-exitcode")
	t.Logf("terraform plan after the agreement was cancelled:\n%s", out)
	if !mappingPhrase(`Warning: Usage sync skips organization "org-beta"`).MatchString(out) ||
		!mappingPhrase(fmt.Sprintf(`agreement %d (Beta Managed) is Cancelled`, fx.betaManaged)).MatchString(out) {
		t.Errorf("the plan should warn about org-beta's cancelled agreement:\n%s", out)
	}
	if strings.Contains(out, "destroy") || !strings.Contains(out, "No changes.") {
		t.Errorf("a cancelled agreement must not unmap the customer:\n%s", out)
	}
}

// withoutGenerated deletes a generated resource block and its import block, as a person
// reviewing the generated file does.
func withoutGenerated(generated, name string) string {
	block := regexp.MustCompile(`(?ms)^(resource "[a-z_]+" "` + name + `"|import \{\n\s+to\s+= [a-z_]+\.` + name + `\n).*?^}\n`)
	return block.ReplaceAllString(generated, "")
}

// An MSP with more customers than Terraform's default query limit (100): without limit the
// query says how many it cut off, and the documented limit generates every candidate. The
// warning about organizations with no candidate names only the company that has none.
func TestAccCustomerMappingListOverLimit(t *testing.T) {
	tf := terraformAtLeast(t, "1.14.0")
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DefaultLookups()})
	st := srv.Sim.Store()
	const customers = 253
	orgs := map[string]string{"NOAGREEMENT": "org-none"}
	for i := 1; i <= customers+1; i++ {
		ident := fmt.Sprintf("C%03d", i)
		id := st.Insert("companies", map[string]any{
			"identifier": ident, "name": "Customer " + ident, "deletedFlag": false,
			"status": map[string]any{"id": 1, "name": "Active"},
			"types":  []any{map[string]any{"id": 1, "name": "Client"}},
		})
		if i > customers {
			ident = "NOAGREEMENT"
			if err := st.Update("companies", id, map[string]any{"identifier": ident, "name": "Customer " + ident}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		orgs[ident] = fmt.Sprintf("org-%03d", i)
		st.Insert("agreements", map[string]any{
			"name": "Managed " + ident, "type": map[string]any{"id": 1, "name": "Managed Services"},
			"company":         map[string]any{"id": id, "identifier": ident, "name": "Customer " + ident},
			"agreementStatus": "Active", "startDate": "2025-01-01T00:00:00Z", "noEndingDateFlag": true,
		})
	}
	var entries []string
	for k, v := range orgs {
		entries = append(entries, fmt.Sprintf("%q = %q", k, v))
	}
	query := func(limit string) string {
		return `
list "connectwise_customer_mapping" "customers" {
  provider         = connectwise
  include_resource = true
  ` + limit + `
  config {
    integration_id   = "NordLayer"
    company_types    = ["Client"]
    company_statuses = ["Active"]
    agreement_types  = ["Managed Services"]
    organizations    = {` + strings.Join(entries, "\n") + `}
  }
}
`
	}
	cli := newTerraformCLI(t, tf, provider)
	cli.run("init", "-input=false", "-no-color")
	for _, tc := range []struct {
		limit  string
		blocks int
		cutOff bool
	}{
		{"", 100, true},                     // Terraform's default
		{"limit = 10000", customers, false}, // the documented setting
	} {
		cli.write("customers.tfquery.hcl", query(tc.limit))
		_ = os.Remove(filepath.Join(cli.dir, "mappings.tf"))
		out := cli.run("query", "-no-color", "-generate-config-out=mappings.tf")
		generated, err := os.ReadFile(filepath.Join(cli.dir, "mappings.tf"))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(generated), "\nimport {"); n != tc.blocks {
			t.Errorf("%q: want %d import blocks, got %d", tc.limit, tc.blocks, n)
		}
		flat := strings.Join(strings.Fields(out), " ")
		cutOff := strings.Contains(flat, fmt.Sprintf("The query found %d candidate mappings and listed 100", customers))
		if cutOff != tc.cutOff {
			t.Errorf("%q: the cut-off warning shown = %v, want %v:\n%s", tc.limit, cutOff, tc.cutOff, out)
		}
		noCandidate := regexp.MustCompile(`no agreement of the chosen types that the usage sync would bill: ([^.]*)\.`).FindStringSubmatch(flat)
		if len(noCandidate) != 2 || noCandidate[1] != "Customer NOAGREEMENT (NOAGREEMENT)" {
			t.Errorf("%q: the no-candidate warning must name only NOAGREEMENT, got %q:\n%s", tc.limit, noCandidate, out)
		}
	}
}
