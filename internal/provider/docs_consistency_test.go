package provider

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// roleTableMarkdown renders the least-privilege table of docs/index.md from the code's
// list of required permissions (integrationPermissions) and their purposes.
func roleTableMarkdown(t *testing.T) string {
	t.Helper()
	minimal := integrationPermissions(false)
	var b strings.Builder
	b.WriteString("| Permission (as the ConnectWise UI names it) | Level | Why the provider needs it |\n|---|---|---|\n")
	for _, p := range integrationPermissions(true) {
		why, ok := permissionPurposes[p]
		if !ok {
			t.Fatalf("permissionPurposes has no purpose for %s", p)
		}
		if !slices.Contains(minimal, p) {
			why += " (only with `creates_products = true`, the default)"
		}
		fmt.Fprintf(&b, "| %s › %s › %s | All | %s |\n", p.Function.ModuleName, p.Function.FunctionName, p.Level, why)
	}
	return b.String()
}

// The role table in the docs is the code's list: a permission added to
// integrationPermissions without a row in templates/index.md.tmpl (or the reverse) fails
// here, with the table to paste.
func TestIndexRoleTableMatchesTheCode(t *testing.T) {
	b, err := os.ReadFile("../../templates/index.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	start := strings.Index(doc, "| Permission (as the ConnectWise UI names it) |")
	if start < 0 {
		t.Fatal("templates/index.md.tmpl has no role table")
	}
	end := strings.Index(doc[start:], "\n\n")
	if end < 0 {
		t.Fatal("the role table does not end with a blank line")
	}
	got, want := doc[start:start+end+1], roleTableMarkdown(t)
	if got != want {
		t.Errorf("the role table in templates/index.md.tmpl differs from integrationPermissions; replace it with:\n\n%s\ngot:\n\n%s", want, got)
	}
	for _, p := range []connectwise.Permission{{Function: connectwise.ProductCatalog, Level: connectwise.LevelEdit}} {
		if !strings.Contains(got, p.Function.FunctionName+" › "+string(p.Level)) {
			t.Errorf("the table lacks %s", p)
		}
	}
	if len(permissionPurposes) != len(integrationPermissions(true)) {
		t.Errorf("permissionPurposes has %d entries for %d permissions", len(permissionPurposes), len(integrationPermissions(true)))
	}
}

// A nested input the sync needs is declared optional (see syncInputSpec); its description
// must then say it is required in each element, never a bare "Required." that contradicts
// the generated docs' "Optional" heading.
func TestNestedInputsSayRequiredInEachElement(t *testing.T) {
	var walk func(prefix string, spec []inputAttr)
	walk = func(prefix string, spec []inputAttr) {
		for _, a := range spec {
			d := a.description()
			if prefix != "" && strings.Contains(d, "Required") != a.inElement {
				t.Errorf("%s%s: %q", prefix, a.name, d)
			}
			if a.inElement && !strings.HasPrefix(d, requiredInElement) {
				t.Errorf("%s%s should start with %q: %q", prefix, a.name, requiredInElement, d)
			}
			walk(prefix+a.name+".", a.nested)
		}
	}
	walk("", syncInputSpec)
}
