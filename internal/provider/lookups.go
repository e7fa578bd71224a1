package provider

import (
	"context"
	"errors"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/provider/snapshot"
)

// Attributes that name rows of a ConnectWise setup table (company types, subcategories, ...)
// by name or ID, resolved through the provider's snapshot.Lookups.

// resolveLookupAttribute resolves a name-or-ID attribute against a setup table. A value
// ConnectWise does not know, or a name several rows share, becomes an error on the
// attribute listing what is accepted. ok is false on error; row is nil when the value
// is null or unknown.
func resolveLookupAttribute(ctx context.Context, d *providerData, kind snapshot.Kind, value types.String, at path.Path, diags *diag.Diagnostics) (row *connectwise.Lookup, ok bool) {
	if value.IsNull() || value.IsUnknown() {
		return nil, true
	}
	found, err := d.lookups.Resolve(ctx, kind, value.ValueString())
	var lookupErr *snapshot.LookupError
	switch {
	case errors.As(err, &lookupErr):
		summary := "Unknown " + kind.Label
		if lookupErr.Ambiguous {
			summary = "Ambiguous " + kind.Label
		}
		diags.AddAttributeError(at, summary, at.String()+": "+lookupErr.Error())
		return nil, false
	case err != nil:
		addClientError(diags, "reading the "+kind.Label+" list", err)
		return nil, false
	}
	return &found, true
}

// lookupSetAttribute is an optional set of names or IDs of one setup table.
func lookupSetAttribute(description string) schema.SetAttribute {
	return schema.SetAttribute{
		ElementType:         types.StringType,
		Optional:            true,
		MarkdownDescription: description,
		Validators: []validator.Set{
			setvalidator.SizeAtLeast(1),
			setvalidator.ValueStringsAre(lookupName.validators()...),
		},
	}
}

// resolveLookupSet turns a set of names or IDs into distinct IDs. A name ConnectWise does
// not know becomes an error on that element, listing the names it does know.
func resolveLookupSet(ctx context.Context, d *providerData, kind snapshot.Kind, attribute string, set types.Set, diags *diag.Diagnostics) ([]int, bool) {
	if set.IsNull() || set.IsUnknown() {
		return nil, true
	}
	var values []string
	diags.Append(set.ElementsAs(ctx, &values, false)...)
	if diags.HasError() {
		return nil, false
	}
	ids, err := d.lookups.ResolveAll(ctx, kind, values)
	var lookupErr *snapshot.LookupError
	switch {
	case errors.As(err, &lookupErr):
		// On the attribute: the list resource passes its lists here as sets.
		diags.AddAttributeError(path.Root(attribute), "Unknown "+kind.Label, attribute+": "+lookupErr.Error())
		return nil, false
	case err != nil:
		addClientError(diags, "reading the "+kind.Label+" list", err)
		return nil, false
	}
	slices.Sort(ids)
	return slices.Compact(ids), true
}
