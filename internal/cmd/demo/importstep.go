package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// importCompanies is the vendor console's "Import companies" step. On Terraform 1.14 and
// later it is the real `terraform query -generate-config-out=mappings.tf` over
// customers.tfquery.hcl, followed by the review a person does; the result must be the
// committed mappings.tf, which customers.tf lists. Older Terraform has no query: the
// committed mappings.tf is used as it is.
func (d *demo) importCompanies() error {
	if d.openTofu {
		step("Import companies: OpenTofu has no query (list resources), so the committed mappings.tf is used")
		fmt.Println("With Terraform 1.14 and later, `terraform query -generate-config-out=mappings.tf` writes one resource and")
		fmt.Println("import block per candidate (customers.tfquery.hcl, which OpenTofu does not read); mappings.tf is that file,")
		fmt.Println("reviewed. Here the first apply creates them.")
		return nil
	}
	if !d.actions {
		step("Import companies: terraform query needs Terraform 1.14, so the committed mappings.tf is used")
		fmt.Println("On Terraform 1.14 and later, `terraform query -generate-config-out=mappings.tf` lists the active clients in")
		fmt.Println("organizations.json with their active managed services agreements (customers.tfquery.hcl) and writes one")
		fmt.Println("resource and import block per candidate; mappings.tf is that file, reviewed. Here the first apply creates them.")
		return nil
	}
	step("Import companies: terraform query -generate-config-out=mappings.tf (customers.tfquery.hcl)")
	// The query runs in a directory of its own, with the provider block and the query only:
	// in the complete example, customers.tf already lists the mappings it is about to write.
	query := d.tf
	query.dir = filepath.Join(d.work, "import")
	if err := os.MkdirAll(query.dir, 0o700); err != nil {
		return err
	}
	for _, f := range []string{"customers.tfquery.hcl", "organizations.json"} {
		b, err := os.ReadFile(filepath.Join(d.tf.dir, f))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(query.dir, f), b, 0o600); err != nil {
			return err
		}
	}
	providerOnly := "terraform {\n  required_providers {\n    connectwise = { source = \"mspkit/connectwise\" }\n  }\n}\n\nprovider \"connectwise\" {}\n"
	if err := os.WriteFile(filepath.Join(query.dir, "main.tf"), []byte(providerOnly), 0o600); err != nil {
		return err
	}
	out, code, err := query.quiet("query", "-no-color", "-generate-config-out=mappings.tf")
	if err != nil {
		return fmt.Errorf("terraform query: %w", err)
	}
	if code != 0 {
		fmt.Print(shown(out))
		return fmt.Errorf("terraform query failed (exit code %d)", code)
	}
	for _, line := range strings.Split(out, "\n") {
		// list.<type>.<name>   <identity>   <display name>
		if fields := strings.Split(line, "   "); strings.HasPrefix(line, "list.") && len(fields) >= 3 {
			fmt.Println("  " + strings.TrimSpace(fields[len(fields)-1]))
		}
	}
	generated, err := os.ReadFile(filepath.Join(query.dir, "mappings.tf"))
	if err != nil {
		return err
	}
	committed, err := os.ReadFile(filepath.Join(d.tf.dir, "mappings.tf"))
	if err != nil {
		return err
	}
	reviewed, dropped := review(string(generated))
	for _, name := range dropped {
		fmt.Printf("A person reviews mappings.tf: deletes %s (a second agreement of a customer already mapped) and its import block\n", name)
	}
	if want, got := resourceNames(string(committed)), resourceNames(reviewed); strings.Join(want, " ") != strings.Join(got, " ") {
		return fmt.Errorf("the reviewed mappings %v are not the committed examples/complete/mappings.tf %v", got, want)
	}
	fmt.Println("The reviewed mappings.tf replaces the committed one; the apply below imports its mappings.")
	return os.WriteFile(filepath.Join(d.tf.dir, "mappings.tf"), []byte(reviewed), 0o600)
}

var (
	generatedBlock = regexp.MustCompile(`(?ms)^(resource|import) .*?^}\n`)
	resourceName   = regexp.MustCompile(`(?m)^resource "[^"]+" "([^"]+)"`)
	importTarget   = regexp.MustCompile(`to\s+= [a-z_]+\.([A-Za-z0-9_]+)`)
	organizationOf = regexp.MustCompile(`organization_id\s+= "([^"]+)"`)
)

// review keeps, of several candidates for one organization, the first (its company's
// lowest agreement ID, as the query orders them) and deletes the others with their import
// blocks: what a person does with the candidates named "agreement 2 of 2".
func review(generated string) (string, []string) {
	seen, drop := map[string]bool{}, map[string]bool{}
	var dropped []string
	for _, block := range generatedBlock.FindAllString(generated, -1) {
		name, org := resourceName.FindStringSubmatch(block), organizationOf.FindStringSubmatch(block)
		if name == nil || org == nil {
			continue
		}
		if seen[org[1]] {
			drop[name[1]] = true
			dropped = append(dropped, name[1])
		}
		seen[org[1]] = true
	}
	return generatedBlock.ReplaceAllStringFunc(generated, func(block string) string {
		name := resourceName.FindStringSubmatch(block)
		if name == nil {
			name = importTarget.FindStringSubmatch(block)
		}
		if name != nil && drop[name[1]] {
			return ""
		}
		return block
	}), dropped
}

func resourceNames(config string) []string {
	var out []string
	for _, m := range resourceName.FindAllStringSubmatch(config, -1) {
		out = append(out, m[1])
	}
	return out
}

// cancelAgreement cancels a mapped customer's agreement in the simulator, as a person
// would in ConnectWise, and shows that the plan warns about that customer and unmaps
// nobody: the mappings are static configuration.
func (d *demo) cancelAgreement() error {
	const agreement, org = 720, "nl-org-1004"
	step("A person cancels agreement %d (organization %s) in ConnectWise", agreement, org)
	if err := d.adminPatch(fmt.Sprintf("/store/agreements/%d", agreement),
		`{"agreementStatus": "Cancelled", "cancelledFlag": true, "dateCancelled": "2026-11-15T00:00:00Z"}`); err != nil {
		return err
	}
	step("Plan after the cancellation: a warning for that customer, and nothing to destroy")
	out, err := d.tf.planEmpty()
	if err != nil {
		return err
	}
	if !strings.Contains(out, fmt.Sprintf("Usage sync skips organization %q", org)) {
		return errors.New("the plan should warn about the customer whose agreement was cancelled")
	}
	return nil
}
