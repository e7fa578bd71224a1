package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// Shared by the read-only data sources (companies, agreements, catalog items).

// listOrder keeps pages stable while we walk them and gives users results in ID order.
const listOrder = "id asc"

// The filters' bounds are the lengths of the ConnectWise fields they search.
var (
	companyNameFilter        = filterText("company name", 50)
	companyIdentifierFilter  = filterText("company identifier", 30)
	agreementNameFilter      = filterText("agreement name", 100)
	catalogIdentifierFilter  = filterText("catalog item identifier", 75)
	catalogDescriptionFilter = filterText("catalog item description", 60)
)

// containsFilter is the name_contains filter next to an exact name: not both, as an exact
// name already contains itself, and together the two could pass the URL limit.
func containsFilter(rule textRule) []validator.String {
	return append(rule.validators(), stringvalidator.ConflictsWith(path.MatchRoot("name")))
}

// stringSetValues returns the set's strings, or def when the set is null.
func stringSetValues(ctx context.Context, set types.Set, def []string, diags *diag.Diagnostics) []string {
	if set.IsNull() || set.IsUnknown() {
		return def
	}
	var values []string
	diags.Append(set.ElementsAs(ctx, &values, false)...)
	slices.Sort(values)
	return values
}

func int64ListOf(ids []int) types.List {
	elems := make([]attr.Value, len(ids))
	for i, id := range ids {
		elems[i] = types.Int64Value(int64(id))
	}
	return types.ListValueMust(types.Int64Type, elems)
}

func stringListOf(values []string) types.List {
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.StringValue(v)
	}
	return types.ListValueMust(types.StringType, elems)
}

// referenceIDValue and referenceNameValue read an optional reference; absent means null.
func referenceIDValue(r *connectwise.Reference) types.Int64 {
	if r == nil {
		return types.Int64Null()
	}
	return types.Int64Value(int64(r.ID))
}

func referenceIDNumber(r *connectwise.Reference) types.Number {
	if r == nil {
		return types.NumberNull()
	}
	return int64Number(int64(r.ID))
}

func referenceNameValue(r *connectwise.Reference) types.String {
	if r == nil {
		return types.StringNull()
	}
	return types.StringValue(r.Name)
}

func textOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// keepConfigured keeps what the user typed in a search attribute: ConnectWise compares
// text ignoring case, and Terraform expects a configured value back unchanged.
func keepConfigured(configured, found types.String) types.String {
	if !configured.IsNull() && !configured.IsUnknown() {
		return configured
	}
	return found
}

// Computed output attributes, one constructor per type.
func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
}

func computedInt64(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
}

func computedNumber(desc string) schema.NumberAttribute {
	return schema.NumberAttribute{Computed: true, MarkdownDescription: desc}
}

func computedBool(desc string) schema.BoolAttribute {
	return schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
}

func computedIDList(desc string) schema.ListAttribute {
	return schema.ListAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: desc}
}

// describeMatches lists records as "ID 19301 (Acme)" for error messages.
func describeMatches[T any](rows []T, label func(T) string) string {
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = label(r)
	}
	return strings.Join(parts, ", ")
}

// searchDescription renders the filters of a singular lookup for its error messages, e.g.
// `name "Acme" and company ID 19301`.
func searchDescription(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " and ")
}

func quotedFilter(label string, v types.String) string {
	if v.IsNull() || v.IsUnknown() {
		return ""
	}
	return fmt.Sprintf("%s %q", label, v.ValueString())
}
