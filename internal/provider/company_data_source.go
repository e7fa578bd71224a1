package provider

import (
	"context"
	"errors"
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
	data *providerData
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

func (d *companyDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *companyDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if notConfigured(d.data, &resp.Diagnostics) {
		return
	}
	var m companyDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	includeDeleted := m.IncludeDeleted.ValueBool()

	var (
		found     []connectwise.Company
		attribute string
		search    string
	)
	switch {
	case !m.ID.IsNull():
		attribute, search = "id", fmt.Sprintf("id %d", numberInt64(m.ID))
		c, err := d.data.companies.Get(ctx, int(numberInt64(m.ID)))
		switch {
		case errors.Is(err, connectwise.ErrNotFound):
		case err != nil:
			addClientError(&resp.Diagnostics, "reading company "+search, err)
			return
		default:
			found = append(found, c)
		}
	default:
		field, value := "identifier", m.Identifier
		if !m.Name.IsNull() {
			field, value = "name", m.Name
		}
		attribute, search = field, quotedFilter(field, value)
		// Recycle-bin companies are fetched too, so that "not found" can say where it is.
		var err error
		found, err = d.data.client.Companies.All(ctx, &connectwise.ListOptions{
			Conditions: connectwise.Field(field).Eq(connectwise.String(value.ValueString())),
			OrderBy:    listOrder,
		})
		if err != nil {
			addClientError(&resp.Diagnostics, "finding the company with "+search, err)
			return
		}
	}

	var live, deleted []connectwise.Company
	for _, c := range found {
		if c.DeletedFlag && !includeDeleted {
			deleted = append(deleted, c)
		} else {
			live = append(live, c)
		}
	}
	label := func(c connectwise.Company) string { return fmt.Sprintf("ID %d (identifier %q)", c.ID, c.Identifier) }
	at := path.Root(attribute)
	switch {
	case len(live) == 0 && len(deleted) > 0:
		resp.Diagnostics.AddAttributeError(at, "Company is in the recycle bin",
			fmt.Sprintf("The company with %s is in the ConnectWise recycle bin: %s. Set include_deleted = true to read it anyway, "+
				"or restore it in ConnectWise.", search, describeMatches(deleted, label)))
		return
	case len(live) == 0 && !m.ID.IsNull():
		resp.Diagnostics.AddAttributeError(at, "Company not found",
			fmt.Sprintf("%s. %s", notVisible(fmt.Sprintf("company %d", numberInt64(m.ID))), visibilityHint))
		return
	case len(live) == 0:
		resp.Diagnostics.AddAttributeError(at, "Company not found", fmt.Sprintf("No company with %s %s", search, noneVisible))
		return
	case len(live) > 1:
		resp.Diagnostics.AddAttributeError(at, "Several companies match",
			fmt.Sprintf("%d companies match %s: %s. Use id or identifier to pick one.", len(live), search, describeMatches(live, label)))
		return
	}

	obj := newCompanyObject(live[0])
	obj.Identifier = keepConfigured(m.Identifier, obj.Identifier)
	obj.Name = keepConfigured(m.Name, obj.Name)
	m.companyObject = obj
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
