package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/numbervalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

var (
	_ datasource.DataSourceWithConfigure        = (*agreementDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*agreementDataSource)(nil)
)

func newAgreementDataSource() datasource.DataSource { return &agreementDataSource{} }

type agreementDataSource struct {
	dataSourceData
}

type agreementDataSourceModel struct {
	agreementObject
	Statuses types.Set `tfsdk:"statuses"`
}

func (d *agreementDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_agreement"
}

func (d *agreementDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	notWithID := []path.Expression{path.MatchRoot("id")}
	attrs := agreementObjectAttributes()
	attrs["id"] = schema.NumberAttribute{Optional: true, Computed: true,
		Validators: agreementIDRule.validators(),
		MarkdownDescription: "Agreement record ID to read, whatever its status (so a cancelled agreement shows as such). " +
			"Set exactly one of `id` and `name`."}
	attrs["name"] = schema.StringAttribute{Optional: true, Computed: true, Validators: agreementNameFilter.validators(),
		MarkdownDescription: "Exact agreement name to find, ignoring case (at most 100 characters); narrow with `company_id` and `statuses`. " +
			"When you search by name it keeps the text you wrote."}
	attrs["company_id"] = schema.NumberAttribute{Optional: true, Computed: true,
		Validators:          append(recordID("company", 250).validators(), numbervalidator.ConflictsWith(notWithID...)),
		MarkdownDescription: "With `name`: only agreements of this company. Otherwise the ID of the agreement's company."}
	attrs["statuses"] = agreementStatusesAttribute(" Only with `name`: a read by `id` returns the agreement whatever its status.",
		setvalidator.ConflictsWith(notWithID...))
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one ConnectWise agreement, by ID or by exact name (optionally within one company). " +
			"A search by name finds only `Active` agreements unless `statuses` says otherwise, and fails when nothing " +
			"or more than one agreement matches.",
		Attributes: attrs,
	}
}

func (d *agreementDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *agreementDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	m, ok := readDataSourceConfig[agreementDataSourceModel](ctx, d.data, req, resp)
	if !ok {
		return
	}
	one := oneRecord[connectwise.Agreement]{
		noun: "agreement", notFound: "Agreement not found", several: "Several agreements match",
		get: d.data.agreements.Get, list: d.data.client.Agreements.All,
		missing: func(id int64) string {
			return fmt.Sprintf("%s. %s", notVisible(fmt.Sprintf("agreement %d", id)), visibilityHint)
		},
	}
	if !m.ID.IsNull() {
		a, ok := one.byID(ctx, &resp.Diagnostics, m.ID, fmt.Sprintf("reading agreement %d", numberInt64(m.ID)))
		if !ok {
			return
		}
		m.agreementObject = newAgreementObject(a)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		return
	}

	statuses := stringSetValues(ctx, m.Statuses, defaultAgreementStatuses, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	conds := []connectwise.Condition{connectwise.Field("name").Eq(connectwise.String(m.Name.ValueString()))}
	search := quotedFilter("name", m.Name)
	if !m.CompanyID.IsNull() {
		conds = append(conds, connectwise.Field("company/id").Eq(connectwise.Int(int(numberInt64(m.CompanyID)))))
		search = searchDescription(search, fmt.Sprintf("company ID %d", numberInt64(m.CompanyID)))
	}
	// Every status is fetched (names match few agreements), so that "not found" can name
	// the cancelled or expired agreement the user probably meant.
	wantedText := strings.Join(statuses, " or ")
	one.label = func(a connectwise.Agreement) string {
		company := ""
		if a.Company != nil {
			company = fmt.Sprintf(", company %q ID %d", a.Company.Identifier, a.Company.ID)
		}
		return fmt.Sprintf("ID %d (%s%s)", a.ID, a.AgreementStatus, company)
	}
	one.aside = func(a connectwise.Agreement) bool { return !slices.Contains(statuses, a.AgreementStatus) }
	one.asideError = func(search, matches string) (string, string) {
		return "Agreement not found", fmt.Sprintf("No %s agreement with %s is visible to this API member. Agreements with another status match: %s. "+
			"Set statuses to include their status, or read one by id, if you mean one of them.", wantedText, search, matches)
	}
	one.none = func(search string) string {
		return fmt.Sprintf("No %s agreement with %s %s", wantedText, search, noneVisible)
	}
	one.many = func(n int, search, matches string) string {
		return fmt.Sprintf("%d %s agreements match %s: %s. Use id, or narrow the search with company_id or statuses.",
			n, wantedText, search, matches)
	}
	a, ok := one.bySearch(ctx, &resp.Diagnostics, "name", search, connectwise.And(conds...))
	if !ok {
		return
	}
	obj := newAgreementObject(a)
	obj.Name = keepConfigured(m.Name, obj.Name)
	m.agreementObject = obj
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
