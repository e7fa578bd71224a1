package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// The steps every data source's Read shares: its config, then for the list data sources
// one listing, and for the single-object ones one record found by ID or by a search.

// readDataSourceConfig is the start of a Read: the provider must be configured, and the
// config is read into M.
func readDataSourceConfig[M any](ctx context.Context, data *providerData, req datasource.ReadRequest, resp *datasource.ReadResponse) (M, bool) {
	var m M
	if notConfigured(data, &resp.Diagnostics) {
		return m, false
	}
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	return m, !resp.Diagnostics.HasError()
}

// listRecords is the body of a list data source's Read: it lists what (e.g. "companies")
// with list, logging the request (fields) and the count, and maps each record to its
// object, in the listing's (ID) order, with the IDs beside them.
func listRecords[T, O any](ctx context.Context, diags *diag.Diagnostics, what string, fields map[string]any,
	list func() ([]T, error), id func(T) int, object func(T) O) ([]O, types.List, bool) {
	tflog.Debug(ctx, "listing "+what, fields)
	records, err := list()
	if err != nil {
		addClientError(diags, "listing "+what, err)
		return nil, types.List{}, false
	}
	objects := make([]O, 0, len(records))
	ids := make([]int, 0, len(records))
	for _, r := range records {
		objects = append(objects, object(r))
		ids = append(ids, id(r))
	}
	tflog.Debug(ctx, "listed "+what, map[string]any{"count": len(records)})
	return objects, int64ListOf(ids), true
}

// oneRecord is how a single-object data source (connectwise_agreement,
// connectwise_catalog_item, connectwise_company) finds its record: by ID through the
// provider's snapshot, or by a search that must match exactly one wanted record. The
// checks and their order are shared; each data source brings its calls and its words.
type oneRecord[T any] struct {
	noun     string // "company", in "finding the company with ..."
	notFound string // the summary when nothing matches: "Company not found"
	several  string // the summary when more than one matches: "Several companies match"
	get      func(context.Context, int) (T, error)
	list     func(context.Context, *connectwise.ListOptions) ([]T, error)
	label    func(T) string // one match in a message: `ID 250 (identifier "Acme")`
	// missing is the detail when get finds no record with the ID.
	missing func(id int64) string
	// none is the detail when a search matches nothing; many when it matches n records.
	none func(search string) string
	many func(n int, search, matches string) string
	// aside, when set, tells the matches that are not wanted (a company in the recycle
	// bin, an agreement of another status); asideError reports a search that found only
	// those.
	aside      func(T) bool
	asideError func(search, matches string) (summary, detail string)
}

// byID reads the record with the ID in attribute id; reading names the read in a client
// error, e.g. "reading agreement 5".
func (o oneRecord[T]) byID(ctx context.Context, diags *diag.Diagnostics, id types.Number, reading string) (T, bool) {
	r, err := o.get(ctx, int(numberInt64(id)))
	switch {
	case errors.Is(err, connectwise.ErrNotFound):
		diags.AddAttributeError(path.Root("id"), o.notFound, o.missing(numberInt64(id)))
		return r, false
	case err != nil:
		addClientError(diags, reading, err)
		return r, false
	}
	return r, true
}

// bySearch lists the records that cond matches and picks the one wanted; search describes
// cond in messages (`name "Acme"`), and attribute is where its errors go.
func (o oneRecord[T]) bySearch(ctx context.Context, diags *diag.Diagnostics, attribute, search string, cond connectwise.Condition) (T, bool) {
	found, err := o.list(ctx, &connectwise.ListOptions{Conditions: cond, OrderBy: listOrder})
	if err != nil {
		addClientError(diags, fmt.Sprintf("finding the %s with %s", o.noun, search), err)
		var zero T
		return zero, false
	}
	return o.pick(diags, path.Root(attribute), search, found)
}

// pick is the one wanted record among found, or an error on at that lists what matched.
func (o oneRecord[T]) pick(diags *diag.Diagnostics, at path.Path, search string, found []T) (T, bool) {
	var wanted, aside []T
	for _, r := range found {
		if o.aside != nil && o.aside(r) {
			aside = append(aside, r)
		} else {
			wanted = append(wanted, r)
		}
	}
	var zero T
	switch {
	case len(wanted) == 0 && len(aside) > 0:
		summary, detail := o.asideError(search, describeMatches(aside, o.label))
		diags.AddAttributeError(at, summary, detail)
		return zero, false
	case len(wanted) == 0:
		diags.AddAttributeError(at, o.notFound, o.none(search))
		return zero, false
	case len(wanted) > 1:
		diags.AddAttributeError(at, o.several, o.many(len(wanted), search, describeMatches(wanted, o.label)))
		return zero, false
	}
	return wanted[0], true
}
