package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// textRule is the one rule for text a user types: never blank (empty or only whitespace
// means nothing in a name, an identifier or a filter, and ConnectWise refuses or ignores
// it), at most max characters as ConnectWise counts them, and, for text quoted into a
// ConnectWise condition, no control characters. Each attribute declares its rule once and
// the schema validator, the import checks and the sync inputs apply it, so that nothing is
// sent that ConnectWise would refuse.
type textRule struct {
	write string // what to write instead of a blank value: completes "<name> is blank: write ..."
	max   int    // most characters; 0: unbounded
	bound string // why max: completes "<name> is N characters long: ..."
	query bool   // quoted into a ConnectWise condition
	// more is the attribute's own rule: "" when s is accepted, else a clause completing
	// "<name> ...".
	more func(s string) string
}

// storedText is the rule of text ConnectWise stores in a field that holds max characters.
func storedText(write string, maxChars int) textRule {
	return textRule{write: write, max: maxChars, bound: fmt.Sprintf("ConnectWise keeps at most %d", maxChars)}
}

// filterText is the rule of a search on a ConnectWise field that holds max characters: a
// longer text matches nothing, and the bound keeps the query's URL under the length
// ConnectWise accepts (about 2,000 characters).
func filterText(field string, maxChars int) textRule {
	return textRule{write: "the text to search for, or leave it unset", max: maxChars, query: true,
		bound: fmt.Sprintf("at most %d are accepted (a ConnectWise %s holds at most %d, so a longer filter could match nothing)", maxChars, field, maxChars)}
}

// lookupName is the rule of a name or ID of a ConnectWise setup table (types, statuses,
// subcategories...), whose names hold at most 50 characters.
var lookupName = textRule{write: "a name as ConnectWise shows it, or an ID such as \"1\"", max: 50,
	bound: "at most 50 are accepted (ConnectWise's type, status and category names hold at most 50)"}

// connectwiseLength counts characters as ConnectWise does: in UTF-16 units, so that an
// emoji counts as two.
func connectwiseLength(s string) int { return len(utf16.Encode([]rune(s))) }

// problem says what is wrong with s, naming it name, or "" when s is accepted.
func (r textRule) problem(name, s string) string {
	if strings.TrimSpace(s) == "" {
		return fmt.Sprintf("%s is blank: write %s", name, r.write)
	}
	if n := connectwiseLength(s); r.max > 0 && n > r.max {
		return fmt.Sprintf("%s is %d characters long: %s", name, n, r.bound)
	}
	if r.query {
		if _, err := connectwise.StringValue(s); err != nil {
			return name + ": " + strings.TrimPrefix(err.Error(), "connectwise: ")
		}
	}
	if r.more != nil {
		if msg := r.more(s); msg != "" {
			return name + " " + msg
		}
	}
	return ""
}

func (r textRule) validators() []validator.String {
	d := "text that is not blank"
	if r.max > 0 {
		d += fmt.Sprintf(", at most %d characters", r.max)
	}
	return []validator.String{ruleValidator{r, d}}
}

// enumRule is the rule of an enumeration: one of values, spelled as ConnectWise spells
// them. A value that differs only in case gets its spelling back.
type enumRule struct {
	values []string
	unset  string // what leaving it unset means, e.g. "the integration's default"; "" when it must be set
}

func (r enumRule) problem(name, s string) string {
	if slices.Contains(r.values, s) {
		return ""
	}
	for _, v := range r.values {
		if strings.EqualFold(strings.TrimSpace(s), v) {
			return fmt.Sprintf("%s %q is not accepted: write %q", name, s, v)
		}
	}
	msg := fmt.Sprintf("%s %q is not accepted: use one of %s", name, s, quoteEach(r.values))
	if r.unset != "" {
		msg += ", or leave it unset for " + r.unset
	}
	return msg
}

func (r enumRule) validators() []validator.String {
	return []validator.String{ruleValidator{r, "one of " + quoteEach(r.values)}}
}

// stringRule is a textRule or an enumRule: problem says what is wrong with s, naming it
// name, or "" when s is accepted.
type stringRule interface{ problem(name, s string) string }

// checkRule returns the error diagnostic for v at p, or nil (null and unknown are
// accepted: required-ness is checked elsewhere).
func checkRule(r stringRule, p path.Path, v types.String) diag.Diagnostic {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	// An element of a set has no position to show: it is named by its set.
	name, shown := p.String(), p.String()
	if last, _ := p.Steps().LastStep(); last != nil {
		if _, inSet := last.(path.PathStepElementKeyValue); inSet {
			name, shown = p.ParentPath().String(), p.ParentPath().String()
			if _, text := r.(textRule); text {
				name = "a value of " + shown
			}
		}
	}
	if msg := r.problem(name, v.ValueString()); msg != "" {
		return diag.NewAttributeErrorDiagnostic(p, "Invalid "+shown, msg+".")
	}
	return nil
}

// ruleValidator runs a rule as a schema validator.
type ruleValidator struct {
	rule        stringRule
	description string
}

func (v ruleValidator) Description(context.Context) string         { return v.description }
func (v ruleValidator) MarkdownDescription(context.Context) string { return v.description }

func (v ruleValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if d := checkRule(v.rule, req.Path, req.ConfigValue); d != nil {
		resp.Diagnostics.Append(d)
	}
}

func quoteEach(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// splitImportID splits an import ID `<integration_id>/<key>/<number>` from the right: the
// key (an organization ID, a vendor SKU) and the number have no "/", so an integration
// name may have one. ok is false without two separators.
func splitImportID(id string) (integrationID, key, number string, ok bool) {
	last := strings.LastIndex(id, "/")
	if last < 0 {
		return "", "", "", false
	}
	middle := strings.LastIndex(id[:last], "/")
	if middle < 0 {
		return "", "", "", false
	}
	return id[:middle], id[middle+1 : last], id[last+1:], true
}
