package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

var (
	_ datasource.DataSourceWithConfigure        = (*companyDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*companyDataSource)(nil)
)

func newCompanyDataSource() datasource.DataSource { return &companyDataSource{} }

type companyDataSource struct {
	dataSourceData
}

type companyDataSourceModel struct {
	companyObject
	IncludeDeleted types.Bool `tfsdk:"include_deleted"`
}

func (d *companyDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_company"
}

func (d *companyDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := companyObjectAttributes()
	attrs["id"] = schema.NumberAttribute{Optional: true, Computed: true,
		Validators:          recordID("company", 250).validators(),
		MarkdownDescription: "Company record ID to read. Set exactly one of `id`, `identifier` and `name`."}
	attrs["identifier"] = schema.StringAttribute{Optional: true, Computed: true, Validators: companyIdentifierFilter.validators(),
		MarkdownDescription: "Company identifier (*Company ID* in ConnectWise) to find, ignoring case (at most 30 characters). " +
			"When you search by identifier it keeps the text you wrote."}
	attrs["name"] = schema.StringAttribute{Optional: true, Computed: true, Validators: companyNameFilter.validators(),
		MarkdownDescription: "Exact company name to find, ignoring case (at most 50 characters). Names are not unique: when several " +
			"companies share it the read fails and lists them. When you search by name it keeps the text you wrote."}
	attrs["include_deleted"] = schema.BoolAttribute{Optional: true,
		MarkdownDescription: "Also find a company in the recycle bin. Defaults to `false`: such a company is reported as not found."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one ConnectWise company by ID, identifier or exact name, e.g. to feed " +
			"`connectwise_customer_mapping.company_id`. Fails when nothing or more than one company matches.",
		Attributes: attrs,
	}
}

func (d *companyDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("identifier"), path.MatchRoot("name")),
	}
}

func (d *companyDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	m, ok := readDataSourceConfig[companyDataSourceModel](ctx, d.data, req, resp)
	if !ok {
		return
	}
	one := oneRecord[connectwise.Company]{
		noun: "company", notFound: "Company not found", several: "Several companies match",
		get: d.data.companies.Get, list: d.data.client.Companies.All,
		label: func(c connectwise.Company) string { return fmt.Sprintf("ID %d (identifier %q)", c.ID, c.Identifier) },
		missing: func(id int64) string {
			return fmt.Sprintf("%s. %s", notVisible(fmt.Sprintf("company %d", id)), visibilityHint)
		},
		none: func(search string) string { return fmt.Sprintf("No company with %s %s", search, noneVisible) },
		many: func(n int, search, matches string) string {
			return fmt.Sprintf("%d companies match %s: %s. Use id or identifier to pick one.", n, search, matches)
		},
		aside: func(c connectwise.Company) bool { return c.DeletedFlag && !m.IncludeDeleted.ValueBool() },
		asideError: func(search, matches string) (string, string) {
			return "Company is in the recycle bin", fmt.Sprintf("The company with %s is in the ConnectWise recycle bin: %s. "+
				"Set include_deleted = true to read it anyway, or restore it in ConnectWise.", search, matches)
		},
	}
	var c connectwise.Company
	if !m.ID.IsNull() {
		search := fmt.Sprintf("id %d", numberInt64(m.ID))
		if c, ok = one.byID(ctx, &resp.Diagnostics, m.ID, "reading company "+search); ok {
			c, ok = one.pick(&resp.Diagnostics, path.Root("id"), search, []connectwise.Company{c})
		}
	} else {
		field, value := "identifier", m.Identifier
		if !m.Name.IsNull() {
			field, value = "name", m.Name
		}
		// Recycle-bin companies are fetched too, so that "not found" can say where it is.
		c, ok = one.bySearch(ctx, &resp.Diagnostics, field, quotedFilter(field, value),
			connectwise.Field(field).Eq(connectwise.String(value.ValueString())))
	}
	if !ok {
		return
	}
	obj := newCompanyObject(c)
	obj.Identifier = keepConfigured(m.Identifier, obj.Identifier)
	obj.Name = keepConfigured(m.Name, obj.Name)
	m.companyObject = obj
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
